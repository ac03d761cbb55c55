import type { GlobalOptions } from "../cli.js";
import { now } from "../clock.js";
import { paintFor } from "../output.js";
import type { Playbook } from "../playbook/schema.js";
import { terminalIo } from "../prompts/terminal-io.js";
import type { SessionRecord } from "../session/model.js";
import { runSession } from "../session/runner.js";
import { replay } from "../session/state.js";
import { renderSummary, summaryJson } from "../session/summary.js";
import type { Store } from "../store/index.js";

/** Runs a session on the terminal (start and resume share this), then prints its summary. */
export async function runLive(args: {
  store: Store;
  session: SessionRecord;
  playbook: Playbook;
  opts: GlobalOptions;
  fromStep?: string;
}): Promise<void> {
  const { store, session, playbook, opts } = args;
  const paint = paintFor(process.stdout, opts);
  await runSession({
    log: store,
    session,
    playbook,
    io: terminalIo({ paint, now, owner: session.owner }),
    clock: now,
    fromStep: args.fromStep,
  });
  process.stdout.write("\x1b[2J\x1b[3J\x1b[H");
  printSummary(store, session.id, playbook, opts);
}

/** The end-of-session summary: answers, gaps, commitments, and how to export it. */
export function printSummary(store: Store, sessionId: string, playbook: Playbook, opts: GlobalOptions & { json?: boolean }): void {
  const session = store.getSession(sessionId)!;
  const state = replay(store.events(sessionId));
  const actions = store.listActions({ sessionId, includeRehearsals: true });
  process.stdout.write(
    opts.json
      ? JSON.stringify(summaryJson(playbook, session, state, actions), null, 2) + "\n"
      : renderSummary(playbook, session, state, actions, paintFor(process.stdout, opts)) + "\n",
  );
}
