import type { SessionEventType } from "./model.js";

/**
 * The call clock and the step clocks of a timeline, folded one event at a time. This is the one
 * definition of call time and step time: replay() folds a whole timeline with it, and the store
 * folds each appended event into the state it keeps per session (session_stats), so the report
 * reads the same figures the live screen and the export show.
 *
 * The rules: the call clock starts at the first event; a step's clock runs from its step_started
 * to the next step_started, paused or completed; a resumed restarts the call and the step that
 * was running, and a resumed with no paused before it (the process was killed) treats the gap
 * since the previous event as a pause. A resumed after completed changes nothing. Commitments
 * changed and letters recorded come later, from other commands, and leave the clocks alone.
 *
 * The state is plain JSON-safe data, so it can be stored between appends and read back.
 */

/** What the clocks need to know of an event; a stored event row has all of it. */
export interface ClockEvent {
  type: SessionEventType;
  at: number;
  /** The step of a step_started event (other events' steps are ignored). */
  step?: string | null;
}

export interface Clocks {
  /** Call time of the stretches already stopped. */
  activeMs: number;
  /** Per step, in the order first started: [step id, first started at, ms of its stopped stretches]. */
  steps: Array<[step: string, firstStarted: number, spentMs: number]>;
  /** When the running stretch of the call began, or null while paused, completed or before any event. */
  callSince: number | null;
  /** The step whose clock is running, and since when. */
  running: [step: string, since: number] | null;
  /** The step to restart on the next resumed. */
  pausedStep: string | null;
  /** Time of the last event that counted (action_done does not). */
  prevAt: number | null;
  completed: boolean;
}

/** The clocks with the running stretches stopped at the last event: a timeline's figures as of that event. */
export interface ClockTotals {
  activeMs: number;
  steps: Array<[step: string, firstStarted: number, spentMs: number]>;
  /** Whether the call clock was still running at the last event (not paused, not completed). */
  running: boolean;
  runningStep?: string;
  lastCallAt?: number;
}

/** Clocks before any event. */
export function startClocks(): Clocks {
  return { activeMs: 0, steps: [], callSince: null, running: null, pausedStep: null, prevAt: null, completed: false };
}

/** Events other commands record after the call: they leave the call's clocks alone. */
const AFTER_THE_CALL: ReadonlySet<string> = new Set(["action_done", "action_edited", "action_cancelled", "action_reopened", "letter"]);

/** Advances `c` past one event (events in timeline order); changes and returns `c`. */
export function tickClocks(c: Clocks, e: ClockEvent): Clocks {
  if (AFTER_THE_CALL.has(e.type)) return c;
  if (c.prevAt === null && e.type !== "completed") c.callSince = e.at;
  switch (e.type) {
    case "step_started": {
      const step = e.step ?? "";
      stopStep(c, e.at);
      c.running = [step, e.at];
      if (!c.steps.some(([id]) => id === step)) c.steps.push([step, e.at, 0]);
      break;
    }
    case "paused":
      stopCall(c, e.at);
      c.pausedStep = c.running?.[0] ?? null;
      stopStep(c, e.at);
      break;
    case "resumed": {
      if (c.completed) break;
      if (c.callSince !== null) {
        // Killed without a pause: the call stopped at the event before this one.
        const stoppedAt = c.prevAt ?? e.at;
        stopCall(c, stoppedAt);
        c.pausedStep = c.running?.[0] ?? null;
        stopStep(c, stoppedAt);
      }
      c.callSince = e.at;
      if (c.pausedStep !== null) c.running = [c.pausedStep, e.at];
      c.pausedStep = null;
      break;
    }
    case "completed":
      c.completed = true;
      stopCall(c, e.at);
      stopStep(c, e.at);
      c.pausedStep = null;
      break;
    default:
      break;
  }
  c.prevAt = e.at;
  return c;
}

/** The figures of `c` with its running clocks stopped at the last event; `c` is left as it was. */
export function clockTotals(c: Clocks): ClockTotals {
  const totals: ClockTotals = { activeMs: c.activeMs, steps: c.steps.map(([id, first, spent]) => [id, first, spent]), running: c.callSince !== null };
  if (c.running) totals.runningStep = c.running[0];
  if (c.prevAt === null) return totals;
  totals.lastCallAt = c.prevAt;
  if (c.callSince !== null) totals.activeMs += Math.max(0, c.prevAt - c.callSince);
  if (c.running) addToStep(totals.steps, c.running[0], Math.max(0, c.prevAt - c.running[1]));
  return totals;
}

function stopCall(c: Clocks, at: number): void {
  if (c.callSince === null) return;
  c.activeMs += Math.max(0, at - c.callSince);
  c.callSince = null;
}

function stopStep(c: Clocks, at: number): void {
  if (!c.running) return;
  addToStep(c.steps, c.running[0], Math.max(0, at - c.running[1]));
  c.running = null;
}

// A playbook has about ten steps: a scan of a small array is cheaper than a Map, and stays JSON.
function addToStep(steps: Clocks["steps"], id: string, ms: number): void {
  for (const entry of steps) {
    if (entry[0] === id) {
      entry[2] += ms;
      return;
    }
  }
}
