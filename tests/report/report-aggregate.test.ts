import { describe, expect, it } from "vitest";
import { monthRange } from "../../src/report/months.js";
import { reportOf, type SessionFacts } from "./batches.js";
import { mean, percentile, quantilesInPlace, rate, spread } from "../../src/report/stats.js";
import { playbookFacts } from "../../src/playbook/facts.js";
import { mergeStepOrder } from "../../src/playbook/step-order.js";
import { sparkline } from "../../src/report/sparkline.js";

const DAY = 86_400_000;
const JAN = Date.UTC(2026, 0, 15);
const FEB = Date.UTC(2026, 1, 15);
const APR = Date.UTC(2026, 3, 1);

function facts(overrides: Partial<SessionFacts> = {}): SessionFacts {
  return {
    client: "Acme",
    owner: "Dana",
    playbook: "restore-trust",
    startedAt: JAN,
    status: "completed",
    activeMs: 60_000,
    stepMs: [],
    trustBefore: null,
    trustAfter: null,
    actionsOpen: 0,
    actionsDone: 0,
    actionsOverdue: 0,
    doneMs: [],
    ...overrides,
  };
}

describe("percentile", () => {
  it.each([
    [[], 0.5, null],
    [[7], 0.5, 7],
    [[7], 0.9, 7],
    [[1, 2, 3], 0.5, 2],
    [[1, 2, 3, 4], 0.5, 2.5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9.1],
    [[10, 20], 0.9, 19],
    [[1, 2, 3], 0, 1],
    [[1, 2, 3], 1, 3],
  ])("of %j at %d is %j", (values, p, expected) => {
    const got = percentile(values, p);
    if (expected === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(expected, 10);
  });
});

describe("spread, rate and mean", () => {
  it("sorts before taking percentiles and rounds to whole ms", () => {
    expect(spread([300, 100, 200, 400])).toEqual({ medianMs: 250, p90Ms: 370 });
    expect(spread([1, 2])).toEqual({ medianMs: 2, p90Ms: 2 }); // 1.5 and 1.9 rounded
  });
  it("gives nulls for no values", () => {
    expect(spread([])).toEqual({ medianMs: null, p90Ms: null });
    expect(rate(0, 0)).toBeNull();
    expect(mean(0, 0)).toBeNull();
  });
  it("rounds rates to 4 decimals and means to 2", () => {
    expect(rate(2, 3)).toBe(0.6667);
    expect(rate(3, 3)).toBe(1);
    expect(mean(10, 3)).toBe(3.33);
  });
});

describe("monthRange", () => {
  it("lists every month, across a year end", () => {
    expect(monthRange("2025-11", "2026-02")).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
    expect(monthRange("2026-03", "2026-03")).toEqual(["2026-03"]);
  });
});

describe("buildReport", () => {
  it("gives zeros and nulls when no session matches", () => {
    const r = reportOf([], "client");
    expect(r.totals).toEqual({
      sessions: { started: 0, completed: 0, completionRate: null },
      duration: { medianMs: null, p90Ms: null },
      steps: [],
      trust: { before: null, after: null, change: null, ratedBoth: 0 },
      commitments: { open: 0, done: 0, overdue: 0, medianTimeToDoneMs: null },
    });
    expect(r.groups).toEqual([]);
    expect(r.months).toEqual([]);
  });

  it("counts, times and rates over all sessions", () => {
    const r = reportOf(
      [
        facts({ activeMs: 100, stepMs: [["b", 40], ["a", 60]], trustBefore: 2, trustAfter: 4, actionsOpen: 2, actionsOverdue: 1 }),
        facts({ activeMs: 300, stepMs: [["a", 300]], trustBefore: 3, actionsDone: 2, doneMs: [2 * DAY, 4 * DAY] }),
        facts({ status: "in_progress", activeMs: null, trustAfter: 5, actionsOpen: 1, actionsDone: 1, doneMs: [DAY] }),
      ],
      undefined,
      ["a", "b"],
    );
    expect(r.totals.sessions).toEqual({ started: 3, completed: 2, completionRate: 0.6667 });
    expect(r.totals.duration).toEqual({ medianMs: 200, p90Ms: 280 });
    expect(r.totals.steps).toEqual([
      { playbook: "restore-trust", step: "a", sessions: 2, budgetMs: null, medianMs: 180, p90Ms: 276 },
      { playbook: "restore-trust", step: "b", sessions: 1, budgetMs: null, medianMs: 40, p90Ms: 40 },
    ]);
    // before: (2+3)/2; after: (4+5)/2; change only where both were rated: 4-2.
    expect(r.totals.trust).toEqual({ before: 2.5, after: 4.5, change: 2, ratedBoth: 1 });
    expect(r.totals.commitments).toEqual({ open: 3, done: 3, overdue: 1, medianTimeToDoneMs: 2 * DAY });
  });

  it("groups by key in a stable order, matching names without case", () => {
    const r = reportOf(
      [facts({ client: "beta" }), facts({ client: "Acme" }), facts({ client: "acme" }), facts({ client: "Zed" })],
      "client",
    );
    expect(r.groups.map((g) => [g.key, g.figures.sessions.started])).toEqual([
      ["Acme", 2],
      ["beta", 1],
      ["Zed", 1],
    ]);
  });

  it("takes a name whose letters are composed otherwise (é as e and an accent) as the same client, as trust client does", () => {
    const r = reportOf([facts({ client: "Café" }), facts({ client: "CAFÉ" }), facts({ client: "Cafe\u0301" })], "client");
    expect(r.groups.map((g) => [g.key, g.figures.sessions.started])).toEqual([["Café", 3]]);
    const owners = reportOf([facts({ owner: "José" }), facts({ owner: "Jose\u0301" })], "session-owner");
    expect(owners.groups.map((g) => [g.key, g.figures.sessions.started])).toEqual([["José", 2]]);
  });

  it("groups by UTC month, owner and playbook", () => {
    const list = [
      facts({ startedAt: FEB, owner: "Lee", playbook: "service-outage" }),
      facts({ startedAt: JAN }),
      facts({ startedAt: Date.UTC(2026, 0, 31, 23, 30) }),
    ];
    expect(reportOf(list, "month").groups.map((g) => [g.key, g.figures.sessions.started])).toEqual([
      ["2026-01", 2],
      ["2026-02", 1],
    ]);
    expect(reportOf(list, "session-owner").groups.map((g) => g.key)).toEqual(["Dana", "Lee"]);
    expect(reportOf(list, "playbook").groups.map((g) => g.key)).toEqual(["restore-trust", "service-outage"]);
  });

  it("keeps every month in the trend, with gaps as null", () => {
    const r = reportOf(
      [facts({ startedAt: JAN, trustBefore: 2, trustAfter: 4 }), facts({ startedAt: APR, client: "Beta", trustBefore: 1, trustAfter: 3 })],
      "client",
    );
    expect(r.months).toEqual(["2026-01", "2026-02", "2026-03", "2026-04"]);
    expect(r.trend).toEqual([
      { month: "2026-01", sessions: 1, before: 2, after: 4 },
      { month: "2026-02", sessions: 0, before: null, after: null },
      { month: "2026-03", sessions: 0, before: null, after: null },
      { month: "2026-04", sessions: 1, before: 1, after: 3 },
    ]);
    expect(r.groups.map((g) => g.trend)).toEqual([
      [4, null, null, null],
      [null, null, null, 3],
    ]);
  });

  it("puts steps in playbook order, unknown ones last by name", () => {
    const r = reportOf([facts({ stepMs: [["zeta", 1], ["extra", 1], ["first", 1]] })], undefined, ["first", "zeta"]);
    expect(r.totals.steps.map((s) => s.step)).toEqual(["first", "zeta", "extra"]);
  });
});

describe("sparkline", () => {
  it("scales to the values, or to a shared range", () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8])).toBe("▁▂▃▄▅▆▇█");
    expect(sparkline([3, 5], { min: 1, max: 5 })).toBe("▅█");
  });
  it("marks gaps and handles flat or empty data", () => {
    expect(sparkline([null, 2, null])).toBe("·▄·");
    expect(sparkline([4, 4])).toBe("▄▄");
    expect(sparkline([])).toBe("");
  });
});

describe("playbookFacts", () => {
  it("finds the steps and the rating prompts that carry a metric", () => {
    const source = [
      "id: mini",
      "steps:",
      "  - id: one",
      "    prompts:",
      "      - { id: before, type: rating, metric: trust_before }",
      "      - { id: other, type: text, metric: trust_after }",
      "  - id: two",
      "    prompts:",
      "      - { id: after, type: rating, metric: trust_after }",
      "      - { id: next, type: date, letter: next }",
    ].join("\n");
    expect(playbookFacts(source)).toEqual({ id: "mini", steps: ["one", "two"], metrics: { trust_before: "before", trust_after: "after" }, nextUpdate: "next" });
  });
  it("reads nothing from text that is not a playbook", () => {
    expect(playbookFacts("[unclosed")).toEqual({ id: "", steps: [], metrics: {}, nextUpdate: null });
    expect(playbookFacts("just text")).toEqual({ id: "", steps: [], metrics: {}, nextUpdate: null });
  });
  it("merges step orders of several playbooks by playbook id", () => {
    expect(mergeStepOrder([{ id: "b", steps: ["x", "shared"] }, { id: "a", steps: ["shared", "y"] }])).toEqual(["shared", "y", "x"]);
  });
});

describe("quantilesInPlace", () => {
  it("matches percentile() of the sorted values on random data, duplicates and sorted runs", () => {
    let seed = 11;
    const rnd = (n: number) => {
      seed = (seed * 48271) % 2147483647;
      return seed % n;
    };
    const inputs: number[][] = [[], [5], [2, 1], [3, 3, 3, 3], Array.from({ length: 50 }, (_, i) => i), Array.from({ length: 50 }, (_, i) => 50 - i)];
    for (let t = 0; t < 200; t++) inputs.push(Array.from({ length: 1 + rnd(300) }, () => rnd(t % 2 ? 10 : 100_000)));
    for (const values of inputs) {
      const sorted = [...values].sort((x, y) => x - y);
      const ps = [0, 0.25, 0.5, 0.9, 0.99, 1];
      const got = quantilesInPlace(Float64Array.from(values), ps);
      ps.forEach((p, i) => {
        const want = percentile(sorted, p);
        if (want === null) expect(got[i]).toBeNull();
        else expect(got[i]).toBeCloseTo(want, 9);
      });
    }
  });
});
