import type { Playbook, Prompt, Step } from "../playbook/schema.js";
import { isoTimestamp } from "../report/dates.js";
import { visiblePrompts, visibleSteps } from "../session/engine.js";
import type { SessionRecord, TimedEvent } from "../session/records.js";
import type { AnswerState, SessionState } from "../session/state.js";
import type { ListedAction } from "../store/read.js";
import { commitmentJson } from "./commitment.js";
import { sessionJson } from "./session.js";

/** One answer (or skip) of a prompt shown in the session: each element of `answers` in `trust show --json`. */
export function answerJson(step: Step, prompt: Prompt, a: AnswerState) {
  return {
    step: step.id,
    prompt: prompt.id,
    type: prompt.type,
    message: prompt.message,
    skipped: a.kind === "skipped",
    value: a.kind === "answered" ? a.value : null,
    at: isoTimestamp(a.at),
  };
}

/** A note typed on the call: `step` is null for one taken between steps. */
export function noteJson(n: SessionState["notes"][number]) {
  return { step: n.step ?? null, text: n.text, at: isoTimestamp(n.at) };
}

/** A letter recorded with `trust letter --record`: when, in which format, and the sha256 of the text the timeline holds. */
export function letterJson(e: Extract<TimedEvent, { type: "letter" }>) {
  return { at: isoTimestamp(e.at), format: e.format, sha256: e.sha256 };
}

/** A timeline event as stored: `seq`, `type`, the fields of its type (src/session/records.ts EVENT_FIELDS), `at`. */
export function eventJson(e: TimedEvent) {
  return { ...e, at: isoTimestamp(e.at) };
}

/** `trust show --json`: the session, its answers as the playbook shows them, notes, commitments, letters and whole timeline. */
export function sessionDetailJson(input: {
  session: SessionRecord;
  playbook: Playbook;
  state: SessionState;
  events: readonly TimedEvent[];
  actions: readonly ListedAction[];
  today: string;
}) {
  const { session, state } = input;
  const answers = visibleSteps(input.playbook, state, session).flatMap((step) =>
    visiblePrompts(step, state, session).flatMap((p) => {
      const a = state.answers.get(p.id);
      return a ? [answerJson(step, p, a)] : [];
    }),
  );
  return {
    session: sessionJson(session),
    activeMs: state.activeMs,
    answers,
    notes: state.notes.map(noteJson),
    actions: input.actions.map((a) => commitmentJson(a, input.today)),
    letters: input.events.filter((e): e is Extract<TimedEvent, { type: "letter" }> => e.type === "letter").map(letterJson),
    timeline: input.events.map(eventJson),
  };
}
