import { describe, expect, it } from "vitest";
import type { When } from "../../src/playbook/schema.js";
import { conditionHolds, describeActual } from "../../src/session/conditions.js";
import type { AnswerValue } from "../../src/session/model.js";
import type { AnswerState } from "../../src/session/state.js";

function answers(values: Record<string, AnswerValue | "SKIPPED">): { answers: Map<string, AnswerState> } {
  const map = new Map<string, AnswerState>();
  let seq = 0;
  for (const [id, v] of Object.entries(values)) {
    map.set(id, v === "SKIPPED" ? { kind: "skipped", at: 0, seq: ++seq } : { kind: "answered", value: v, at: 0, seq: ++seq });
  }
  return { answers: map };
}

const state = answers({
  rating: 4,
  sev: "high",
  ok: true,
  topics: ["billing", "outage"],
  facts: ["a"],
  empty: [],
  skipped: "SKIPPED",
  acts: [{ what: "call back", owner: "Dana", due: "2026-03-10" }],
});
const high = { severity: "high" as const };
const low = { severity: "low" as const };

describe("conditionHolds", () => {
  it.each<[string, When | undefined, boolean]>([
    ["no condition", undefined, true],
    ["answered, no test", { prompt: "rating" }, true],
    ["unanswered, no test", { prompt: "nope" }, false],
    ["skipped, no test", { prompt: "skipped" }, false],
    ["equals number", { prompt: "rating", equals: 4 }, true],
    ["equals other number", { prompt: "rating", equals: 5 }, false],
    ["equals number written as text", { prompt: "rating", equals: "4" }, true],
    ["equals string", { prompt: "sev", equals: "high" }, true],
    ["equals is case-sensitive", { prompt: "sev", equals: "High" }, false],
    ["equals true", { prompt: "ok", equals: true }, true],
    ["equals false", { prompt: "ok", equals: false }, false],
    ["boolean never equals text", { prompt: "ok", equals: "true" }, false],
    ["in", { prompt: "sev", in: ["high", "critical"] }, true],
    ["not in", { prompt: "sev", in: ["low"] }, false],
    ["not_in holds", { prompt: "sev", not_in: ["low", "medium"] }, true],
    ["not_in fails", { prompt: "sev", not_in: ["high"] }, false],
    ["not_in on a skipped prompt", { prompt: "skipped", not_in: ["x"] }, false],
    ["not_in on an unanswered prompt", { prompt: "nope", not_in: ["x"] }, false],
    ["equals on a skipped prompt", { prompt: "skipped", equals: "x" }, false],
    ["includes a ticked choice", { prompt: "topics", includes: "billing" }, true],
    ["includes an unticked choice", { prompt: "topics", includes: "support" }, false],
    ["includes on an empty list", { prompt: "empty", includes: "a" }, false],
    ["includes on a scalar", { prompt: "sev", includes: "high" }, false],
    ["includes on action items", { prompt: "acts", includes: "call back" }, false],
    ["equals on a list", { prompt: "facts", equals: "a" }, false],
    ["min met", { prompt: "rating", min: 4 }, true],
    ["min missed", { prompt: "rating", min: 5 }, false],
    ["max met", { prompt: "rating", max: 4 }, true],
    ["max missed", { prompt: "rating", max: 3 }, false],
    ["min and max together", { prompt: "rating", min: 2, max: 6 }, true],
    ["min on text", { prompt: "sev", min: 1 }, false],
    ["min on unanswered", { prompt: "nope", min: 0 }, false],
    ["session severity in", { session: "severity", in: ["high", "critical"] }, true],
    ["session severity equals", { session: "severity", equals: "low" }, false],
    ["session severity not_in", { session: "severity", not_in: ["low"] }, true],
    ["session severity, no test", { session: "severity" }, true],
  ])("%s", (_name, when, expected) => {
    expect(conditionHolds(when, state, high)).toBe(expected);
  });

  it("reads the session's severity from info", () => {
    const when: When = { session: "severity", in: ["high", "critical"] };
    expect(conditionHolds(when, state, high)).toBe(true);
    expect(conditionHolds(when, state, low)).toBe(false);
  });
});

describe("describing the value a condition tested", () => {
  it.each<[When, string]>([
    [{ session: "severity", equals: "high" }, "it is low"],
    [{ prompt: "rating", min: 7 }, "it is 4"],
    [{ prompt: "ok", equals: false }, "it is yes"],
    [{ prompt: "topics", includes: "support" }, "it is billing, outage"],
    [{ prompt: "empty", includes: "support" }, "nothing was picked"],
    [{ prompt: "skipped" }, "it was skipped"],
    [{ prompt: "nope" }, "it has no answer"],
  ])("actual value for %j: %s", (when, text) => expect(describeActual(when, state, low)).toBe(text));
});
