import { now } from "../clock.js";
import { CheckFailedError, UsageError } from "../errors.js";
import { renderTable } from "../format/table.js";
import { visible, visibleLine } from "../format/visible.js";
import { fitWidth, paintFor } from "../output.js";
import type { Paint } from "../format/paint.js";
import { loadDirectory } from "../people/load-people.js";
import { csvField, type CsvText } from "../report/render-report.js";
import { shortId } from "../session/id-format.js";
import { parseDueDate, toIsoDate } from "../session/time.js";
import type { ActionFilter, ListedAction } from "../store/read.js";
import { isOverdue } from "../session/commitments.js";
import { commitmentJson, type CommitmentJson } from "../json/commitment.js";
import { printJson, printNothing, type Printed } from "./printed.js";
import { readingStore } from "./store-access.js";
import type { ActionFormat, CommandOptions, GlobalOptions } from "./options.js";
import { stdoutTerminal } from "../standard-streams.js";

export type ActionsOptions = CommandOptions<"actions">;

/**
 * `trust actions`: commitments, soonest due first (superseded ones only with --status all). With
 * --fail, exits 3 after printing when any listed commitment is overdue, so a scheduled CI job can flag it.
 */
export async function listActions(opts: ActionsOptions): Promise<Printed> {
  const format = chosenFormat(opts);
  const t = new Date(now());
  const today = toIsoDate(t);
  const filter: ActionFilter = {
    ...statusFilter(opts),
    overdueAsOf: opts.overdue ? today : undefined,
    dueBy: opts.dueWithin === undefined ? undefined : dueWithin(opts.dueWithin, t),
    owner: opts.owner === undefined ? undefined : await ownerNames(opts.owner, opts),
    client: opts.client,
    includeRehearsals: opts.rehearsals ?? false,
  };
  const { list, changes } = await readingStore(opts, (store) => {
    const list = store.listActions(filter);
    return { list, changes: format === "ics" ? store.changeCounts(list) : new Map<string, number>() };
  });
  const overdue = list.filter((a) => isOverdue(a, today)).length;

  const out = await listing(opts, format, list, changes, t);
  if (!opts.fail || overdue === 0) return out;
  return {
    ...out,
    failure: new CheckFailedError(`${overdue} ${overdue === 1 ? "commitment is" : "commitments are"} overdue (due before ${today})`, {
      hint: "Close one with `trust actions done <id> --note ...` once it is done.",
    }),
  };
}

/** The commitments in the format asked for. */
async function listing(opts: ActionsOptions, format: ActionFormat, list: ListedAction[], changes: ReadonlyMap<string, number>, t: Date): Promise<Printed> {
  const today = toIsoDate(t);
  const nothing = opts.overdue ? "Nothing is overdue." : opts.dueWithin ? `Nothing is due within ${opts.dueWithin.trim()}.` : "No commitments match.";
  // A file made of an empty list (a CSV of its header, a calendar without to-dos) is still written
  // whole for the script that asked for it; the person running it is told on stderr why it is empty.
  const empty = list.length === 0 ? { notice: nothing } : {};
  switch (format) {
    case "json":
      return printJson(list.map((a) => commitmentJson(a, today)));
    case "csv":
      return { stdout: renderActionsCsv(list.map((a) => commitmentJson(a, today)), stdoutTerminal().isTTY ? visible : undefined), ...empty };
    case "ics": {
      const people = await loadDirectory(opts);
      const { commitmentsIcs } = await import("../report/commitments-ics.js");
      return { stdout: commitmentsIcs({ actions: list, emailOf: (owner) => people.find(owner)?.email, changes, now: t.getTime() }), ...empty };
    }
    case "table":
      if (list.length === 0) return printNothing(nothing);
      return { stdout: renderActionsTable(list, today, await paintFor(stdoutTerminal(), opts)) + "\n" };
  }
}

function chosenFormat(opts: ActionsOptions): ActionFormat {
  return opts.json ? "json" : (opts.format ?? "table");
}

/**
 * Which states to list: --open, --overdue and --due-within ask for open ones; else --status, by
 * default open and done (cancelled ones with --status cancelled or all, superseded ones only with all).
 */
function statusFilter(opts: ActionsOptions): Pick<ActionFilter, "open" | "statuses" | "includeSuperseded"> {
  const openOnly = opts.open ? "--open" : opts.overdue ? "--overdue" : opts.dueWithin !== undefined ? "--due-within" : undefined;
  if (openOnly) {
    if (opts.status !== undefined && opts.status !== "open") {
      throw new UsageError(`${openOnly} lists open commitments: it cannot be combined with --status ${opts.status}`);
    }
    // --overdue and --due-within say "open" in their own SQL term, which keeps the CI gate on its index.
    return { open: opts.open };
  }
  switch (opts.status) {
    case undefined:
      // A calendar holds what is still to do: one to-do per open commitment.
      return { statuses: opts.format === "ics" ? ["open"] : ["open", "done"] };
    case "all":
      return { includeSuperseded: true };
    default:
      return { statuses: [opts.status] };
  }
}

const WITHIN = /^(\d+) ?(d|days?|w|weeks?)$/;

/** The last due day --due-within takes in (YYYY-MM-DD, local calendar): `7d` is today + 7 days, `2w` + 14. */
function dueWithin(input: string, t: Date): string {
  const m = WITHIN.exec(input.trim().toLowerCase());
  if (!m) {
    throw new UsageError(`--due-within "${input}" is not a span of days or weeks`, {
      hint: "use 7d or 2w: open commitments due from today to that many days or weeks ahead, overdue ones included",
    });
  }
  const days = Number(m[1]) * (m[2]!.startsWith("w") ? 7 : 1);
  const end = Number.isSafeInteger(days) ? parseDueDate(`+${days}d`, t) : undefined;
  // A span, said as one: the limit is a due day's (parseDueDate's ten years), in the words of a span.
  if (end === undefined || (!end.ok && end.tooFar)) {
    throw new UsageError(`--due-within "${input.trim()}" is too long: a span reaches at most ten years ahead`, { hint: "use 7d or 2w, or leave it out to list every open commitment" });
  }
  if (!end.ok) throw new UsageError(`--due-within "${input.trim()}": ${end.message}`);
  return end.date;
}

/** The names an --owner filter matches: the person's name and aliases when the people file knows them. */
async function ownerNames(owner: string, opts: GlobalOptions): Promise<string[]> {
  return (await loadDirectory(opts)).namesFor(owner);
}

function renderActionsTable(list: ListedAction[], today: string, paint: Paint): string {
  const rows = list.map((a) => {
    const late = isOverdue(a, today);
    return [shortId(a.id), a.due, visibleLine(a.owner), visibleLine(a.what), visibleLine(a.client), late ? paint.red("overdue") : a.status];
  });
  return renderTable(["ID", "DUE", "OWNER", "WHAT", "CLIENT", "STATUS"], rows, { bold: paint.bold, columns: fitWidth(stdoutTerminal()), text: [2, 3, 4] });
}

/** The CSV columns: every key of the JSON shape, in its order, in snake_case. */
const CSV_KEYS = [
  "id", "session", "client", "incident", "prompt", "what", "owner", "due", "status", "overdue",
  "createdAt", "doneAt", "doneNote", "cancelledAt", "cancelReason",
] as const satisfies ReadonlyArray<keyof CommitmentJson>;
// A key added to commitmentJson and not here fails the type check.
const _allKeys: [Exclude<keyof CommitmentJson, (typeof CSV_KEYS)[number]>] extends [never] ? true : never = true;
void _allKeys;

/** RFC 4180 with a header row and CRLF line ends; text a spreadsheet would run as a formula is defused as in the report's CSV. */
function renderActionsCsv(rows: CommitmentJson[], shown?: CsvText): string {
  const header = CSV_KEYS.map((k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)).join(",");
  const lines = rows.map((row) => CSV_KEYS.map((k) => csvField(typeof row[k] === "boolean" ? String(row[k]) : row[k], shown)).join(","));
  return [header, ...lines].join("\r\n") + "\r\n";
}
