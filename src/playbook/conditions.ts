import { choiceValues, promptEntries, type PromptEntry } from "./entries.js";
import type { PathSegment, RuleProblem } from "./problem.js";
import { formatPath } from "./problem.js";
import { SEVERITIES, type Playbook, type Prompt, type When } from "./schema.js";
import { didYouMean, suggestOrList } from "./suggest.js";

/**
 * Rules for `when` conditions: each names exactly one subject (an earlier prompt, or the session's
 * severity), holds at most one test, and only tests values its subject can take. A condition that
 * can never hold (or always holds) would hide or show a step silently, so it is an error.
 */

const TESTS = ["equals", "in", "not_in", "includes", "min", "max"] as const;
type Test = (typeof TESTS)[number];
type Value = string | number | boolean;

/** Where a condition sits: on a step (may test earlier steps) or on a prompt (earlier prompts too). */
export interface ConditionSite {
  path: PathSegment[];
  stepIndex: number;
  /** Undefined for a step's own condition. */
  promptIndex?: number;
}

/** The values a test compares with, each with its path, for value-by-value checks. */
function testedValues(when: When, test: Test, path: PathSegment[]): { value: Value; path: PathSegment[] }[] {
  const raw = when[test];
  if (raw === undefined) return [];
  if (Array.isArray(raw)) return raw.map((value, i) => ({ value, path: [...path, test, i] }));
  return [{ value: raw, path: [...path, test] }];
}

function show(value: Value): string {
  return typeof value === "string" ? `"${value}"` : String(value);
}

/** Why `value` is not an answer `prompt` can give, or undefined when it is. */
export function answerProblem(prompt: Prompt, value: Value): string | undefined {
  const name = `prompt "${prompt.id}"`;
  switch (prompt.type) {
    case "select": {
      const values = choiceValues(prompt);
      return typeof value === "string" && values.includes(value)
        ? undefined
        : `${show(value)} is not one of the choices of ${name}${suggestOrList(String(value), values)}`;
    }
    case "confirm":
      return typeof value === "boolean" ? undefined : `${show(value)} is not an answer ${name} can give: it is a yes/no question, so use true or false`;
    case "rating":
      return typeof value === "number" && Number.isInteger(value) && value >= prompt.min && value <= prompt.max
        ? undefined
        : `${show(value)} is not on the scale of ${name} (${prompt.min}..${prompt.max})`;
    case "number": {
      if (typeof value !== "number") return `${show(value)} is not a number, and ${name} asks for one`;
      if ((prompt.min !== undefined && value < prompt.min) || (prompt.max !== undefined && value > prompt.max))
        return `${value} is outside the range ${name} allows (${prompt.min ?? "any"}..${prompt.max ?? "any"})`;
      return undefined;
    }
    case "text":
    case "longtext":
    case "date":
      return typeof value === "string" ? undefined : `${show(value)} is not text, and ${name} is answered with text`;
    default:
      return `${name} is a ${prompt.type} prompt, whose answers cannot be compared`;
  }
}

/** Problems with which test a condition uses on a prompt of this type, and with each tested value. */
function promptTestProblems(when: When, test: Test, path: PathSegment[], prompt: Prompt): RuleProblem[] {
  const at = [...path, test];
  const name = `prompt "${prompt.id}"`;
  if (test === "includes") {
    if (prompt.type !== "checklist") return [{ path: at, message: `includes only works on checklists, and ${name} is a ${prompt.type} prompt` }];
    const values = choiceValues(prompt);
    const v = when.includes!;
    return values.includes(v) ? [] : [{ path: at, message: `"${v}" is not one of the choices of ${name}${suggestOrList(v, values)}` }];
  }
  if (test === "min" || test === "max") {
    if (prompt.type !== "rating" && prompt.type !== "number")
      return [{ path: at, message: `${test} only works on rating and number prompts, and ${name} is a ${prompt.type} prompt` }];
    const problem = answerProblem(prompt, when[test]!);
    return problem ? [{ path: at, message: problem }] : [];
  }
  if (prompt.type === "checklist")
    return [{ path: at, message: `${name} is a checklist, whose answer is a list of ticked choices: test it with includes` }];
  if (prompt.type === "list" || prompt.type === "actions")
    return [{ path: at, message: `${name} is a ${prompt.type} prompt, whose answers cannot be compared; leave out the test to check that it was answered` }];
  return testedValues(when, test, path).flatMap(({ value, path: valuePath }) => {
    const problem = answerProblem(prompt, value);
    return problem ? [{ path: valuePath, message: problem }] : [];
  });
}

function severityTestProblems(when: When, test: Test, path: PathSegment[]): RuleProblem[] {
  if (test === "includes" || test === "min" || test === "max")
    return [{ path: [...path, test], message: "session: severity can only be tested with equals, in or not_in" }];
  return testedValues(when, test, path).flatMap(({ value, path: valuePath }) =>
    typeof value === "string" && (SEVERITIES as readonly string[]).includes(value)
      ? []
      : [{ path: valuePath, message: `${show(value)} is not a severity${suggestOrList(String(value), SEVERITIES)}` }],
  );
}

/** Whether the prompt named by a condition comes early enough; a message when it does not. */
function orderProblem(site: ConditionSite, ref: PromptEntry): string | undefined {
  const id = ref.prompt.id;
  if (site.promptIndex === undefined) {
    if (ref.stepIndex < site.stepIndex) return undefined;
    if (ref.stepIndex === site.stepIndex) return `refers to prompt "${id}" in this same step; a step's condition can only test answers from earlier steps`;
  } else {
    if (ref.stepIndex === site.stepIndex && ref.promptIndex === site.promptIndex) return `refers to prompt "${id}" itself; a condition can only test an earlier answer`;
    if (ref.stepIndex < site.stepIndex || (ref.stepIndex === site.stepIndex && ref.promptIndex < site.promptIndex)) return undefined;
  }
  return `refers to prompt "${id}", which comes later (${formatPath(ref.path)}); a condition can only test an earlier answer`;
}

/** Every problem with one condition; `prompts` maps each prompt id to its first entry. */
export function conditionProblems(when: When, site: ConditionSite, prompts: ReadonlyMap<string, PromptEntry>): RuleProblem[] {
  const path = [...site.path, "when"];
  const problems: RuleProblem[] = [];
  if (when.prompt !== undefined && when.session !== undefined)
    problems.push({ path, message: "give either prompt or session, not both" });
  if (when.prompt === undefined && when.session === undefined)
    problems.push({ path, message: "needs prompt (the id of an earlier prompt) or session: severity" });
  const tests = TESTS.filter((t) => when[t] !== undefined);
  if (tests.length > 1) problems.push({ path: [...path, tests[1]!], message: `a condition holds one test, but this one has ${tests.join(" and ")}` });
  if (problems.length > 0) return problems;
  const test = tests[0];
  if (when.session !== undefined) return test ? severityTestProblems(when, test, path) : [];
  const ref = prompts.get(when.prompt!);
  if (!ref) return [{ path: [...path, "prompt"], message: `refers to an unknown prompt "${when.prompt}"${didYouMean(when.prompt!, [...prompts.keys()])}` }];
  const order = orderProblem(site, ref);
  if (order) problems.push({ path: [...path, "prompt"], message: order });
  if (test) problems.push(...promptTestProblems(when, test, path, ref.prompt));
  return problems;
}

/** Checks every step and prompt condition of a playbook. */
export function checkConditions(playbook: Playbook): RuleProblem[] {
  const entries = promptEntries(playbook);
  const prompts = new Map<string, PromptEntry>();
  for (const entry of entries) if (!prompts.has(entry.prompt.id)) prompts.set(entry.prompt.id, entry);
  const problems: RuleProblem[] = [];
  playbook.steps.forEach((step, stepIndex) => {
    if (step.when) problems.push(...conditionProblems(step.when, { path: ["steps", stepIndex], stepIndex }, prompts));
  });
  for (const { prompt, stepIndex, promptIndex, path } of entries)
    if (prompt.when) problems.push(...conditionProblems(prompt.when, { path, stepIndex, promptIndex }, prompts));
  return problems;
}
