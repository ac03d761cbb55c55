import { describe, expect, it } from "vitest";
import { dueCounts, numbers } from "../../src/store/report.js";

/**
 * What SQLite's group_concat hands the report: numbers joined with commas, in JSON arrays or not,
 * and JSON arrays of due dates. Read in one pass without a string per value; checked here
 * against the plain way (split, Number, a regex) on random input.
 */

function plainNumbers(text: string): number[] {
  return text
    .replace(/[[\]]/g, "")
    .split(",")
    .filter((p) => p !== "")
    .map(Number);
}

function plainDue(text: string, today: string): { open: number; overdue: number } {
  let open = 0;
  let overdue = 0;
  for (const [, due] of text.matchAll(/"([^"]*)"/g)) (open += 1), (overdue += due! < today ? 1 : 0);
  return { open, overdue };
}

function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

describe("numbers joined by SQLite", () => {
  it("reads plain lists, lists of JSON arrays, empty arrays, negatives, fractions and big values", () => {
    expect(Array.from(numbers("1,2,3"))).toEqual([1, 2, 3]);
    expect(Array.from(numbers("[1,2],[],[3]"))).toEqual([1, 2, 3]);
    expect(Array.from(numbers("[]"))).toEqual([]);
    expect(Array.from(numbers(null))).toEqual([]);
    expect(Array.from(numbers("-5,0,1.5,2e3,9007199254740993"))).toEqual([-5, 0, 1.5, 2000, 9007199254740993]);
  });

  it("agrees with splitting on random lists", () => {
    const r = random(7);
    for (let round = 0; round < 300; round++) {
      const arrays = Array.from({ length: Math.floor(r() * 6) }, () =>
        Array.from({ length: Math.floor(r() * 5) }, () => {
          const kind = r();
          return kind < 0.7 ? Math.floor(r() * 1e9) : kind < 0.8 ? -Math.floor(r() * 1e6) : kind < 0.9 ? Math.round(r() * 1e6) / 100 : Math.floor(r() * 1e17);
        }),
      );
      const bracketed = arrays.map((a) => `[${a.join(",")}]`).join(",");
      const flat = arrays.flat().join(",");
      expect(Array.from(numbers(bracketed))).toEqual(plainNumbers(bracketed));
      expect(Array.from(numbers(flat))).toEqual(plainNumbers(flat));
    }
  });

  it("counts open and overdue due dates as comparing the dates as text does", () => {
    const r = random(11);
    const day = () => `2026-${String(1 + Math.floor(r() * 12)).padStart(2, "0")}-${String(1 + Math.floor(r() * 28)).padStart(2, "0")}`;
    for (let round = 0; round < 300; round++) {
      const text = Array.from({ length: Math.floor(r() * 6) }, () => JSON.stringify(Array.from({ length: Math.floor(r() * 4) }, day))).join(",");
      for (const today of [day(), "2026-06-15", "2026-06-1", "2027"]) expect(dueCounts(text, today)).toEqual(plainDue(text, today));
    }
    expect(dueCounts(null, "2026-01-01")).toEqual({ open: 0, overdue: 0 });
  });
});
