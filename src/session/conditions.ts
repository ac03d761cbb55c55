import { valueWord } from "../playbook/condition-words.js";
import type { When } from "../playbook/schema.js";
import type { AnswerValue, SessionInfo } from "./model.js";
import type { SessionState } from "./state.js";

/**
 * `when` conditions on steps and prompts. A prompt test looks at the latest answered value; a
 * skipped or unanswered prompt satisfies no test at all (not even not_in): an unknown answer
 * should not pull in questions that depend on it.
 */

type Scalar = string | number | boolean;
type Info = Pick<SessionInfo, "severity">;

/** Whether `when` holds for these answers and session fields; no condition always holds. */
export function conditionHolds(when: When | undefined, state: Pick<SessionState, "answers">, info: Info): boolean {
  if (!when) return true;
  const subject = subjectValue(when, state, info);
  if (subject === undefined) return false;
  return testsPass(when, subject);
}

/** The value a condition tests, or undefined when there is none (skipped or unanswered prompt). */
function subjectValue(when: When, state: Pick<SessionState, "answers">, info: Info): AnswerValue | undefined {
  if (when.session === "severity") return info.severity;
  if (when.prompt === undefined) return undefined;
  const answer = state.answers.get(when.prompt);
  return answer?.kind === "answered" ? answer.value : undefined;
}

/** Every test given must pass; with none, having a value is enough. */
function testsPass(when: When, value: AnswerValue): boolean {
  const scalar = isScalar(value) ? value : undefined;
  if (when.equals !== undefined && !(scalar !== undefined && same(scalar, when.equals))) return false;
  if (when.in !== undefined && !(scalar !== undefined && when.in.some((v) => same(scalar, v)))) return false;
  if (when.not_in !== undefined && !(scalar !== undefined && !when.not_in.some((v) => same(scalar, v)))) return false;
  if (when.includes !== undefined && !(Array.isArray(value) && value.some((v) => v === when.includes))) return false;
  if (when.min !== undefined && !(typeof value === "number" && value >= when.min)) return false;
  if (when.max !== undefined && !(typeof value === "number" && value <= when.max)) return false;
  return true;
}

function isScalar(v: AnswerValue): v is Scalar {
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean";
}

// A YAML author writes `equals: 5` for a rating and `equals: "5"` by accident just as often.
function same(a: Scalar, b: Scalar): boolean {
  if (typeof a === typeof b) return a === b;
  if (typeof a === "boolean" || typeof b === "boolean") return false;
  return String(a) === String(b);
}

/** What the tested value actually is, in words: `it is low`, `it was skipped`, `it has no answer`. */
export function describeActual(when: When, state: Pick<SessionState, "answers">, info: Info): string {
  if (when.session === "severity") return `it is ${info.severity}`;
  const answer = when.prompt === undefined ? undefined : state.answers.get(when.prompt);
  if (!answer) return "it has no answer";
  if (answer.kind === "skipped") return "it was skipped";
  const v = answer.value;
  if (Array.isArray(v)) return v.length === 0 ? "nothing was picked" : `it is ${v.map((x) => (typeof x === "string" ? x : x.what)).join(", ")}`;
  return `it is ${valueWord(v)}`;
}
