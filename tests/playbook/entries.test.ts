import { describe, expect, it } from "vitest";
import { choiceValue, choiceValues } from "../../src/playbook/entries.js";
import type { Choice, Prompt } from "../../src/playbook/schema.js";

describe("choiceValue", () => {
  it.each<[Choice, string]>([
    ["refund", "refund"],
    [{ value: "refund" }, "refund"],
    [{ value: "refund", label: "Full refund", help: "money back" }, "refund"],
  ])("%j stands for %j", (choice, value) => {
    expect(choiceValue(choice)).toBe(value);
  });
});

describe("choiceValues", () => {
  it.each<[string, Prompt, string[]]>([
    ["select of strings", { id: "p", type: "select", message: "Pick", choices: ["a", "b"] }, ["a", "b"]],
    ["select mixed, in playbook order", { id: "p", type: "select", message: "Pick", choices: [{ value: "hi", label: "High" }, "low"] }, ["hi", "low"]],
    ["checklist", { id: "p", type: "checklist", message: "Tick", choices: [{ value: "x", label: "X", help: "why" }] }, ["x"]],
    ["a prompt without choices", { id: "p", type: "text", message: "Say" }, []],
  ])("%s", (_name, prompt, values) => {
    expect(choiceValues(prompt)).toEqual(values);
  });
});
