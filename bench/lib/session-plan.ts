import type { Playbook, Prompt, Step } from "../../src/playbook/schema.js";
import { conditionHolds } from "../../src/session/conditions.js";
import type { SessionEvent, SessionInfo } from "../../src/session/model.js";
import type { AnswerState } from "../../src/session/state.js";
import type { Prng } from "./prng.js";
import { answerFor } from "./values.js";
import { NOTES } from "./vocabulary.js";

/**
 * One session's timeline, planned as the live runner would have written it: step_started for each
 * shown step, answers, skipped prompts (^X) and steps (^K), notes, going back (^B), a pause and a
 * resume, and either `completed` or a call that stopped part-way. Pure: no store, no clock.
 */

export interface TimedPlan {
  event: SessionEvent;
  at: number;
}

export interface PlannedSession {
  info: SessionInfo;
  events: TimedPlan[];
  /** Positions in the final `actions` answer that were later marked done, with when. */
  done: Array<{ position: number; at: number; note?: string }>;
}

export interface PlanContext {
  rng: Prng;
  playbook: Playbook;
  info: SessionInfo;
  owners: readonly string[];
  startedAt: number;
  /** The generator's "now": nothing happens after it. */
  end: number;
}

const SECOND = 1000;
const DAY = 86_400_000;

/** How a session goes, with the odds of each kind of move. */
const ODDS = {
  stopsPartWay: 0.12,
  /** Sessions started in the last few days are still more often unfinished. */
  recentStopsPartWay: 0.5,
  skipStep: 0.5,
  skipPrompt: 0.2,
  skipRestOfStep: 0.25,
  note: 0.02,
  goBack: 0.04,
  pauseAndResume: 0.05,
  /** Commitments whose due date has passed that were done (the rest are overdue). */
  doneWhenDue: 0.7,
  doneEarly: 0.2,
};

/** Prompts the reports are built on are rarely skipped. */
function keyPrompt(prompt: Prompt): boolean {
  return (prompt.type === "rating" && prompt.metric !== undefined) || prompt.type === "actions";
}

/** Plans one session of `ctx.playbook`. */
export function planSession(ctx: PlanContext): PlannedSession {
  const { rng, playbook, info, end } = ctx;
  const events: TimedPlan[] = [];
  const answers = new Map<string, AnswerState>();
  let t = ctx.startedAt;
  let seq = 0;
  const push = (event: SessionEvent, gapSeconds: [number, number] = [5, 90]) => {
    t += rng.int(gapSeconds[0], gapSeconds[1]) * SECOND;
    events.push({ event, at: t });
    if (event.type === "answered") answers.set(event.prompt, { kind: "answered", value: event.value, at: t, seq: ++seq });
    if (event.type === "skipped" && event.prompt) answers.set(event.prompt, { kind: "skipped", at: t, seq: ++seq });
  };
  const valueContext = () => ({
    rng,
    owner: info.owner,
    owners: ctx.owners,
    at: ctx.startedAt,
    trustBefore: metricValue(playbook, answers, "trust_before"),
  });

  const shownSteps = () => playbook.steps.filter((s) => conditionHolds(s.when, { answers }, info));
  const recent = end - ctx.startedAt < 4 * DAY;
  const stops = rng.chance(recent ? ODDS.recentStopsPartWay : ODDS.stopsPartWay);
  // Where an unfinished call stopped: a step index among those shown, and a prompt in it.
  const stopStep = stops ? rng.int(0, Math.max(0, playbook.steps.length - 2)) : Infinity;
  const pauseAt = rng.chance(ODDS.pauseAndResume) ? rng.int(1, playbook.steps.length - 1) : -1;
  let stopped = false;

  events.push({ event: { type: "step_started", step: playbook.steps[0]!.id }, at: t });
  for (let i = 0; !stopped; i++) {
    const steps = shownSteps();
    const step = steps[i];
    if (!step) break;
    if (i > 0) push({ type: "step_started", step: step.id }, [3, 20]);
    if (i === pauseAt) {
      push({ type: "paused" });
      push({ type: "resumed" }, [3600, 3 * 86_400]);
      push({ type: "step_started", step: step.id }, [1, 3]);
    }
    if (i > 0 && rng.chance(ODDS.goBack)) goBack(steps[i - 1]!, step);
    if (step.prompts.length > 0 && rng.chance(ODDS.skipStep) && !step.prompts.some(keyPrompt)) {
      push({ type: "skipped", step: step.id });
      continue;
    }
    const prompts = step.prompts.filter((p) => conditionHolds(p.when, { answers }, info));
    const stopPrompt = i === stopStep ? rng.int(0, prompts.length) : Infinity;
    for (let j = 0; j < step.prompts.length; j++) {
      const prompt = step.prompts[j]!;
      if (!conditionHolds(prompt.when, { answers }, info)) continue;
      if (j >= stopPrompt) {
        if (rng.chance(0.7)) push({ type: "paused" });
        stopped = true;
        break;
      }
      if (!keyPrompt(prompt) && rng.chance(ODDS.skipRestOfStep)) {
        push({ type: "skipped", step: step.id });
        break;
      }
      if (!keyPrompt(prompt) && rng.chance(ODDS.skipPrompt)) push({ type: "skipped", step: step.id, prompt: prompt.id }, [2, 10]);
      else push({ type: "answered", step: step.id, prompt: prompt.id, value: answerFor(prompt, valueContext()) }, [10, 150]);
      if (rng.chance(ODDS.note)) push({ type: "note", step: step.id, text: rng.pick(NOTES) });
    }
    if (i === stopStep && !stopped) {
      stopped = true;
      if (rng.chance(0.7)) push({ type: "paused" });
    }
  }
  if (!stopped) push({ type: "completed" }, [5, 60]);

  // Nothing is ever dated after the generator's "now": a call that would run past it stops there.
  const cut = events.findIndex((e) => e.at > end);
  if (cut >= 0) events.splice(Math.max(cut, 1));

  return { info, events, done: plannedDone(ctx, events) };

  /** ^B at the start of `current`: the previous step is walked again (each prompt kept or changed), then back. */
  function goBack(previous: Step, current: Step): void {
    push({ type: "went_back", step: current.id, to: previous.id }, [2, 10]);
    push({ type: "step_started", step: previous.id }, [1, 3]);
    for (const prompt of previous.prompts) {
      if (!conditionHolds(prompt.when, { answers }, info)) continue;
      const before = answers.get(prompt.id);
      const keep = before?.kind === "answered" && rng.chance(0.6);
      push({ type: "answered", step: previous.id, prompt: prompt.id, value: keep ? before.value : answerFor(prompt, valueContext()) }, [3, 60]);
    }
    push({ type: "step_started", step: current.id }, [1, 3]);
  }
}

/** Which commitments of the last `actions` answer get done, and when: never after `end`. */
function plannedDone(ctx: PlanContext, events: TimedPlan[]): PlannedSession["done"] {
  const { rng, end } = ctx;
  const last = [...events].reverse().find((e) => e.event.type === "answered" && Array.isArray(e.event.value) && typeof e.event.value[0] === "object");
  if (!last || last.event.type !== "answered" || !Array.isArray(last.event.value)) return [];
  const done: PlannedSession["done"] = [];
  const lastAt = events[events.length - 1]!.at;
  last.event.value.forEach((item, position) => {
    if (typeof item !== "object") return;
    const due = Date.parse(`${item.due}T17:00:00Z`);
    const at = due <= end
      ? rng.chance(ODDS.doneWhenDue) ? due + rng.int(-5, 2) * DAY + rng.int(0, 8 * 3600) * SECOND : undefined
      : rng.chance(ODDS.doneEarly) ? lastAt + rng.int(1, 5) * DAY : undefined;
    if (at === undefined) return;
    const when = Math.min(Math.max(at, lastAt + 60 * SECOND), end);
    if (when <= lastAt) return;
    done.push({ position, at: when, ...(rng.chance(0.3) ? { note: "done as agreed" } : {}) });
  });
  return done;
}

function metricValue(pb: Playbook, answers: Map<string, AnswerState>, metric: string): number | undefined {
  for (const step of pb.steps) {
    for (const prompt of step.prompts) {
      if (prompt.type !== "rating" || prompt.metric !== metric) continue;
      const answer = answers.get(prompt.id);
      if (answer?.kind === "answered" && typeof answer.value === "number") return answer.value;
    }
  }
  return undefined;
}
