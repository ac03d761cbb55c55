import { describe, expect, it } from "vitest";
import { budgetBars, niceAxis, stackedBars } from "../../src/report/svg-charts.js";

/** Chart axes of the HTML report: every gridline on a round value, so its label is true. */
describe("niceAxis", () => {
  const counts = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];
  it.each([
    [8, { top: 8, steps: 4 }],
    [7, { top: 8, steps: 4 }],
    [5, { top: 5, steps: 5 }],
    [1, { top: 1, steps: 1 }],
    [11, { top: 15, steps: 3 }],
    [857, { top: 1000, steps: 5 }],
    [477, { top: 500, steps: 5 }],
  ])("a largest count of %d", (max, axis) => {
    expect(niceAxis(max, 5, counts)).toEqual(axis);
  });
});

/** The labels of a chart's ticks, and the x of each. */
function ticks(svg: string): Array<[string, number]> {
  return [...svg.matchAll(/<text class="tick" x="([\d.]+)"[^>]*>([^<]*)</g)].map((m) => [m[2]!, Number(m[1])]);
}

describe("the charts' gridlines", () => {
  it("stack counts on whole, evenly spaced values that end at or past the longest bar", () => {
    const svg = stackedBars("c", "Commitments", [{ label: "Dana", values: [3, 4, 1] }, { label: "Sam", values: [7, 0, 0] }], [
      { cls: "a", label: "A" },
      { cls: "b", label: "B" },
      { cls: "c", label: "C" },
    ]);
    const t = ticks(svg);
    expect(t.map(([label]) => label)).toEqual(["0", "2", "4", "6", "8"]);
    // Evenly spaced, so each label stands where its value is.
    const gaps = t.slice(1).map(([, x], i) => x - t[i]![1]);
    for (const g of gaps) expect(g).toBeCloseTo(gaps[0]!, 0);
  });

  it("time steps in round seconds, minutes or hours", () => {
    const svg = budgetBars("b", "Steps", [{ label: "prepare", medianMs: 200_000, p90Ms: 353_000, budgetMs: 300_000 }], (ms) => `${ms / 60_000}m`);
    expect(ticks(svg).map(([label]) => label)).toEqual(["0m", "2m", "4m", "6m"]);
  });
});
