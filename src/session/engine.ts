import { UsageError } from "../errors.js";
import type { Playbook, Prompt, Step } from "../playbook/schema.js";
import { conditionHolds } from "./conditions.js";
import type { SessionInfo } from "./model.js";
import type { AnswerState, SessionState } from "./state.js";

/**
 * Which step and prompt come next, given a replayed session. Pure: the runner asks, shows what
 * it is told, records events, replays, and asks again.
 *
 * Visibility is decided in playbook order on the answers so far, and an answer to a prompt that
 * is no longer shown (the person went back and changed an earlier answer) no longer counts:
 * neither for later conditions nor as an answer (see effectiveState).
 */

type Info = Pick<SessionInfo, "severity">;

export interface Position {
  step: Step;
  /** 0-based among the steps shown in this session. */
  stepIndex: number;
  stepCount: number;
  /** null: a step with no (shown) prompts, to acknowledge. */
  prompt: Prompt | null;
  /** 0-based among the step's shown prompts (0 when prompt is null). */
  promptIndex: number;
  promptCount: number;
}

/** A step as the walk found it (not the call screen's StepView, src/session/view.ts). */
interface WalkedStep {
  step: Step;
  shown: boolean;
  prompts: Prompt[];
}

/** Walks the playbook once, deciding what is shown; answers of hidden prompts are left out of `answers`. */
function walk(pb: Playbook, state: SessionState, info: Info): { views: WalkedStep[]; answers: Map<string, AnswerState> } {
  const answers = new Map<string, AnswerState>();
  const views = pb.steps.map((step) => {
    const shown = conditionHolds(step.when, { answers }, info);
    const prompts: Prompt[] = [];
    for (const prompt of step.prompts) {
      if (!shown || !conditionHolds(prompt.when, { answers }, info)) continue;
      prompts.push(prompt);
      const answer = state.answers.get(prompt.id);
      if (answer) answers.set(prompt.id, answer);
    }
    return { step, shown, prompts };
  });
  return { views, answers };
}

/** The state with answers to prompts that are not shown (any more) left out. */
export function effectiveState(pb: Playbook, state: SessionState, info: Info): SessionState {
  return { ...state, answers: walk(pb, state, info).answers };
}

/** The steps shown in this session, in playbook order. */
export function visibleSteps(pb: Playbook, state: SessionState, info: Info): Step[] {
  return walk(pb, state, info).views.filter((v) => v.shown).map((v) => v.step);
}

/** The prompts of `step` whose conditions hold for `state` (pass an effectiveState for exactness). */
export function visiblePrompts(step: Step, state: Pick<SessionState, "answers">, info: Info): Prompt[] {
  return step.prompts.filter((p) => conditionHolds(p.when, state, info));
}

/**
 * The first shown prompt, in playbook order, with no answer or skip since its step was last
 * reopened, in a step not skipped whole; a shown step with no shown prompts counts as done once
 * it has a step_started event (after its last reopening). null when nothing is left.
 * `fromStep` starts at that step and treats all its prompts as open (resume --from-step).
 */
export function nextPosition(pb: Playbook, state: SessionState, info: Info, opts: { fromStep?: string } = {}): Position | null {
  const shown = walk(pb, state, info).views.filter((v) => v.shown);
  if (opts.fromStep !== undefined) {
    const at = shown.findIndex((v) => v.step.id === opts.fromStep);
    if (at < 0) throw stepNotShown(pb, opts.fromStep);
    return position(shown, at, 0);
  }
  for (let i = 0; i < shown.length; i++) {
    const { step, prompts } = shown[i]!;
    if (state.skippedSteps.has(step.id)) continue;
    const since = state.reopened.get(step.id) ?? -Infinity;
    if (prompts.length === 0) {
      if ((state.stepStarted.get(step.id) ?? -Infinity) > since) continue;
      return position(shown, i, 0);
    }
    const open = prompts.findIndex((p) => {
      const answer = state.answers.get(p.id);
      return !answer || answer.seq <= since;
    });
    if (open >= 0) return position(shown, i, open);
  }
  return null;
}

function position(shown: WalkedStep[], stepIndex: number, promptIndex: number): Position {
  const { step, prompts } = shown[stepIndex]!;
  return {
    step,
    stepIndex,
    stepCount: shown.length,
    prompt: prompts[promptIndex] ?? null,
    promptIndex,
    promptCount: prompts.length,
  };
}

function stepNotShown(pb: Playbook, id: string): UsageError {
  const ids = pb.steps.map((s) => s.id);
  if (!ids.includes(id)) {
    return new UsageError(`playbook ${pb.id} has no step "${id}"`, { hint: `its steps are: ${ids.join(", ")}` });
  }
  return new UsageError(`step "${id}" is not part of this session: its condition does not hold`);
}

/** The shown step before `currentStepId`, for "go back"; null at the first step. */
export function previousStep(pb: Playbook, state: SessionState, info: Info, currentStepId: string): Step | null {
  const steps = visibleSteps(pb, state, info);
  const i = steps.findIndex((s) => s.id === currentStepId);
  return i > 0 ? steps[i - 1]! : null;
}

/** Shown required prompts with no answer (a skipped one counts as missing), in playbook order. */
export function missingRequired(pb: Playbook, state: SessionState, info: Info): Array<{ step: string; prompt: string }> {
  const { views, answers } = walk(pb, state, info);
  return views.flatMap((v) =>
    v.prompts
      .filter((p) => p.required === true && answers.get(p.id)?.kind !== "answered")
      .map((p) => ({ step: v.step.id, prompt: p.id })),
  );
}
