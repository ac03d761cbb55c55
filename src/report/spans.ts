/**
 * Time per step from a session's boundary events, with the clocks of src/session/state.ts: a
 * step's clock runs from its step_started to the next step_started, paused or completed; a
 * resumed restarts the step that was running, and when no paused came before it (the process
 * was killed) the gap since the last event before it counts as a pause. A session's call time
 * is the sum of its spans.
 *
 * The timeline arrives compact, as src/store/report.ts builds it in SQL (one short string per
 * session instead of ~15 rows, because reading rows into JS is what costs at 100,000 sessions):
 * marks joined by RECORD, each a letter, a time in ms since the session started, and a field:
 *   s<t> <step id>   step_started
 *   p<t>             paused
 *   c<t>             completed
 *   r<t> <t0>        resumed at t; t0 is when the event before it happened
 */

export const RECORD = "\x1e";

export interface Spans {
  activeMs: number;
  /** [step id, ms] in the order first started; a step visited twice sums both visits. */
  steps: Array<[step: string, ms: number]>;
}

/** Call time and time per step of one compact timeline. */
export function stepSpans(timeline: string): Spans {
  // A playbook has about ten steps: a linear scan of a small array beats a Map for each of 100,000 sessions.
  const steps: Array<[string, number]> = [];
  const entry = (step: string): [string, number] => {
    for (const e of steps) if (e[0] === step) return e;
    const e: [string, number] = [step, 0];
    steps.push(e);
    return e;
  };
  let activeMs = 0;
  let running: { step: string; since: number } | undefined;
  let pausedStep: string | undefined;
  let last = 0;

  const stop = (at: number) => {
    if (!running) return;
    const ms = Math.max(0, at - running.since);
    entry(running.step)[1] += ms;
    activeMs += ms;
    running = undefined;
  };

  if (timeline === "") return { activeMs, steps };
  for (const mark of timeline.split(RECORD)) {
    const space = mark.indexOf(" ");
    const at = Number(space < 0 ? mark.slice(1) : mark.slice(1, space));
    const field = space < 0 ? "" : mark.slice(space + 1);
    if (!Number.isFinite(at)) continue;
    switch (mark[0]) {
      case "s":
        stop(at);
        running = { step: field, since: at };
        entry(field);
        break;
      case "p":
        pausedStep = running?.step ?? pausedStep;
        stop(at);
        break;
      case "c":
        stop(at);
        pausedStep = undefined;
        break;
      case "r": {
        if (running) {
          // Killed without a pause: the call stopped at the last event before this one.
          const before = Number(field);
          pausedStep = running.step;
          stop(Number.isFinite(before) ? before : at);
        }
        if (pausedStep !== undefined) running = { step: pausedStep, since: at };
        pausedStep = undefined;
        break;
      }
      default:
        break;
    }
    last = at;
  }
  stop(last);
  return { activeMs, steps };
}
