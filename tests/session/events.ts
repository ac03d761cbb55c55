import type { AnswerValue, SessionEvent, TimedEvent } from "../../src/session/model.js";

/** A timeline from [seconds since start, event] pairs: seq in the given order, `at` in ms. */
export function timeline(...entries: Array<[number, SessionEvent]>): TimedEvent[] {
  return entries.map(([s, e], i) => ({ ...e, seq: i + 1, at: T0 + s * 1000 }));
}

/** An arbitrary start time for timelines. */
export const T0 = Date.UTC(2026, 2, 9, 10, 0, 0);

/** Events for common cases, to keep tables short. */
export const started = (step: string): SessionEvent => ({ type: "step_started", step });
export const answered = (step: string, prompt: string, value: AnswerValue): SessionEvent => ({ type: "answered", step, prompt, value });
export const skippedPrompt = (step: string, prompt: string): SessionEvent => ({ type: "skipped", step, prompt });
export const skippedStep = (step: string): SessionEvent => ({ type: "skipped", step });
export const wentBack = (step: string, to: string): SessionEvent => ({ type: "went_back", step, to });
export const paused: SessionEvent = { type: "paused" };
export const resumed: SessionEvent = { type: "resumed" };
export const completed: SessionEvent = { type: "completed" };
