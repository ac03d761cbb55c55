import { TrustError } from "../errors.js";
import { sha256Hex } from "../hashes.js";
import type { SessionEvent } from "../session/model.js";
import { toEvent, toSession } from "./rows.js";
import { compareEvents, type TimelineEvent, type TimelineSession, type TimelineSnapshot } from "./timeline.js";

/**
 * The checks a timeline from elsewhere passes before it is merged (Store.merge): another file or
 * the team's server is input like an answers file, so every row is read as trust reads its own
 * rows and every event checked as a live answer is. `from` names where it came from in messages.
 */

const ID = /^[0-9a-f]{32}$/;

export function checkSnapshot(snapshot: TimelineSnapshot, from: string): void {
  if (typeof snapshot.source !== "string" || sha256Hex(snapshot.source) !== snapshot.hash) {
    throw new TrustError(`${from} holds a playbook snapshot whose text does not match its hash ${String(snapshot.hash).slice(0, 12)}`, undefined, {
      hint: "Nothing from it was merged. It was changed by something other than trust.",
    });
  }
}

/** A session's first row, checked as a row of this file would be. */
export function checkSession(session: TimelineSession, from: string): TimelineSession {
  if (!ID.test(String(session.id))) throw new TrustError(`${from} holds a session whose id is not 32 hex characters: ${String(session.id).slice(0, 40)}`);
  const row = { ...session, pk: 0, playbook_id: session.playbookId, playbook_version: session.playbookVersion, playbook_hash: session.playbookHash };
  toSession({ ...row, status: "in_progress", started_at: session.startedAt, updated_at: session.startedAt, completed_at: null }, from);
  return session;
}

/** An event as a session timeline holds it, checked (the row, then the event's own shape). */
export function readEvent(event: TimelineEvent, from: string, check: (e: SessionEvent) => SessionEvent): SessionEvent {
  if (!ID.test(String(event.origin)) || !Number.isSafeInteger(event.seq) || event.seq <= 0) {
    throw new TrustError(`${from} holds an event without a global identity (origin ${String(event.origin).slice(0, 40)}, seq ${String(event.seq)})`);
  }
  const { seq: _seq, at: _at, ...read } = toEvent({ id: event.seq, at: event.at, type: event.type, step: event.step, prompt: event.prompt, data: event.data }, from);
  return check(read as SessionEvent);
}

/**
 * How the new events of one session join those it holds: appended after them when every new one
 * comes later in the order every file gives them (compareEvents), or else the whole timeline put
 * back in that order and applied again, so files that merged the same events agree.
 */
export function mergePlan(last: Pick<TimelineEvent, "at" | "origin" | "seq"> | undefined, fresh: readonly TimelineEvent[]): "append" | "rebuild" {
  if (last === undefined || fresh.length === 0) return "append";
  return compareEvents(fresh[0]!, last) > 0 ? "append" : "rebuild";
}
