import { callHistory, type CallHistory } from "../clients/on-call.js";
import { TrustError } from "../errors.js";
import { summaryJson } from "../json/summary.js";
import { jsonText } from "../json/text.js";
import type { CarryOffer } from "../screen/questions.js";
import { shortId } from "../session/id-format.js";
import { toIsoDate } from "../session/time.js";
import { now } from "../clock.js";
import { paintFor } from "../output.js";
import type { Directory } from "../people/directory.js";
import { fillPlaybook, templateValues } from "../playbook/template.js";
import type { Playbook } from "../playbook/schema.js";
import { callIo } from "../screen/call-io.js";
import { CallScreen } from "../screen/call-screen.js";
import type { SessionRecord } from "../session/model.js";
import { runSession } from "../session/runner.js";
import { replay } from "../session/state.js";
import { renderSummary } from "../session/summary.js";
import { transcript } from "../session/transcript.js";
import type { Store } from "../store/index.js";
import { clientsOf, readableOr } from "../store/client-history.js";
import type { GlobalOptions } from "./options.js";

/** The terminal's call screen, with the colours the options and environment allow. */
export async function openCallScreen(opts: GlobalOptions): Promise<CallScreen> {
  const screen = new CallScreen({ input: process.stdin, output: process.stdout }, await paintFor(process.stdout, opts), now);
  screen.start();
  return screen;
}

/**
 * Runs a session on the call screen (start and resume share this). When the call ends the
 * normal screen gets what was said: the summary when it is complete, else the transcript of
 * the answers so far (after a pause or a failure) above the message saying what happened.
 */
export async function runLive(args: {
  store: Store;
  session: SessionRecord;
  playbook: Playbook;
  opts: GlobalOptions;
  fromStep?: string;
  screen?: CallScreen;
  /** Our people, loaded before the call screen opens, so a bad people file is said on the normal screen. */
  people: Directory;
}): Promise<void> {
  const { store, session, playbook, opts } = args;
  const paint = await paintFor(process.stdout, opts);
  const filled = fillPlaybook(playbook, templateValues(session));
  const said = (width: number) => transcript(filled, session, replay(store.events(session.id)), width, paint);
  const screen = args.screen ?? (await openCallScreen(opts));
  screen.setRecap(() => said(process.stdout.columns || 80));
  // A row of an earlier call trust cannot read (edited by hand) costs the call its history
  // panel, never the call itself: said on the first screen instead.
  let history: CallHistory | undefined;
  try {
    const rows = store.clientHistory(session.client, session.rehearsal);
    history = readableOr(
      store.db,
      () => callHistory(rows, { sessionId: session.id, rehearsal: session.rehearsal, now: now(), client: session.client }),
      clientsOf(rows),
    );
  } catch (err) {
    if (!(err instanceof TrustError)) throw err;
    screen.notice(`The client's history cannot be shown: ${err.message}`);
  }
  screen.setHistory(history);
  try {
    await runSession({
      log: store,
      session,
      playbook,
      io: callIo(screen, { now, owner: session.owner, people: args.people, ...(history ? { carry: carryOffer(store, session, history) } : {}) }),
      clock: now,
      fromStep: args.fromStep,
    });
  } catch (err) {
    screen.stop();
    const lines = said(process.stdout.columns || 80);
    if (lines.length) process.stdout.write([paint.bold("What was said"), ...lines, ""].join("\n") + "\n");
    throw err;
  }
  screen.stop();
  await printSummary(store, session.id, playbook, opts);
}

/** What a commitments question may do with the client's earlier commitments: carry them (the store does), or mark them done. */
function carryOffer(store: Store, session: SessionRecord, history: CallHistory): CarryOffer {
  return {
    candidates: history.carryable,
    settle: history.settle,
    fromEarlierCall: history.fromEarlierCall,
    markDone(id) {
      try {
        store.changeAction(id, { kind: "done", note: `done, as said on the call of ${toIsoDate(new Date(now()))} (session ${shortId(session.id)})` }, now());
        history.settle(id);
        return undefined;
      } catch (err) {
        // Changed since the call began (by `trust actions` elsewhere): said, and the call goes on.
        if (err instanceof TrustError) return err.message;
        throw err;
      }
    },
  };
}

/** The end-of-session summary: answers, gaps, commitments, and how to export it. */
export async function printSummary(store: Store, sessionId: string, playbook: Playbook, opts: GlobalOptions & { json?: boolean }): Promise<void> {
  const session = store.getSession(sessionId)!;
  const state = replay(store.events(sessionId));
  const actions = store.listActions({ sessionId, includeRehearsals: true });
  process.stdout.write(
    opts.json
      ? jsonText(summaryJson(playbook, session, state, actions, toIsoDate(new Date(now()))))
      : renderSummary(playbook, session, state, actions, await paintFor(process.stdout, opts), process.stdout.columns || 80) + "\n",
  );
}
