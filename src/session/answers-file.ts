import { describeCondition } from "../playbook/condition-words.js";
import type { PathSegment } from "../playbook/problem.js";
import type { Playbook, When } from "../playbook/schema.js";
import { didYouMean } from "../playbook/suggest.js";
import { conditionHolds, describeActual } from "./conditions.js";
import type { ActionItem, AnswerValue, SessionInfo } from "./model.js";
import { toIsoDate } from "./time.js";
import type { AnswerState } from "./state.js";
import { show, validateAnswer, type Validation } from "./validate.js";

/**
 * Non-interactive runs (`trust start --answers FILE`): the file maps prompt ids to answers. The
 * playbook is walked in order with the live engine's rules (conditions see the answers so far;
 * values pass validateAnswer), and every problem is reported at once, each line starting with
 * the prompt id, so one run of the command shows everything to fix.
 *
 * `null` or "skip" skips a prompt; a missing optional prompt is skipped; a missing required one is
 * a problem, and so is an answer to a prompt the session would not ask. When an answer is
 * invalid, whatever depends on it is neither asked nor flagged, to avoid knock-on problems.
 */

export interface PlannedStep {
  step: string;
  answers: Array<{ prompt: string; value: AnswerValue }>;
  skipped: string[];
}
/**
 * A problem with the file, about one of its keys (a prompt id, or a key that names none) or the
 * whole file; `at`, where inside the key's answer it lies (a commitment, one of its fields), and
 * `atKey` when a field's name is what is wrong.
 */
export interface AnswerProblem {
  key: string | undefined;
  message: string;
  at?: PathSegment[];
  atKey?: boolean;
}
/** `notices`: what is taken but worth saying, each at its key (a day already past, as the call screen says it). */
export type AnswersPlan = { ok: true; steps: PlannedStep[]; notices: AnswerProblem[] } | { ok: false; problems: AnswerProblem[] };

/** A problem as one line: the key it is about, then what is wrong. */
export function answerProblemText(p: AnswerProblem): string {
  return p.key === undefined ? p.message : `${p.key}: ${p.message}`;
}

/** The answers to record, step by step, or every problem with the file's data. */
export function planAnswers(pb: Playbook, data: unknown, info: Pick<SessionInfo, "severity" | "owner">, now: Date): AnswersPlan {
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    return { ok: false, problems: [{ key: undefined, message: `the answers must be a mapping of prompt id to answer, got ${show(data)}` }] };
  }
  const given = data as Record<string, unknown>;
  const problems: AnswerProblem[] = [];
  const answers = new Map<string, AnswerState>();
  // Prompts whose answer is unknown because it was invalid, or whose visibility hangs on one.
  const unsure = new Set<string>();
  const dependsOnUnsure = (when: When | undefined) => when?.prompt !== undefined && unsure.has(when.prompt);
  const steps: PlannedStep[] = [];
  const notices: AnswerProblem[] = [];
  const today = toIsoDate(now);
  let seq = 0;

  for (const step of pb.steps) {
    const stepUnsure = dependsOnUnsure(step.when);
    const stepShown = conditionHolds(step.when, { answers }, info);
    const planned: PlannedStep = { step: step.id, answers: [], skipped: [] };

    for (const prompt of step.prompts) {
      const has = Object.hasOwn(given, prompt.id);
      const raw = given[prompt.id];
      const skip = !has || raw === null || (typeof raw === "string" && raw.trim().toLowerCase() === "skip");
      const maybe = stepUnsure || dependsOnUnsure(prompt.when);
      const shown = stepShown && conditionHolds(prompt.when, { answers }, info);

      if (maybe && !shown) {
        unsure.add(prompt.id);
        // Whether it will be asked is unknown, but a bad value is still worth reporting now.
        if (!skip) {
          const checked = validateAnswer(prompt, raw, { now, owner: info.owner });
          if (!checked.ok) problems.push(...answerProblems(prompt.id, checked));
        }
        continue;
      }
      if (!shown) {
        if (!skip) {
          const when = stepShown ? prompt.when! : step.when!;
          const whose = stepShown ? "it is" : `its step "${step.id}" is`;
          problems.push({
            key: prompt.id,
            message: `not asked, because ${whose} shown only when ${describeCondition(when)} (${describeActual(when, { answers }, info)}): leave it out`,
          });
        }
        continue;
      }
      if (skip) {
        if (prompt.required) {
          problems.push({ key: prompt.id, message: has ? "is required, so it cannot be skipped" : "is required, but the answers have no value for it" });
          unsure.add(prompt.id);
          continue;
        }
        planned.skipped.push(prompt.id);
        answers.set(prompt.id, { kind: "skipped", at: 0, seq: ++seq });
        continue;
      }
      const checked = validateAnswer(prompt, raw, { now, owner: info.owner });
      if (!checked.ok) {
        problems.push(...answerProblems(prompt.id, checked));
        unsure.add(prompt.id);
        continue;
      }
      planned.answers.push({ prompt: prompt.id, value: checked.value });
      notices.push(...pastDays(prompt.type, prompt.id, checked.value, today));
      answers.set(prompt.id, { kind: "answered", value: checked.value, at: 0, seq: ++seq });
    }
    if (stepShown) steps.push(planned);
  }

  problems.push(...unknownKeys(pb, given));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, steps, notices };
}

/** An answer's problems, each at the part of the answer it lies in when it lies in one. */
function answerProblems(key: string, failed: Extract<Validation, { ok: false }>): AnswerProblem[] {
  if (failed.parts === undefined) return [{ key, message: failed.message }];
  return failed.parts.map((p) => ({ key, message: p.message, at: p.at, ...(p.key ? { atKey: true } : {}) }));
}

/** A date answer, or a commitment's due day, before `today`: taken, as on the call, and said. */
function pastDays(type: string, id: string, value: AnswerValue, today: string): AnswerProblem[] {
  if (type === "date" && typeof value === "string" && value < today) return [{ key: id, message: `${value} is already past (today is ${today})` }];
  if (type !== "actions" || !Array.isArray(value)) return [];
  return (value as ActionItem[]).flatMap((item, i) =>
    item.due < today ? [{ key: id, message: `commitment ${i + 1} ("${item.what}") is due ${item.due}, already past (today is ${today})`, at: [i, "due"] }] : [],
  );
}

/** Keys that name no prompt, with a likely meant prompt id. */
function unknownKeys(pb: Playbook, given: Record<string, unknown>): AnswerProblem[] {
  const promptIds = pb.steps.flatMap((s) => s.prompts.map((p) => p.id));
  const known = new Set(promptIds);
  return Object.keys(given)
    .filter((key) => !known.has(key))
    .map((key) => {
      const step = pb.steps.find((s) => s.id === key);
      if (step) {
        const inside = step.prompts.map((p) => p.id);
        return {
          key,
          message: inside.length > 0 ? `is a step, not a prompt: answer its prompts (${inside.join(", ")}) instead` : "is a step with nothing to answer: leave it out",
        };
      }
      return { key, message: `playbook ${pb.id} has no prompt with this id${didYouMean(key, promptIds)}` };
    });
}
