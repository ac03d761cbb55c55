import type { AnswerValue, TimedEvent } from "./model.js";

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
  const clock = new Clocks(state);

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
      case "completed":
        state.completed = true;
        state.completedAt = e.at;
        break;
      case "action_done":
        state.actionsDone.set(e.action, e.note === undefined ? { at: e.at } : { at: e.at, note: e.note });
        continue; // not part of the call: leaves the clocks alone
      case "paused":
      case "resumed":
        break;
    }
    clock.see(e);
  }
  clock.finish();
  return state;
}

/**
 * Tracks the call clock and the running step's clock while replaying. A `resumed` event with
 * no `paused` before it (the process was killed) treats the gap since the previous event as a pause.
 */
class Clocks {
  private callSince: number | undefined;
  private step: { id: string; since: number } | undefined;
  private pausedStep: string | undefined;
  private prevAt: number | undefined;

  constructor(private readonly state: SessionState) {}

  see(e: TimedEvent): void {
    if (this.prevAt === undefined && e.type !== "completed") this.callSince = e.at;
    switch (e.type) {
      case "step_started": {
        this.stopStep(e.at);
        this.step = { id: e.step, since: e.at };
        const times = this.state.stepTimes.get(e.step);
        if (!times) this.state.stepTimes.set(e.step, { firstStarted: e.at, spentMs: 0 });
        break;
      }
      case "paused":
        this.stopCall(e.at);
        this.pausedStep = this.step?.id;
        this.stopStep(e.at);
        break;
      case "resumed": {
        if (this.state.completed) break;
        const interrupted = this.callSince !== undefined;
        if (interrupted) {
          this.stopCall(this.prevAt ?? e.at);
          this.pausedStep = this.step?.id;
          this.stopStep(this.prevAt ?? e.at);
        }
        this.callSince = e.at;
        if (this.pausedStep !== undefined) this.step = { id: this.pausedStep, since: e.at };
        this.pausedStep = undefined;
        break;
      }
      case "completed":
        this.stopCall(e.at);
        this.stopStep(e.at);
        this.pausedStep = undefined;
        break;
      default:
        break;
    }
    this.prevAt = e.at;
  }

  /** The clocks still running at the end stop at the last call event. */
  finish(): void {
    this.state.lastCallAt = this.prevAt;
    this.state.running = this.callSince !== undefined;
    if (this.step) this.state.runningStep = this.step.id;
    if (this.prevAt === undefined) return;
    this.stopCall(this.prevAt);
    this.stopStep(this.prevAt);
  }

  private stopCall(at: number): void {
    if (this.callSince === undefined) return;
    this.state.activeMs += Math.max(0, at - this.callSince);
    this.callSince = undefined;
  }

  private stopStep(at: number): void {
    if (!this.step) return;
    const times = this.state.stepTimes.get(this.step.id);
    if (times) times.spentMs += Math.max(0, at - this.step.since);
    this.step = undefined;
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
