import { now } from "../clock.js";
import { UsageError } from "../errors.js";
import { visibleLine } from "../format/visible.js";
import { paintFor, warn } from "../output.js";
import { loadDirectory } from "../people/load-people.js";
import type { ActionChange } from "../session/commitments.js";
import { shortId } from "../session/id-format.js";
import { parseDueDate, toIsoDate } from "../session/time.js";
import type { ListedAction } from "../store/read.js";
import { commitmentJson } from "../json/commitment.js";
import type { CommandName, CommandOptions, GlobalOptions } from "./options.js";
import { writingStore } from "./store-access.js";

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
export async function actionDone(opts: ActionDoneOptions): Promise<void> {
  const { action, today, paint } = await change(opts, { kind: "done", note: opts.note });
  if (!opts.json) {
    const late = action.due < today ? ` (${paint.yellow(`was due ${action.due}`)})` : "";
    confirm(paint.green("✔"), "Done", `${describe(action)}${late}`, action, paint);
  }
}

/** `trust actions edit <id>`: a new what, owner or due date; the owner as the people file names them. */
export async function actionEdit(opts: ActionEditOptions): Promise<void> {
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
  let warning: string | undefined;
  if (opts.owner !== undefined) {
    if (opts.owner.trim() === "") throw new UsageError("--owner needs a name: every commitment has one person who owns it");
    const checked = (await loadDirectory(opts)).checkOwner(opts.owner);
    owner = checked.name;
    if (!checked.ok) {
      if (opts.strict) throw new UsageError(`--owner ${checked.warning}; nothing was changed`, { hint: "Give a person the people file knows, or leave out --strict." });
      warning = checked.warning;
    }
  }
  const { action, paint } = await change(opts, { kind: "edit", what, owner, due });
  if (warning) warn([warning]);
  if (!opts.json) confirm(paint.green("✔"), "Edited", `${describe(action)}, due ${action.due}`, action, paint);
}

/** `trust actions cancel <id> --reason TEXT`: it will not be done, and why. */
export async function actionCancel(opts: ActionCancelOptions): Promise<void> {
  const reason = opts.reason?.trim() ?? "";
  if (reason === "") throw new UsageError("--reason is needed: say why the commitment will not be kept");
  const { action, paint } = await change(opts, { kind: "cancel", reason });
  if (!opts.json) confirm(paint.yellow("✖"), "Cancelled", `${describe(action)}: ${visibleLine(reason)}`, action, paint);
}

/** `trust actions reopen <id>`: a done or cancelled commitment is open again. */
export async function actionReopen(opts: ActionReopenOptions): Promise<void> {
  const { action, today, paint } = await change(opts, { kind: "reopen", note: opts.note });
  if (!opts.json) {
    const late = action.due < today ? ` (${paint.red(`overdue since ${action.due}`)})` : `, due ${action.due}`;
    confirm(paint.green("↺"), "Reopened", `${describe(action)}${late}`, action, paint);
  }
}

/** Makes the change in the store, prints the action as JSON when asked, and hands it back for the confirmation line. */
async function change(opts: GlobalOptions & { action: string; json?: boolean | undefined }, made: ActionChange) {
  const at = now();
  const action = await writingStore(opts, (store) => store.changeAction(opts.action, made, at));
  const today = toIsoDate(new Date(at));
  if (opts.json) process.stdout.write(JSON.stringify(commitmentJson(action, today), null, 2) + "\n");
  return { action, today, paint: paintFor(process.stdout, opts) };
}

/** What, owner and client, on one line whatever was typed into them. */
function describe(a: ListedAction): string {
  return `${visibleLine(a.what)}, ${visibleLine(a.owner)}, ${visibleLine(a.client)}`;
}

function confirm(mark: string, verb: string, text: string, a: ListedAction, paint: ReturnType<typeof paintFor>): void {
  process.stdout.write(`${mark} ${verb}: ${text} ${paint.dim(shortId(a.id))}\n`);
}
