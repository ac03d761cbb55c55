import type { GlobalOptions } from "../cli.js";
import { now } from "../clock.js";
import { CheckFailedError } from "../errors.js";
import { renderTable } from "../format/table.js";
import { paintFor } from "../output.js";
import { toIsoDate } from "../session/time.js";
import { openStore, resolveDbPath, type ListedAction } from "../store/index.js";
import { shortId } from "../session/model.js";

export interface ActionsOptions extends GlobalOptions {
  open?: boolean;
  overdue?: boolean;
  owner?: string;
  client?: string;
  fail?: boolean;
  rehearsals?: boolean;
  json?: boolean;
}

export interface ActionDoneOptions extends GlobalOptions {
  action: string;
  note?: string;
  json?: boolean;
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

/** Open and due before `today` (YYYY-MM-DD, the user's local calendar day). */
export function isOverdue(a: Pick<ListedAction, "status" | "due">, today: string): boolean {
  return a.status === "open" && a.due < today;
}

/** An action as `--json` prints it; `overdue` is worked out against today's date. */
export function actionJson(a: ListedAction, today: string) {
  return {
    id: a.id,
    session: a.sessionId,
    client: a.client,
    incident: a.incident,
    what: a.what,
    owner: a.owner,
    due: a.due,
    status: a.status,
    overdue: isOverdue(a, today),
    createdAt: iso(a.createdAt),
    doneAt: iso(a.doneAt),
    doneNote: a.doneNote,
  };
}

/**
 * `trust actions`: commitments, soonest due first (superseded ones never). With --fail, exits 3
 * after printing when any listed commitment is overdue, so a scheduled CI job can flag it.
 */
export async function listActions(opts: ActionsOptions): Promise<void> {
  const today = toIsoDate(new Date(now()));
  const store = openStore(resolveDbPath(opts), { readonly: true });
  let list: ListedAction[];
  try {
    list = store.listActions({
      open: opts.open,
      overdueAsOf: opts.overdue ? today : undefined,
      owner: opts.owner,
      client: opts.client,
      includeRehearsals: opts.rehearsals ?? false,
    });
  } finally {
    store.close();
  }
  const overdue = list.filter((a) => isOverdue(a, today)).length;

  if (opts.json) {
    process.stdout.write(JSON.stringify(list.map((a) => actionJson(a, today)), null, 2) + "\n");
  } else if (list.length === 0) {
    process.stderr.write(opts.overdue ? "Nothing is overdue.\n" : "No commitments match.\n");
  } else {
    const paint = paintFor(process.stdout, opts);
    // Status is the last column: renderTable pads every other one, and colour codes would skew the padding.
    const rows = list.map((a) => {
      const late = isOverdue(a, today);
      return [shortId(a.id), a.due, a.owner, a.what, a.client, late ? paint.red("overdue") : a.status];
    });
    process.stdout.write(renderTable(["ID", "DUE", "OWNER", "WHAT", "CLIENT", "STATUS"], rows, { bold: paint.bold }) + "\n");
  }

  if (opts.fail && overdue > 0) {
    throw new CheckFailedError(`${overdue} ${overdue === 1 ? "commitment is" : "commitments are"} overdue (due before ${today})`, {
      hint: "Close one with `trust actions done <id> --note ...` once it is done.",
    });
  }
}

/** `trust actions done <id>`: marks a commitment done; the store also records an action_done event. */
export async function actionDone(opts: ActionDoneOptions): Promise<void> {
  const store = openStore(resolveDbPath(opts));
  let action: ListedAction;
  try {
    action = store.changeAction(opts.action, { kind: "done", note: opts.note }, now());
  } finally {
    store.close();
  }
  const today = toIsoDate(new Date(now()));
  if (opts.json) {
    process.stdout.write(JSON.stringify(actionJson(action, today), null, 2) + "\n");
    return;
  }
  const paint = paintFor(process.stdout, opts);
  const late = action.due < today ? ` (${paint.yellow(`was due ${action.due}`)})` : "";
  process.stdout.write(`${paint.green("✔")} Done: ${action.what}, ${action.owner}, ${action.client}${late} ${paint.dim(shortId(action.id))}\n`);
}
