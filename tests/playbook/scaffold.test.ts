import { describe, expect, it } from "vitest";
import { formatProblem, parsePlaybook } from "../../src/playbook/load.js";
import { PROMPT_TYPES } from "../../src/playbook/schema.js";
import { scaffold, titleFromId } from "../../src/playbook/scaffold.js";

describe("scaffold", () => {
  const text = scaffold("data-leak", "../schema/playbook.schema.json");

  it("is a valid playbook with the given id", () => {
    const result = parsePlaybook(text, "data-leak.yaml");
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
    expect(result.ok && [result.playbook.id, result.playbook.title]).toEqual(["data-leak", "Data leak"]);
    // It marks prompts for the client letter, so validating it warns of nothing.
    expect(result.ok && result.warnings).toEqual([]);
  });

  it("points editors at the schema on its first line", () => {
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=../schema/playbook.schema.json");
  });

  it("shows several prompt types, a condition, a budget and a metric", () => {
    const result = parsePlaybook(text, "data-leak.yaml");
    if (!result.ok) throw new Error("scaffold invalid");
    const prompts = result.playbook.steps.flatMap((s) => s.prompts);
    expect(new Set(prompts.map((p) => p.type)).size).toBeGreaterThanOrEqual(5);
    expect(prompts.every((p) => (PROMPT_TYPES as readonly string[]).includes(p.type))).toBe(true);
    expect(prompts.some((p) => p.when)).toBe(true);
    expect(result.playbook.steps.some((s) => s.budget)).toBe(true);
    expect(prompts.some((p) => p.type === "rating" && p.metric === "trust_before")).toBe(true);
  });
});

describe("titleFromId", () => {
  it.each([
    ["data-leak", "Data leak"],
    ["missed_deadline", "Missed deadline"],
    ["x", "X"],
  ])("%s → %s", (id, title) => {
    expect(titleFromId(id)).toBe(title);
  });
});
