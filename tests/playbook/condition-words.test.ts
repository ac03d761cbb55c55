import { describe, expect, it } from "vitest";
import { describeCondition, valueWord } from "../../src/playbook/condition-words.js";
import type { When } from "../../src/playbook/schema.js";

describe("describeCondition", () => {
  it.each<[When, string]>([
    [{ session: "severity", in: ["high", "critical"] }, "severity is high or critical"],
    [{ session: "severity", in: ["low", "medium", "high"] }, "severity is low, medium or high"],
    [{ prompt: "ok", equals: true }, "ok is yes"],
    [{ prompt: "sev", not_in: ["low"] }, "sev is not low"],
    [{ prompt: "topics", includes: "billing" }, "topics includes billing"],
    [{ prompt: "rating", min: 7 }, "rating is at least 7"],
    [{ prompt: "rating", max: 3 }, "rating is at most 3"],
    [{ prompt: "rating", min: 2, max: 4 }, "rating is from 2 to 4"],
    [{ prompt: "rating" }, "rating is answered"],
    [{ prompt: "ok", equals: false }, "ok is no"],
    [{ prompt: "count", equals: 3 }, "count is 3"],
    [{ prompt: "impact", not_in: ["minor", "cosmetic"] }, "impact is not minor or cosmetic"],
    [{ session: "severity", equals: "critical" }, "severity is critical"],
  ])("%j -> %s", (when, text) => expect(describeCondition(when)).toBe(text));

});

describe("valueWord", () => {
  it.each<[string | number | boolean, string]>([
    [true, "yes"],
    [false, "no"],
    [7, "7"],
    ["high", "high"],
    ["true", "true"], // a string stays as written
  ])("%j -> %s", (value, text) => expect(valueWord(value)).toBe(text));
});
