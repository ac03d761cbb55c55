import { now } from "../clock.js";
import { NotFoundError, UsageError } from "../errors.js";
import { loadDirectory } from "../people/load-people.js";
import { requireTerminal } from "../screen/tty.js";
import { visibleSteps } from "../session/engine.js";
import { replay } from "../session/state.js";
import { runLive } from "./live.js";
import type { CommandOptions } from "./options.js";
import { writingStore } from "./store-access.js";
import { pushAfterCall } from "../sync/push-after.js";
import { snapshotPlaybook } from "./snapshot.js";
import { shortId } from "../session/id-format.js";

export type ResumeOptions = CommandOptions<"resume"> & { session?: string | undefined };

/** `trust resume`: continues a paused session from its first open prompt, with its own playbook snapshot. */
export async function resume(opts: ResumeOptions): Promise<void> {
  requireTerminal("resume", "answers can only be given interactively when resuming");
  const people = await loadDirectory(opts);
  const absent = { message: "there is no session to resume", hint: "start a call with: trust start (--db or TRUST_DB names another database)" };
  await writingStore(opts, async (store) => {
    const session = opts.session ? store.resolveSession(opts.session) : store.latestUnfinished();
    if (!session) throw new NotFoundError("there is no unfinished session to resume", { hint: "see them all with: trust sessions" });
    const playbook = await snapshotPlaybook(store, session);
    let fromStep: string | undefined;
    if (opts.fromStep) {
      const steps = visibleSteps(playbook, replay(store.events(session.id)), session);
      const byNumber = /^\d+$/.test(opts.fromStep) ? steps[Number(opts.fromStep) - 1] : undefined;
      const step = byNumber ?? steps.find((s) => s.id === opts.fromStep);
      if (!step) {
        throw new UsageError(`--from-step ${opts.fromStep}: no such step in session ${shortId(session.id)}`, {
          hint: `steps: ${steps.map((s, i) => `${i + 1} ${s.id}`).join(", ")}`,
        });
      }
      fromStep = step.id;
    } else if (session.status === "completed") {
      throw new UsageError(`session ${shortId(session.id)} is already completed`, {
        hint: `to change an answer, reopen a step: trust resume ${shortId(session.id)} --from-step <step>`,
      });
    }
    store.append(session.id, { type: "resumed" }, now());
    await runLive({ store, session: store.getSession(session.id)!, playbook, opts, fromStep, people });
  }, { absent });
  await pushAfterCall(opts);
}
