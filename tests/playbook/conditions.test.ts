import { describe, expect, it } from "vitest";
import { answerProblem, checkConditions } from "../../src/playbook/conditions.js";
import type { PathSegment } from "../../src/playbook/problem.js";
import type { PlaybookInput, Prompt } from "../../src/playbook/schema.js";
import { oneStep, playbookWith } from "./helpers.js";

type StepInput = PlaybookInput["steps"][number];
type WhenInput = NonNullable<StepInput["when"]>;

/** A first step with a prompt of each testable kind, then a second step carrying `when`. */
function stepWhen(when: WhenInput) {
  return playbookWith([
    {
      id: "first",
      title: "First",
      prompts: [
        { id: "ok", type: "confirm", message: "m" },
        { id: "impact", type: "select", message: "m", choices: ["minor", "severe"] },
        { id: "checked", type: "checklist", message: "m", choices: ["logs", "timeline"] },
        { id: "trust", type: "rating", message: "m", min: 1, max: 5 },
        { id: "hours", type: "number", message: "m", min: 0, max: 100 },
        { id: "name", type: "text", message: "m" },
        { id: "facts", type: "list", message: "m" },
      ],
    },
    { id: "second", title: "Second", when },
  ]);
}

const when: PathSegment[] = ["steps", 1, "when"];

describe("checkConditions: subject and tests", () => {
  it("accepts one subject with at most one fitting test", () => {
    for (const w of [
      { prompt: "ok" },
      { prompt: "ok", equals: false },
      { prompt: "impact", in: ["minor", "severe"] },
      { prompt: "impact", not_in: ["minor"] },
      { prompt: "checked", includes: "logs" },
      { prompt: "trust", min: 4 },
      { prompt: "hours", max: 8 },
      { prompt: "name", equals: "Sam" },
      { prompt: "facts" },
      { session: "severity" as const, in: ["high", "critical"] },
    ]) {
      expect(checkConditions(stepWhen(w)), JSON.stringify(w)).toEqual([]);
    }
  });

  it("wants exactly one of prompt and session", () => {
    expect(checkConditions(stepWhen({ prompt: "ok", session: "severity" }))).toEqual([{ path: when, message: "give either prompt or session, not both" }]);
    expect(checkConditions(stepWhen({ equals: true }))).toEqual([{ path: when, message: "needs prompt (the id of an earlier prompt) or session: severity" }]);
  });

  it("allows one test only, pointing at the second", () => {
    expect(checkConditions(stepWhen({ prompt: "trust", min: 2, max: 4 }))).toEqual([
      { path: [...when, "max"], message: "a condition holds one test, but this one has min and max" },
    ]);
  });
});

describe("checkConditions: which prompt", () => {
  it("names an unknown prompt with a suggestion", () => {
    expect(checkConditions(stepWhen({ prompt: "impcat" }))).toEqual([{ path: [...when, "prompt"], message: 'refers to an unknown prompt "impcat" (did you mean "impact"?)' }]);
  });

  it("lets a prompt test an earlier prompt of its own step, not a later one or itself", () => {
    const pb = oneStep([
      { id: "a", type: "confirm", message: "m" },
      { id: "b", type: "text", message: "m", when: { prompt: "a", equals: true } },
      { id: "c", type: "text", message: "m", when: { prompt: "d" } },
      { id: "d", type: "text", message: "m", when: { prompt: "d" } },
    ]);
    expect(checkConditions(pb)).toEqual([
      { path: ["steps", 0, "prompts", 2, "when", "prompt"], message: 'refers to prompt "d", which comes later (steps[0].prompts[3]); a condition can only test an earlier answer' },
      { path: ["steps", 0, "prompts", 3, "when", "prompt"], message: 'refers to prompt "d" itself; a condition can only test an earlier answer' },
    ]);
  });

  it("lets a step test only earlier steps", () => {
    const pb = playbookWith([
      { id: "a", title: "A", when: { prompt: "x" }, prompts: [{ id: "x", type: "confirm", message: "m" }] },
      { id: "b", title: "B", when: { prompt: "y" } },
      { id: "c", title: "C", prompts: [{ id: "y", type: "confirm", message: "m" }] },
    ]);
    expect(checkConditions(pb)).toEqual([
      { path: ["steps", 0, "when", "prompt"], message: `refers to prompt "x" in this same step; a step's condition can only test answers from earlier steps` },
      { path: ["steps", 1, "when", "prompt"], message: 'refers to prompt "y", which comes later (steps[2].prompts[0]); a condition can only test an earlier answer' },
    ]);
  });
});

describe("checkConditions: tested values", () => {
  it.each<[WhenInput, PathSegment[], string]>([
    [{ prompt: "impact", in: ["minor", "critical"] }, [...when, "in", 1], '"critical" is not one of the choices of prompt "impact" (minor, severe)'],
    [{ prompt: "impact", equals: "sever" }, [...when, "equals"], '"sever" is not one of the choices of prompt "impact" (did you mean "severe"?)'],
    [{ prompt: "ok", equals: "yes" }, [...when, "equals"], '"yes" is not an answer prompt "ok" can give: it is a yes/no question, so use true or false'],
    [{ prompt: "trust", equals: 6 }, [...when, "equals"], '6 is not on the scale of prompt "trust" (1..5)'],
    [{ prompt: "trust", min: 0 }, [...when, "min"], '0 is not on the scale of prompt "trust" (1..5)'],
    [{ prompt: "hours", max: 200 }, [...when, "max"], '200 is outside the range prompt "hours" allows (0..100)'],
    [{ prompt: "name", equals: 3 }, [...when, "equals"], '3 is not text, and prompt "name" is answered with text'],
    [{ prompt: "checked", includes: "log" }, [...when, "includes"], '"log" is not one of the choices of prompt "checked" (did you mean "logs"?)'],
    [{ prompt: "checked", equals: "logs" }, [...when, "equals"], 'prompt "checked" is a checklist, whose answer is a list of ticked choices: test it with includes'],
    [{ prompt: "impact", includes: "minor" }, [...when, "includes"], 'includes only works on checklists, and prompt "impact" is a select prompt'],
    [{ prompt: "name", min: 1 }, [...when, "min"], 'min only works on rating and number prompts, and prompt "name" is a text prompt'],
    [{ prompt: "facts", equals: "x" }, [...when, "equals"], 'prompt "facts" is a list prompt, whose answers cannot be compared; leave out the test to check that it was answered'],
    [{ session: "severity", equals: "hgh" }, [...when, "equals"], '"hgh" is not a severity (did you mean "high"?)'],
    [{ session: "severity", min: 1 }, [...when, "min"], "session: severity can only be tested with equals, in or not_in"],
  ])("%j", (w, path, message) => {
    expect(checkConditions(stepWhen(w))).toEqual([{ path, message }]);
  });

  it("checks prompt-level conditions too", () => {
    const pb = oneStep([
      { id: "a", type: "select", message: "m", choices: ["x", "y"] },
      { id: "b", type: "text", message: "m", when: { prompt: "a", not_in: ["z"] } },
    ]);
    expect(checkConditions(pb)).toEqual([{ path: ["steps", 0, "prompts", 1, "when", "not_in", 0], message: '"z" is not one of the choices of prompt "a" (x, y)' }]);
  });
});

describe("answerProblem", () => {
  it("accepts a date prompt compared with text and rejects booleans", () => {
    const date = { id: "d", type: "date", message: "m" } as Prompt;
    expect(answerProblem(date, "2026-01-01")).toBeUndefined();
    expect(answerProblem(date, true)).toBe('true is not text, and prompt "d" is answered with text');
  });
});
