import { describe, expect, it } from "vitest";
import { closeOnes, closest, didYouMean, editDistance, suggestOrList } from "../../src/playbook/suggest.js";

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

  it("agrees with the whole table, the textbook's way, on random words of a small alphabet", () => {
    // Optimal string alignment with the full (a.length+1) × (b.length+1) table.
    const reference = (a: string, b: string): number => {
      const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
      for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
          d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
        }
      }
      return d[a.length]![b.length]!;
    };
    // A seeded generator, so a failure names words that can be tried again.
    let seed = 42;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed);
    const word = () => Array.from({ length: next() % 9 }, () => "abcé"[next() % 4]).join("");
    for (let n = 0; n < 2000; n++) {
      const [a, b] = [word(), word()];
      const exact = reference(a, b);
      expect(editDistance(a, b), `${a} → ${b}`).toBe(exact);
      // With a limit: the distance itself up to the limit, some number past it beyond.
      for (const limit of [0, 1, 2, 3]) {
        const bounded = editDistance(a, b, limit);
        if (exact <= limit) expect(bounded, `${a} → ${b} within ${limit}`).toBe(exact);
        else expect(bounded, `${a} → ${b} within ${limit}`).toBeGreaterThan(limit);
      }
    }
  });
});

describe("closeOnes", () => {
  it("passes over by their letters alone only names too far to be a typo", () => {
    // Every candidate within a third of the longer word's length in edits is kept, whatever its
    // letters; checked against editDistance itself on random words of a small alphabet.
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed);
    const word = () => Array.from({ length: 3 + (next() % 8) }, () => "abcdé"[next() % 5]).join("");
    for (let n = 0; n < 300; n++) {
      const needle = word();
      const candidates = Array.from({ length: 20 }, word);
      const near = candidates.filter((c) => editDistance(needle, c) <= Math.max(1, Math.floor(Math.max(needle.length, c.length) / 3)));
      expect(closeOnes(needle, candidates), needle).toEqual(expect.arrayContaining(near));
    }
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
