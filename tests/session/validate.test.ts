import { describe, expect, it } from "vitest";
import { choiceValues } from "../../src/playbook/entries.js";
import type { Prompt } from "../../src/playbook/schema.js";
import { choiceLabel, choiceList, validateAnswer } from "../../src/session/validate.js";
import { everyType } from "./fixtures.js";

process.env.TZ = "UTC";

const now = new Date("2026-03-09T12:00:00"); // a Monday
const ctx = { now, owner: "Dana" };

function prompt(id: string): Prompt {
  const p = everyType.steps[0]!.prompts.find((x) => x.id === id);
  if (!p) throw new Error(`no prompt ${id} in the fixture`);
  return p;
}

const good = (id: string, raw: unknown, value: unknown) => [id, raw, value] as const;
const bad = (id: string, raw: unknown, message: string) => [id, raw, message] as const;

describe("validateAnswer: accepted values", () => {
  it.each([
    good("t", "  hello ", "hello"),
    good("t", "1234567890", "1234567890"),
    good("t", 42, "42"),
    good("lt", "line one\nline two\n", "line one\nline two"),
    good("c", true, true),
    good("c", false, false),
    good("c", "yes", true),
    good("c", "Y", true),
    good("c", " true ", true),
    good("c", "no", false),
    good("c", "N", false),
    good("c", "FALSE", false),
    good("s", "low", "low"),
    good("s", "med", "med"),
    good("s", "Medium", "med"),
    good("s", " HIGH ", "hi"),
    good("s", "Hi", "hi"),
    good("cl", ["a"], ["a"]),
    good("cl", ["c", "a"], ["a", "c"]),
    good("cl", ["Bee"], ["b"]),
    good("cl", "c", ["c"]),
    good("r", 1, 1),
    good("r", 5, 5),
    good("r", "3", 3),
    good("r", " 4 ", 4),
    good("n", 0, 0),
    good("n", 2.5, 2.5),
    good("n", "99.5", 99.5),
    good("n", "1e2", 100),
    good("n", ".5", 0.5),
    good("ni", -3, -3),
    good("ni", "12", 12),
    good("d", "2026-12-01", "2026-12-01"),
    good("d", "friday", "2026-03-13"),
    good("d", "+2d", "2026-03-11"),
    good("d", new Date("2026-04-01T00:00:00Z"), "2026-04-01"),
    good("l", ["one", " two "], ["one", "two"]),
    good("l", "a single fact", ["a single fact"]),
    good("l", [1, 2], ["1", "2"]),
    good("l0", [], []),
    good("ac", [{ what: "Send the report", owner: "Sam", due: "2026-03-20" }], [{ what: "Send the report", owner: "Sam", due: "2026-03-20" }]),
    good("ac", [{ what: "Call back", due: "friday" }], [{ what: "Call back", owner: "Dana", due: "2026-03-13" }]),
    good("ac", ["Refund the charge"], [{ what: "Refund the charge", owner: "Dana", due: "2026-03-11" }]),
    good("ac", [{ what: " Refund ", owner: " Sam ", due: null }], [{ what: "Refund", owner: "Sam", due: "2026-03-11" }]),
    good("ac_owned", [{ what: "Fix it" }], [{ what: "Fix it", owner: "Support team", due: "2026-03-16" }]),
    good("ac_owned", [], []),
  ])("%s accepts %j", (id, raw, value) => {
    expect(validateAnswer(prompt(id), raw, ctx)).toEqual({ ok: true, value });
  });
});

describe("validateAnswer: refused values", () => {
  it.each([
    bad("t", "", "the answer is empty: type something, or skip the prompt"),
    bad("t", "   ", "the answer is empty: type something, or skip the prompt"),
    bad("t", "12345678901", "the answer must be at most 10 characters, got 11"),
    bad("t", ["a"], "the answer must be text, got a list"),
    bad("t", true, "the answer must be text, got true"),
    bad("lt", { a: 1 }, "the answer must be text, got a mapping"),
    bad("t", null, "no answer was given: answer it, or skip it"),
    bad("c", "maybe", 'the answer must be yes or no, got "maybe"'),
    bad("c", 1, "the answer must be yes or no, got 1"),
    bad("s", "hgih", 'the answer must be one of low, med, hi, got "hgih"'),
    bad("s", "loww", 'the answer must be one of low, med, hi, got "loww" (did you mean "low"?)'),
    bad("s", ["low"], "the answer must be one of low, med, hi, got a list"),
    bad("cl", ["a", "z"], '"z" is not one of the choices a, b, c'),
    bad("cl", ["a", "A"], '"a" is ticked twice'),
    bad("cl", [], "tick at least 1 choice, got 0"),
    bad("cl", ["a", "b", "c"], "tick at most 2 choices, got 3"),
    bad("cl", 3, "the answer must be a list of choices from a, b, c, got 3"),
    bad("r", "7", 'rating must be a whole number from 1 to 5, got "7"'),
    bad("r", 0, "rating must be a whole number from 1 to 5, got 0"),
    bad("r", 2.5, "rating must be a whole number from 1 to 5, got 2.5"),
    bad("r", "3.0", 'rating must be a whole number from 1 to 5, got "3.0"'),
    bad("r", "three", 'rating must be a whole number from 1 to 5, got "three"'),
    bad("r", "", 'rating must be a whole number from 1 to 5, got ""'),
    bad("n", "abc", 'the answer must be a number, got "abc"'),
    bad("n", Number.NaN, "the answer must be a number, got NaN"),
    bad("n", Number.POSITIVE_INFINITY, "the answer must be a number, got Infinity"),
    bad("n", "12abc", 'the answer must be a number, got "12abc"'),
    bad("n", -1, "the answer must be from 0 to 100 hours, got -1"),
    bad("n", "101", 'the answer must be from 0 to 100 hours, got "101"'),
    bad("ni", 2.5, "the answer must be a whole number, got 2.5"),
    bad("d", "2026-02-30", '"2026-02-30" is not a real date: February 2026 has 28 days'),
    bad("d", "fridya", '"fridya" is not a date: use 2026-12-01, friday, tomorrow or +3d (did you mean "friday"?)'),
    bad("d", 20261201, "the answer must be a date like 2026-12-01, friday or +3d, got 20261201"),
    bad("l", [], "give at least 1 fact, got 0"),
    bad("l", ["a", "b", "c", "d"], "give at most 3 facts, got 4"),
    bad("l", ["a", " "], "fact 2 is empty"),
    bad("l", ["a", { x: 1 }], "fact 2 must be text, got a mapping"),
    bad("l", 5, "the answer must be a list of facts, got 5"),
    bad("ac", [], "give at least 1 commitment, got 0"),
    bad("ac", "Refund", 'the answer must be a list of commitments (what, owner, due), got "Refund"'),
    bad("ac", [{ owner: "Sam" }], "commitment 1: say what is to be done"),
    bad("ac", [{ what: "   " }], "commitment 1: say what is to be done"),
    bad("ac", [{ what: "x" }, { what: "y", ownr: "Sam" }], 'commitment 2: unknown field "ownr" (did you mean "owner"?): a commitment has what, owner and due'),
    bad("ac", [{ what: "x", due: "someday" }], 'commitment 1: due "someday" is not a date: use 2026-12-01, friday, tomorrow or +3d'),
    bad("ac", [{ what: "x", due: 5 }], "commitment 1: due must be a date like 2026-12-01, friday or +3d, got 5"),
    bad("ac", [{ what: "x", owner: "" }], 'commitment 1 ("x") needs an owner'),
    bad("ac", [7], "commitment 1 must have what, owner and due, got 7"),
    // Every commitment's problem at once, in order.
    bad("ac", [{ what: "" }, { what: "ok" }, { what: "x", due: "someday" }, { what: "y", extra: 1 }], 'commitment 1: say what is to be done; commitment 3: due "someday" is not a date: use 2026-12-01, friday, tomorrow or +3d; commitment 4: unknown field "extra": a commitment has what, owner and due'),
  ])("%s refuses %j", (id, raw, message) => {
    expect(validateAnswer(prompt(id), raw, ctx)).toMatchObject({ ok: false, message });
  });

  // Where each problem lies in the answer, for an answers file to point at its line.
  it.each([
    ["l", ["a", " "], [{ at: [1], message: "fact 2 is empty" }]],
    ["l", 5, undefined],
    ["cl", ["a", "z"], [{ at: [1] }]],
    ["ac", [{ what: "x" }, { what: "y", ownr: "Sam" }], [{ at: [1, "ownr"], key: true }]],
    ["ac", [{ owner: "Sam" }, { what: "  " }], [{ at: [0] }, { at: [1, "what"] }]],
    ["ac", [{ what: "x", due: "someday" }, 7, { what: "y", owner: "" }, { what: "z", id: "x" }], [{ at: [0, "due"] }, { at: [1] }, { at: [2, "owner"] }, { at: [3, "id"] }]],
  ] as const)("%s: the parts of %j", (id, raw, parts) => {
    const checked = validateAnswer(prompt(id), raw, ctx);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    if (parts === undefined) expect(checked.parts).toBeUndefined();
    else expect(checked.parts).toMatchObject(parts);
    expect(checked.parts?.length ?? 0).toBe(parts?.length ?? 0);
  });
});

describe("validateAnswer: bounds and owners", () => {
  const parse = (p: object) => p as Prompt;

  it.each([
    [{ min: 1 }, 0, "the answer must be at least 1, got 0"],
    [{ max: 10 }, 11, "the answer must be at most 10, got 11"],
  ])("a number with %j", (bounds, raw, message) => {
    const p = parse({ id: "x", type: "number", message: "x", ...bounds });
    expect(validateAnswer(p, raw, ctx)).toEqual({ ok: false, message });
  });

  it("a rating uses its own scale", () => {
    const p = parse({ id: "x", type: "rating", message: "x", min: 0, max: 10 });
    expect(validateAnswer(p, 0, ctx)).toEqual({ ok: true, value: 0 });
    expect(validateAnswer(p, "eleven", ctx)).toEqual({ ok: false, message: 'rating must be a whole number from 0 to 10, got "eleven"' });
  });

  it("fills {{owner}} in a prompt's default owner", () => {
    const p = parse({ id: "x", type: "actions", message: "x", owner: "{{owner}}'s team" });
    expect(validateAnswer(p, ["Fix"], ctx)).toEqual({ ok: true, value: [{ what: "Fix", owner: "Dana's team", due: "2026-03-11" }] });
  });

  it("fills {{ owner }} with spaces too, and takes an already filled default as it is", () => {
    const spaced = parse({ id: "x", type: "actions", message: "x", owner: "{{ owner }} and {{client}}" });
    expect(validateAnswer(spaced, ["Fix"], ctx)).toEqual({ ok: true, value: [{ what: "Fix", owner: "Dana and {{client}}", due: "2026-03-11" }] });
    const filled = parse({ id: "x", type: "actions", message: "x", owner: "Acme ops" });
    expect(validateAnswer(filled, ["Fix"], { now })).toEqual({ ok: true, value: [{ what: "Fix", owner: "Acme ops", due: "2026-03-11" }] });
  });

  it("asks for an owner when none is known", () => {
    const p = parse({ id: "x", type: "actions", message: "x", owner: "{{owner}}" });
    expect(validateAnswer(p, ["Fix"], { now })).toMatchObject({ ok: false, message: 'commitment 1 ("Fix") needs an owner', parts: [{ at: [0] }] });
  });

  it("a text prompt without max_length takes long answers", () => {
    const p = parse({ id: "x", type: "text", message: "x" });
    expect(validateAnswer(p, "x".repeat(500), ctx)).toEqual({ ok: true, value: "x".repeat(500) });
  });
});

describe("choices", () => {
  const s = prompt("s");
  if (s.type !== "select") throw new Error("fixture changed");

  it("lists values and labels in playbook order", () => {
    expect(choiceValues(s)).toEqual(["low", "med", "hi"]);
    expect(choiceList(s)).toEqual([
      { value: "low", label: "low" },
      { value: "med", label: "Medium" },
      { value: "hi", label: "High" },
    ]);
  });

  it.each([
    ["med", "Medium"],
    ["low", "low"],
    ["gone", "gone"],
  ])("label of %s is %s", (value, label) => expect(choiceLabel(s, value)).toBe(label));
});
