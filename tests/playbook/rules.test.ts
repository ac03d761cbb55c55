import { describe, expect, it } from "vitest";
import {
  budgetsAboveZero,
  checklistProblems,
  checkRules,
  dateDefaultProblem,
  numberProblems,
  promptFieldRules,
  ratingProblems,
  selectProblems,
  templateVariables,
  uniqueChoiceValues,
  uniqueMetrics,
  uniquePromptIds,
  uniqueStepIds,
} from "../../src/playbook/rules.js";
import type { PromptOf } from "../../src/playbook/schema.js";
import { oneStep, playbookWith } from "./helpers.js";

const at = ["steps", 0, "prompts", 0];

function promptOf<T extends PromptOf<"rating" | "number" | "checklist" | "select">["type"]>(type: T, fields: Record<string, unknown>): PromptOf<T> {
  return oneStep([{ id: "p", type, message: "m", ...fields } as never]).steps[0]!.prompts[0] as PromptOf<T>;
}

describe("uniqueStepIds", () => {
  it("flags the second step with an id, naming the first", () => {
    const pb = playbookWith([
      { id: "a", title: "A" },
      { id: "b", title: "B" },
      { id: "a", title: "A again" },
    ]);
    expect(uniqueStepIds(pb)).toEqual([{ path: ["steps", 2, "id"], message: 'step id "a" is already used by steps[0]' }]);
  });

  it("accepts distinct ids", () => {
    expect(uniqueStepIds(playbookWith([{ id: "a", title: "A" }, { id: "b", title: "B" }]))).toEqual([]);
  });
});

describe("uniquePromptIds", () => {
  it("looks across steps, since answers files are flat", () => {
    const pb = playbookWith([
      { id: "a", title: "A", prompts: [{ id: "x", type: "text", message: "m" }] },
      { id: "b", title: "B", prompts: [{ id: "y", type: "text", message: "m" }, { id: "x", type: "confirm", message: "m" }] },
    ]);
    expect(uniquePromptIds(pb)).toEqual([
      { path: ["steps", 1, "prompts", 1, "id"], message: 'prompt id "x" is already used by steps[0].prompts[0] (prompt ids must be unique in the whole playbook)' },
    ]);
  });
});

describe("uniqueMetrics", () => {
  it("allows one rating per metric", () => {
    const pb = oneStep([
      { id: "a", type: "rating", message: "m", metric: "trust_before" },
      { id: "b", type: "rating", message: "m", metric: "trust_after" },
      { id: "c", type: "rating", message: "m", metric: "trust_before" },
    ]);
    expect(uniqueMetrics(pb)).toEqual([
      { path: ["steps", 0, "prompts", 2, "metric"], message: 'metric "trust_before" is already measured by steps[0].prompts[0] (each metric may appear once per playbook)' },
    ]);
  });
});

describe("uniqueChoiceValues", () => {
  it("compares plain and object choices by value, pointing at the value", () => {
    const pb = oneStep([{ id: "s", type: "select", message: "m", choices: ["a", { value: "b" }, { value: "a", label: "A" }, "b"] }]);
    expect(uniqueChoiceValues(pb)).toEqual([
      { path: [...at, "choices", 2, "value"], message: 'the choice "a" appears more than once in this prompt' },
      { path: [...at, "choices", 3], message: 'the choice "b" appears more than once in this prompt' },
    ]);
  });
});

describe("ratingProblems", () => {
  it("wants min below max", () => {
    expect(ratingProblems(promptOf("rating", { min: 5, max: 5 }), at)).toEqual([{ path: [...at, "min"], message: "must be less than max (5)" }]);
  });

  it("keeps labels and the default on the scale (defaults 1..5)", () => {
    const p = promptOf("rating", { labels: { 0: "none", 1: "low", 6: "off" }, default: 9 });
    expect(ratingProblems(p, at)).toEqual([
      { path: [...at, "labels", "0"], atKey: true, message: "label 0 is off the scale 1..5" },
      { path: [...at, "labels", "6"], atKey: true, message: "label 6 is off the scale 1..5" },
      { path: [...at, "default"], message: "must be on the scale 1..5, not 9" },
    ]);
  });

  it("accepts a scale from 0 with labels at its ends", () => {
    expect(ratingProblems(promptOf("rating", { min: 0, max: 10, labels: { 0: "none", 10: "full" }, default: 0 }), at)).toEqual([]);
  });
});

describe("numberProblems", () => {
  it("allows min equal to max but not above", () => {
    expect(numberProblems(promptOf("number", { min: 3, max: 3 }), at)).toEqual([]);
    expect(numberProblems(promptOf("number", { min: 4, max: 3 }), at)).toEqual([{ path: [...at, "min"], message: "must not be more than max (3)" }]);
  });

  it("keeps the default within bounds and whole when integer", () => {
    expect(numberProblems(promptOf("number", { min: 1, default: 0 }), at)).toEqual([{ path: [...at, "default"], message: "must be 1 or more, not 0" }]);
    expect(numberProblems(promptOf("number", { max: 1, default: 2 }), at)).toEqual([{ path: [...at, "default"], message: "must be 1 or less, not 2" }]);
    expect(numberProblems(promptOf("number", { integer: true, default: 1.5 }), at)[0]?.message).toMatch(/^must be a whole number/);
  });
});

describe("checklistProblems", () => {
  it("wants max within the number of choices", () => {
    expect(checklistProblems(promptOf("checklist", { choices: ["a", "b"], max: 3 }), at)).toEqual([
      { path: [...at, "max"], message: "is 3, but there are only 2 choices" },
    ]);
    expect(checklistProblems(promptOf("checklist", { choices: ["a"], min: 2 }), at)).toEqual([{ path: [...at, "min"], message: "is 2, but there is only 1 choice" }]);
  });

  it("wants min <= max and defaults among the choices, no more than max of them", () => {
    const p = promptOf("checklist", { choices: ["logs", "timeline", "billing"], min: 2, max: 1, default: ["logs", "timelin"] });
    expect(checklistProblems(p, at)).toEqual([
      { path: [...at, "min"], message: "must not be more than max (1)" },
      { path: [...at, "default", 1], message: '"timelin" is not one of the choices (did you mean "timeline"?)' },
      { path: [...at, "default"], message: "ticks 2 choices, but max is 1" },
    ]);
  });
});

describe("selectProblems", () => {
  it("wants the default among the choice values, not labels", () => {
    const p = promptOf("select", { choices: [{ value: "low", label: "Low" }, "high"], default: "Low" });
    expect(selectProblems(p, at)).toEqual([{ path: [...at, "default"], message: '"Low" is not one of the choices (did you mean "low"?)' }]);
    expect(selectProblems(promptOf("select", { choices: ["a", "b"], default: "b" }), at)).toEqual([]);
  });
});

describe("dateDefaultProblem", () => {
  it.each(["today", "yesterday", "+0d", "+2d", "+1w", "2026-02-28", "2024-02-29"])("accepts %s", (v) => {
    expect(dateDefaultProblem(v)).toBeUndefined();
  });

  it.each([
    ["tomorrow", "must be today, yesterday, +Nd, +Nw or a date like 2026-12-01"],
    ["-2d", "must be today, yesterday, +Nd, +Nw or a date like 2026-12-01"],
    ["2026-2-1", "must be today, yesterday, +Nd, +Nw or a date like 2026-12-01"],
    ["2026-02-29", "2026-02-29 is not a real date"],
    ["2026-13-01", "2026-13-01 is not a real date"],
  ])("rejects %s", (v, message) => {
    expect(dateDefaultProblem(v)).toBe(message);
  });

  it("is wired into the prompt field rules", () => {
    const pb = oneStep([{ id: "d", type: "date", message: "m", default: "soon" }]);
    expect(promptFieldRules(pb)).toEqual([{ path: [...at, "default"], message: "must be today, yesterday, +Nd, +Nw or a date like 2026-12-01" }]);
  });
});

describe("list and text prompts", () => {
  it("wants a list's min <= max and a text default within max_length", () => {
    const pb = oneStep([
      { id: "l", type: "list", message: "m", min: 3, max: 2 },
      { id: "t", type: "text", message: "m", default: "abcdef", max_length: 3 },
    ]);
    expect(promptFieldRules(pb)).toEqual([
      { path: ["steps", 0, "prompts", 0, "min"], message: "must not be more than max (2)" },
      { path: ["steps", 0, "prompts", 1, "default"], message: "is 6 characters long, more than max_length (3)" },
    ]);
  });
});

describe("budgetsAboveZero", () => {
  it("rejects a budget of no time", () => {
    const pb = playbookWith([
      { id: "a", title: "A", budget: "0s" },
      { id: "b", title: "B", budget: "0m0s" },
      { id: "c", title: "C", budget: "1m" },
    ]);
    expect(budgetsAboveZero(pb).map((p) => p.path)).toEqual([
      ["steps", 0, "budget"],
      ["steps", 1, "budget"],
    ]);
  });
});

describe("templateVariables", () => {
  it("checks every text shown on a call, with its path", () => {
    const pb = playbookWith([
      {
        id: "a",
        title: "{{clint}}",
        say: ["ok", "{{onwer}}"],
        prompts: [
          { id: "s", type: "select", message: "m", choices: [{ value: "v", label: "{{incidnet}}" }] },
          { id: "x", type: "actions", message: "m", owner: "{{ower}}" },
        ],
      },
    ]);
    expect(templateVariables(pb).map((p) => p.path)).toEqual([
      ["steps", 0, "title"],
      ["steps", 0, "say", 1],
      ["steps", 0, "prompts", 0, "choices", 0, "label"],
      ["steps", 0, "prompts", 1, "owner"],
    ]);
  });

  it("checks rating labels, units, list items and choice help, which are filled too", () => {
    const pb = playbookWith([
      {
        id: "a",
        title: "A",
        prompts: [
          { id: "r", type: "rating", message: "m", labels: { 1: "{{clint}} is gone", 5: "fine" } },
          { id: "n", type: "number", message: "m", unit: "{{x}}" },
          { id: "l", type: "list", message: "m", item: "fact for {{client" },
          { id: "c", type: "checklist", message: "m", choices: [{ value: "v", label: "ok", help: "{{onwer}}" }] },
        ],
      },
    ]);
    expect(templateVariables(pb).map((p) => p.path)).toEqual([
      ["steps", 0, "prompts", 0, "labels", "1"],
      ["steps", 0, "prompts", 1, "unit"],
      ["steps", 0, "prompts", 2, "item"],
      ["steps", 0, "prompts", 3, "choices", 0, "help"],
    ]);
  });

  it("accepts spaces inside the braces and {{attendees}}", () => {
    expect(templateVariables(playbookWith([{ id: "a", title: "Hi {{ client }}", guidance: "Thank {{attendees}}." }]))).toEqual([]);
  });

  it("flags a variable in a choice value that is shown as it is (no label), since values are never filled", () => {
    const pb = playbookWith([
      {
        id: "a",
        title: "A",
        prompts: [
          { id: "s", type: "select", message: "m", choices: ["{{client}} stays", { value: "{{owner}}" }, { value: "{{x}}", label: "Labelled" }] },
        ],
      },
    ]);
    expect(templateVariables(pb)).toEqual([
      {
        path: ["steps", 0, "prompts", 0, "choices", 0],
        message: 'choice values are never filled in, so "{{client}} stays" would be shown as written: give the choice a plain value and put the text in its label',
      },
      {
        path: ["steps", 0, "prompts", 0, "choices", 1, "value"],
        message: 'choice values are never filled in, so "{{owner}}" would be shown as written: give the choice a plain value and put the text in its label',
      },
    ]);
  });
});

describe("checkRules", () => {
  it("finds nothing wrong in a sound playbook", () => {
    const pb = playbookWith([
      { id: "a", title: "A for {{client}}", prompts: [{ id: "r", type: "rating", message: "m", metric: "trust_before" }] },
      { id: "b", title: "B", when: { prompt: "r", max: 2 }, prompts: [{ id: "why", type: "longtext", message: "Why?" }] },
    ]);
    expect(checkRules(pb)).toEqual([]);
  });

  it("reports problems from several rules at once", () => {
    const pb = playbookWith([
      { id: "a", title: "A", budget: "0s" },
      { id: "a", title: "{{x}}" },
    ]);
    expect(checkRules(pb)).toHaveLength(3);
  });
});
