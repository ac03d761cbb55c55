import { now } from "../clock.js";
import { UsageError } from "../errors.js";
import { visibleLine } from "../format/visible.js";
import type { Paint } from "../format/paint.js";
import { paintFor } from "../output.js";
import { loadDirectory } from "../people/load-people.js";
import type { ActionChange } from "../session/commitments.js";
import { shortId } from "../session/id-format.js";
import { parseDueDate, toIsoDate } from "../session/time.js";
import type { ListedAction } from "../store/read.js";
import { commitmentJson } from "../json/commitment.js";
import type { CommandName, CommandOptions, GlobalOptions } from "./options.js";
import { printJson, type Printed } from "./printed.js";
import { writingStore } from "./store-access.js";
import { pushAfterChange } from "../sync/push-after.js";
import { stdoutTerminal } from "../standard-streams.js";

/**
 * `trust actions done|edit|cancel|reopen <id>`: each is one event in the commitment's session
 * timeline, written with the change in one transaction; nothing is deleted. An unknown id exits 4;
 * a change the commitment's state does not allow exits 2 with the reason, and writes nothing.
 */

type ChangeOptions<C extends CommandName> = CommandOptions<C> & { action: string };
export type ActionDoneOptions = ChangeOptions<"actions done">;
export type ActionEditOptions = ChangeOptions<"actions edit">;
export type ActionCancelOptions = ChangeOptions<"actions cancel">;
export type ActionReopenOptions = ChangeOptions<"actions reopen">;

/** `trust actions done <id>`: the commitment was kept. */
export async function actionDone(opts: ActionDoneOptions): Promise<Printed> {
  const made = await change(opts, { kind: "done", note: opts.note });
  const { action, today } = made;
  return changed(opts, made, (paint) => {
    const late = action.due < today ? ` (${paint.yellow(`was due ${action.due}`)})` : "";
    return `${paint.green("✔")} Done: ${describe(action)}${late}`;
  });
}

/** `trust actions edit <id>`: a new what, owner or due date; the owner as the people file names them. */
export async function actionEdit(opts: ActionEditOptions): Promise<Printed> {
  const what = opts.what === undefined ? undefined : opts.what.trim();
  if (what === "") throw new UsageError("--what needs the text of the commitment");
  const t = new Date(now());
  let due: string | undefined;
  if (opts.due !== undefined) {
    const parsed = parseDueDate(opts.due, t);
    if (!parsed.ok) throw new UsageError(`--due ${parsed.message}`);
    due = parsed.date;
  }
  let owner: string | undefined;
  const warnings: string[] = [];
  if (opts.owner !== undefined) {
    if (opts.owner.trim() === "") throw new UsageError("--owner needs a name: every commitment has one person who owns it");
    const checked = (await loadDirectory(opts)).checkOwner(opts.owner);
    owner = checked.name;
    if (!checked.ok) {
      if (opts.strict) throw new UsageError(`--owner ${checked.warning}; nothing was changed`, { hint: "Give a person the people file knows, or leave out --strict." });
      warnings.push(checked.warning);
    }
  }
  // As on the call (src/screen/questions.ts): a day gone by is allowed (recording a date that was
  // agreed late), but said, since the commitment is then overdue from the moment it is saved.
  const today = toIsoDate(t);
  if (due !== undefined && due < today) warnings.push(`--due ${due} is already past (today is ${today}): the commitment is overdue from now on`);
  const made = await change(opts, { kind: "edit", what, owner, due });
  const { action } = made;
  const out = await changed(opts, made, (paint) => `${paint.green("✔")} Edited: ${describe(action)}, due ${action.due}`);
  return { ...out, warnings: [...warnings, ...(out.warnings ?? [])] };
}

/** `trust actions cancel <id> --reason TEXT`: it will not be done, and why. */
export async function actionCancel(opts: ActionCancelOptions): Promise<Printed> {
  const reason = opts.reason?.trim() ?? "";
  if (reason === "") throw new UsageError("--reason is needed: say why the commitment will not be kept");
  const made = await change(opts, { kind: "cancel", reason });
  const { action } = made;
  return changed(opts, made, (paint) => `${paint.yellow("✖")} Cancelled: ${describe(action)}: ${visibleLine(reason)}`);
}

/** `trust actions reopen <id>`: a done or cancelled commitment is open again. */
export async function actionReopen(opts: ActionReopenOptions): Promise<Printed> {
  const made = await change(opts, { kind: "reopen", note: opts.note });
  const { action, today } = made;
  return changed(opts, made, (paint) => {
    const late = action.due < today ? ` (${paint.red(`overdue since ${action.due}`)})` : `, due ${action.due}`;
    return `${paint.green("↺")} Reopened: ${describe(action)}${late}`;
  });
}

/** Makes the change in the store and hands back the commitment as it now is, with the day it was made. */
async function change(opts: GlobalOptions & { action: string }, made: ActionChange) {
  const at = now();
  const absent = { message: "there is no commitment to change", hint: "commitments are made on a call (trust start); --db or TRUST_DB names another database" };
  const action = await writingStore(opts, (store) => store.changeAction(opts.action, made, at), { absent });
  // Saved first; then sent to the team server when there is one (said after the confirmation if not).
  const unpushed = await pushAfterChange(opts);
  return { action, today: toIsoDate(new Date(at)), unpushed };
}

/** The commitment as JSON, or one confirmation line for a person ending with its short id. */
async function changed(
  opts: GlobalOptions & { json?: boolean | undefined },
  { action, today, unpushed }: { action: ListedAction; today: string; unpushed: string | undefined },
  line: (paint: Paint) => string,
): Promise<Printed> {
  const warnings = unpushed === undefined ? undefined : [unpushed];
  if (opts.json) return printJson(commitmentJson(action, today), { warnings });
  const paint = await paintFor(stdoutTerminal(), opts);
  return { stdout: `${line(paint)} ${paint.dim(shortId(action.id))}\n`, warnings };
}

/** What, owner and client, on one line whatever was typed into them. */
function describe(a: ListedAction): string {
  return `${visibleLine(a.what)}, ${visibleLine(a.owner)}, ${visibleLine(a.client)}`;
}
