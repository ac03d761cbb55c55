import { describe, expect, it } from "vitest";
import { closest, didYouMean, editDistance, suggestOrList } from "../../src/playbook/suggest.js";

describe("editDistance", () => {
  it.each([
    ["", "", 0],
    ["abc", "abc", 0],
    ["abc", "", 3],
    ["stepz", "steps", 1],
    ["titel", "title", 1], // a swap of neighbours is one edit
    ["rate", "rating", 3],
    ["kitten", "sitting", 3],
  ])("%s → %s is %i", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});

describe("closest", () => {
  const types = ["text", "longtext", "confirm", "select", "checklist", "rating", "number", "date", "list", "actions"];

  it("prefers a word that starts like the input over a shorter edit", () => {
    expect(closest("rate", types)).toBe("rating");
  });

  it.each([
    ["chekclist", "checklist"],
    ["numbr", "number"],
    ["Select", "select"],
    ["texts", "text"],
    ["action", "actions"],
  ])("%s → %s", (input, want) => {
    expect(closest(input, types)).toBe(want);
  });

  it("suggests nothing for unrelated words or one-letter inputs", () => {
    expect(closest("banana", types)).toBeUndefined();
    expect(closest("x", ["a", "b"])).toBeUndefined();
    expect(closest("", types)).toBeUndefined();
  });
});

describe("didYouMean / suggestOrList", () => {
  it("formats a suggestion, quoted by default or by the given quote", () => {
    expect(didYouMean("descrption", ["id", "description"])).toBe(' (did you mean "description"?)');
    expect(didYouMean("clinet", ["client", "owner"], (s) => `{{${s}}}`)).toBe(" (did you mean {{client}}?)");
    expect(didYouMean("zzz", ["client"])).toBe("");
  });

  it("lists the (distinct) candidates when none is close", () => {
    expect(suggestOrList("q", ["a", "b", "a"])).toBe(" (a, b)");
    expect(suggestOrList("hgh", ["low", "high"])).toBe(' (did you mean "high"?)');
  });
});
