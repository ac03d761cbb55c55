import { ISO_DAY, isRealDate } from "../calendar/iso-day.js";
import { checkConditions } from "./conditions.js";
import { choiceValue, choiceValues, promptEntries } from "./entries.js";
import type { PathSegment, RuleProblem } from "./problem.js";
import { formatPath } from "./problem.js";
import { BUDGET_PATTERN, type Playbook, type PromptOf } from "./schema.js";
import { suggestOrList } from "./suggest.js";
import { letterProblems, letterWarnings } from "./letter-rules.js";
import { displayTexts, templateFindings } from "./template.js";

/**
 * Checks that need more than one field, run on a playbook whose shape is already valid. Each rule
 * is a small function from the playbook (or one prompt) to `{ path, message }` problems, so it
 * can be tested on its own; the loader turns paths into line:col.
 */

export type Rule = (playbook: Playbook) => RuleProblem[];

/** Step ids are unique: `--from-step` and the timeline name steps by id. */
export const uniqueStepIds: Rule = (playbook) => {
  const seen = new Map<string, number>();
  const problems: RuleProblem[] = [];
  playbook.steps.forEach((step, i) => {
    const first = seen.get(step.id);
    if (first === undefined) seen.set(step.id, i);
    else problems.push({ path: ["steps", i, "id"], message: `step id "${step.id}" is already used by steps[${first}]` });
  });
  return problems;
};

/** Prompt ids are unique across the whole playbook: answers files map prompt id to value, flat. */
export const uniquePromptIds: Rule = (playbook) => {
  const seen = new Map<string, PathSegment[]>();
  const problems: RuleProblem[] = [];
  for (const { prompt, path } of promptEntries(playbook)) {
    const first = seen.get(prompt.id);
    if (first === undefined) seen.set(prompt.id, path);
    else
      problems.push({
        path: [...path, "id"],
        message: `prompt id "${prompt.id}" is already used by ${formatPath(first)} (prompt ids must be unique in the whole playbook)`,
      });
  }
  return problems;
};

/** A rating metric (trust_before, trust_after) appears once per playbook, or reports could not tell the answers apart. */
export const uniqueMetrics: Rule = (playbook) => {
  const seen = new Map<string, PathSegment[]>();
  const problems: RuleProblem[] = [];
  for (const { prompt, path } of promptEntries(playbook)) {
    if (prompt.type !== "rating" || prompt.metric === undefined) continue;
    const first = seen.get(prompt.metric);
    if (first === undefined) seen.set(prompt.metric, path);
    else problems.push({ path: [...path, "metric"], message: `metric "${prompt.metric}" is already measured by ${formatPath(first)} (each metric may appear once per playbook)` });
  }
  return problems;
};

/** Choice values are unique within a prompt: the answer stores the value, so two equal ones could not be told apart. */
export const uniqueChoiceValues: Rule = (playbook) =>
  promptEntries(playbook).flatMap(({ prompt, path }) => {
    if (prompt.type !== "select" && prompt.type !== "checklist") return [];
    const seen = new Set<string>();
    const problems: RuleProblem[] = [];
    prompt.choices.forEach((choice, k) => {
      const value = choiceValue(choice);
      const at: PathSegment[] = typeof choice === "string" ? [...path, "choices", k] : [...path, "choices", k, "value"];
      if (seen.has(value)) problems.push({ path: at, message: `the choice "${value}" appears more than once in this prompt` });
      seen.add(value);
    });
    return problems;
  });

/** A rating's scale runs up (min < max); labels and the default sit on the scale. */
export function ratingProblems(prompt: PromptOf<"rating">, path: PathSegment[]): RuleProblem[] {
  const { min, max } = prompt;
  if (min >= max) return [{ path: [...path, "min"], message: `must be less than max (${max})` }];
  const problems: RuleProblem[] = [];
  for (const key of Object.keys(prompt.labels ?? {})) {
    const point = Number(key);
    if (point < min || point > max) problems.push({ path: [...path, "labels", key], atKey: true, message: `label ${key} is off the scale ${min}..${max}` });
  }
  if (prompt.default !== undefined && (prompt.default < min || prompt.default > max))
    problems.push({ path: [...path, "default"], message: `must be on the scale ${min}..${max}, not ${prompt.default}` });
  return problems;
}

/** A number prompt's bounds are in order and its default respects them. */
export function numberProblems(prompt: PromptOf<"number">, path: PathSegment[]): RuleProblem[] {
  const { min, max } = prompt;
  if (min !== undefined && max !== undefined && min > max) return [{ path: [...path, "min"], message: `must not be more than max (${max})` }];
  const d = prompt.default;
  if (d === undefined) return [];
  if (min !== undefined && d < min) return [{ path: [...path, "default"], message: `must be ${min} or more, not ${d}` }];
  if (max !== undefined && d > max) return [{ path: [...path, "default"], message: `must be ${max} or less, not ${d}` }];
  if (prompt.integer && !Number.isInteger(d)) return [{ path: [...path, "default"], message: `must be a whole number (the prompt says integer: true), not ${d}` }];
  return [];
}

/** A checklist's min and max can be met with its choices; its defaults are among them. */
export function checklistProblems(prompt: PromptOf<"checklist">, path: PathSegment[]): RuleProblem[] {
  const { min, max } = prompt;
  const count = prompt.choices.length;
  const problems: RuleProblem[] = [];
  if (min !== undefined && max !== undefined && min > max) problems.push({ path: [...path, "min"], message: `must not be more than max (${max})` });
  if (max !== undefined && max > count) problems.push({ path: [...path, "max"], message: `is ${max}, but there ${count === 1 ? "is only 1 choice" : `are only ${count} choices`}` });
  else if (min !== undefined && min > count) problems.push({ path: [...path, "min"], message: `is ${min}, but there ${count === 1 ? "is only 1 choice" : `are only ${count} choices`}` });
  const values = choiceValues(prompt);
  (prompt.default ?? []).forEach((value, i) => {
    if (!values.includes(value)) problems.push({ path: [...path, "default", i], message: `"${value}" is not one of the choices${suggestOrList(value, values)}` });
  });
  if (prompt.default && max !== undefined && prompt.default.length > max)
    problems.push({ path: [...path, "default"], message: `ticks ${prompt.default.length} choices, but max is ${max}` });
  return problems;
}

/** A select's default is one of its choice values. */
export function selectProblems(prompt: PromptOf<"select">, path: PathSegment[]): RuleProblem[] {
  const values = choiceValues(prompt);
  if (prompt.default === undefined || values.includes(prompt.default)) return [];
  return [{ path: [...path, "default"], message: `"${prompt.default}" is not one of the choices${suggestOrList(prompt.default, values)}` }];
}

/** A list's min and max are in order. */
export function listProblems(prompt: PromptOf<"list">, path: PathSegment[]): RuleProblem[] {
  if (prompt.min !== undefined && prompt.max !== undefined && prompt.min > prompt.max) return [{ path: [...path, "min"], message: `must not be more than max (${prompt.max})` }];
  return [];
}

/** A text default fits its max_length. */
export function textProblems(prompt: PromptOf<"text">, path: PathSegment[]): RuleProblem[] {
  if (prompt.default === undefined || prompt.max_length === undefined || prompt.default.length <= prompt.max_length) return [];
  return [{ path: [...path, "default"], message: `is ${prompt.default.length} characters long, more than max_length (${prompt.max_length})` }];
}

const RELATIVE_DATE = /^\+\d+[dw]$/;

/** Whether a date default is one the session can resolve: today, yesterday, +Nd, +Nw or a real YYYY-MM-DD. */
export function dateDefaultProblem(value: string): string | undefined {
  if (value === "today" || value === "yesterday" || RELATIVE_DATE.test(value)) return undefined;
  if (!ISO_DAY.test(value)) return "must be today, yesterday, +Nd, +Nw or a date like 2026-12-01";
  return isRealDate(value) ? undefined : `${value} is not a real date`;
}

/** Checks of one prompt's own fields, by type. */
export const promptFieldRules: Rule = (playbook) =>
  promptEntries(playbook).flatMap(({ prompt, path }): RuleProblem[] => {
    switch (prompt.type) {
      case "rating":
        return ratingProblems(prompt, path);
      case "number":
        return numberProblems(prompt, path);
      case "checklist":
        return checklistProblems(prompt, path);
      case "select":
        return selectProblems(prompt, path);
      case "list":
        return listProblems(prompt, path);
      case "text":
        return textProblems(prompt, path);
      case "date": {
        const message = prompt.default === undefined ? undefined : dateDefaultProblem(prompt.default);
        return message ? [{ path: [...path, "default"], message }] : [];
      }
      default:
        return [];
    }
  });

/** A budget of no time at all (`0s`, `0m`) is surely a slip. */
export const budgetsAboveZero: Rule = (playbook) =>
  playbook.steps.flatMap((step, i): RuleProblem[] => {
    const m = step.budget === undefined ? null : BUDGET_PATTERN.exec(step.budget);
    if (!m || Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0) > 0) return [];
    return [{ path: ["steps", i, "budget"], message: "must be more than zero, e.g. 90s or 3m" }];
  });

/**
 * Every text shown on the call or in exports (template.ts's display texts, the very ones that are
 * filled in) uses only known `{{variables}}`. Choice values are never filled, yet a plain-string
 * choice, or one without a label, is shown as its value: a variable there would reach the screen
 * as written, so it is flagged too.
 */
export const templateVariables: Rule = (playbook) => [
  // Only the texts there are: in a file whose shape is wrong (no description) the others are
  // still checked, so its problems come all at once.
  ...displayTexts(playbook)
    .filter(({ text }) => typeof text === "string")
    .flatMap(({ path, text }) => templateFindings(text).map(({ message, piece, nth }) => ({ path, message, piece: { text: piece, nth } }))),
  ...promptEntries(playbook).flatMap(({ prompt, path }): RuleProblem[] => {
    if (prompt.type !== "select" && prompt.type !== "checklist") return [];
    return prompt.choices.flatMap((choice, k): RuleProblem[] => {
      if (typeof choice !== "string" && choice.label !== undefined) return [];
      const value = choiceValue(choice);
      if (!value.includes("{{")) return [];
      const at: PathSegment[] = typeof choice === "string" ? [...path, "choices", k] : [...path, "choices", k, "value"];
      return [{ path: at, message: `choice values are never filled in, so "${value}" would be shown as written: give the choice a plain value and put the text in its label` }];
    });
  }),
];

/** Every rule, in the order their problems are best read. */
export const RULES: readonly Rule[] = [
  uniqueStepIds,
  uniquePromptIds,
  uniqueMetrics,
  uniqueChoiceValues,
  promptFieldRules,
  budgetsAboveZero,
  templateVariables,
  checkConditions,
  letterProblems,
];

/** Runs every rule on a shape-valid playbook. */
export function checkRules(playbook: Playbook): RuleProblem[] {
  return RULES.flatMap((rule) => rule(playbook));
}

/** Findings on a valid playbook that do not make it invalid: `trust playbook validate` prints them as warnings. */
export function checkWarnings(playbook: Playbook): RuleProblem[] {
  return letterWarnings(playbook);
}
