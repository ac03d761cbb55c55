import { clockTotals, startClocks, tickClocks } from "./clock.js";
import type { ActionItem, AnswerValue, SessionEvent, TimedEvent } from "./model.js";

/**
 * A session's current state, rebuilt by replaying its append-only timeline. Nothing here reads
 * a clock: every time comes from the events, and live elapsed times take `now` as an argument.
 */

/** The latest answered/skipped event for one prompt; `seq` orders it against went_back events. */
export type AnswerState =
  | { kind: "answered"; value: AnswerValue; at: number; seq: number }
  | { kind: "skipped"; at: number; seq: number };

export interface SessionState {
  /** Latest answered/skipped event per prompt id. */
  answers: Map<string, AnswerState>;
  /** Steps skipped whole; a later answer in the step, or going back to it, un-skips it. */
  skippedSteps: Set<string>;
  notes: Array<{ step?: string; text: string; at: number }>;
  /** Time per step between its step_started and the next step_started/paused/completed event. */
  stepTimes: Map<string, { firstStarted: number; spentMs: number }>;
  completed: boolean;
  completedAt?: number;
  startedAt?: number;
  lastAt?: number;
  /** Call time without the paused -> resumed gaps. */
  activeMs: number;
  /**
   * Seq of the latest went_back to each step: its prompts answered before then count as open
   * again, so going back walks the step anew while the old answers stay as defaults.
   */
  reopened: Map<string, number>;
  /** Seq of the latest step_started event per step. */
  stepStarted: Map<string, number>;
  /** The step of the latest step_started event. */
  currentStep?: string;
  /** Whether the call clock was running when the timeline ended (not paused, not completed). */
  running: boolean;
  /** The step whose clock was running when the timeline ended. */
  runningStep?: string;
  /** Time of the last event that belongs to the call (action_done events come later, by other commands). */
  lastCallAt?: number;
  /** Commitments marked done: action id -> when, and the note given. */
  actionsDone: Map<string, { at: number; note?: string }>;
}

/** Rebuilds a session's state from its events (in any order; sorted by seq). */
export function replay(events: TimedEvent[]): SessionState {
  const state: SessionState = {
    answers: new Map(),
    skippedSteps: new Set(),
    notes: [],
    stepTimes: new Map(),
    completed: false,
    activeMs: 0,
    reopened: new Map(),
    stepStarted: new Map(),
    running: false,
    actionsDone: new Map(),
  };
  const clocks = startClocks();

  for (const e of [...events].sort((a, b) => a.seq - b.seq)) {
    state.startedAt ??= e.at;
    state.lastAt = e.at;
    switch (e.type) {
      case "step_started":
        state.stepStarted.set(e.step, e.seq);
        state.currentStep = e.step;
        break;
      case "answered":
        state.answers.set(e.prompt, { kind: "answered", value: e.value, at: e.at, seq: e.seq });
        state.skippedSteps.delete(e.step);
        break;
      case "skipped":
        if (e.prompt === undefined) state.skippedSteps.add(e.step);
        else state.answers.set(e.prompt, { kind: "skipped", at: e.at, seq: e.seq });
        break;
      case "note":
        state.notes.push(e.step === undefined ? { text: e.text, at: e.at } : { step: e.step, text: e.text, at: e.at });
        break;
      case "went_back":
        state.skippedSteps.delete(e.to);
        state.reopened.set(e.to, e.seq);
        break;
      case "kept":
        // Its answers count again as they were before the step was reopened.
        state.reopened.delete(e.step);
        break;
      case "completed":
        state.completed = true;
        state.completedAt = e.at;
        break;
      case "action_done":
        state.actionsDone.set(e.action, e.note === undefined ? { at: e.at } : { at: e.at, note: e.note });
        break;
      case "action_edited":
        editCommitment(state, e);
        break;
      case "paused":
      case "resumed":
        break;
    }
    tickClocks(clocks, e);
  }
  // The clocks still running at the end stop at the last call event.
  const totals = clockTotals(clocks);
  state.activeMs = totals.activeMs;
  for (const [step, firstStarted, spentMs] of totals.steps) state.stepTimes.set(step, { firstStarted, spentMs });
  state.running = totals.running;
  if (totals.runningStep !== undefined) state.runningStep = totals.runningStep;
  if (totals.lastCallAt !== undefined) state.lastCallAt = totals.lastCallAt;
  return state;
}

/**
 * A commitment edited after the call, changed in the answer that holds it too: asked again
 * (resume --from-step), the commitments step shows it as it is now.
 */
function editCommitment(state: SessionState, e: Extract<SessionEvent, { type: "action_edited" }>): void {
  for (const [prompt, answer] of state.answers) {
    if (answer.kind !== "answered" || !Array.isArray(answer.value)) continue;
    const items = answer.value as unknown[];
    const at = items.findIndex((item) => typeof item === "object" && item !== null && (item as ActionItem).id === e.action);
    if (at < 0) continue;
    const { type: _type, action: _action, ...fields } = e;
    const value = items.map((item, i) => (i === at ? { ...(item as ActionItem), ...fields } : item)) as ActionItem[];
    state.answers.set(prompt, { ...answer, value });
    return;
  }
}

/** Call time so far, counting the time since the last event when the clock is still running. */
export function callElapsed(state: SessionState, now: number): number {
  return state.activeMs + (state.running && state.lastCallAt !== undefined ? Math.max(0, now - state.lastCallAt) : 0);
}

/** Time spent on a step so far, counting the time since the last event when it is the running step. */
export function stepElapsed(state: SessionState, stepId: string, now: number): number {
  const spent = state.stepTimes.get(stepId)?.spentMs ?? 0;
  const live = state.running && state.runningStep === stepId && state.lastCallAt !== undefined;
  return spent + (live ? Math.max(0, now - state.lastCallAt!) : 0);
}

/** The answered value of a prompt, or undefined when it was skipped or never answered. */
export function answerOf(state: Pick<SessionState, "answers">, promptId: string): AnswerValue | undefined {
  const a = state.answers.get(promptId);
  return a?.kind === "answered" ? a.value : undefined;
}
