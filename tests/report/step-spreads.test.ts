import { describe, expect, it } from "vitest";
import { encodeStepPairs, MAX_STEP_ID, UnreadableStepTimes } from "../../src/report/step-pairs.js";
import { percentile } from "../../src/report/stats.js";
import { bucketOf, stepSpreads } from "../../src/report/step-spreads.js";

/** The spread as the report defines it: percentiles of each step's sorted times, rounded. */
function expected(pairs: Array<[number, number]>): Map<number, { sessions: number; medianMs: number; p90Ms: number }> {
  const byStep = new Map<number, number[]>();
  for (const [id, ms] of pairs) byStep.set(id, [...(byStep.get(id) ?? []), ms]);
  const out = new Map();
  for (const [id, times] of byStep) {
    const sorted = times.sort((a, b) => a - b);
    out.set(id, { sessions: sorted.length, medianMs: Math.round(percentile(sorted, 0.5)!), p90Ms: Math.round(percentile(sorted, 0.9)!) });
  }
  return out;
}

function spreadsOf(chunks: Array<Array<[number, number]>>) {
  const bytes = chunks.map((c) => encodeStepPairs(c));
  return stepSpreads(bytes, new Float64Array(Math.max(0, ...bytes.map((b) => b.length))));
}

describe("stepSpreads", () => {
  it("gives each step the percentiles of its sorted times, whatever their spread", () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 48271) % 2147483647;
      return seed % n;
    };
    // Tight clusters (many times in one bucket), times spread over hours, ties, values each side
    // of the buckets' edges, times past 2^32 ms, and more step ids than the first rows hold.
    const draws: Array<() => number> = [
      () => 60_000 + rnd(40),
      () => rnd(4 * 3_600_000),
      () => [0, 1, 127, 128, 129, 255, 256, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1][rnd(10)]!,
      () => 2 ** 32 + rnd(2 ** 20) * 2 ** 20,
      () => rnd(200),
      () => 5,
    ];
    for (let t = 0; t < 120; t++) {
      const steps = 1 + rnd(t % 3 === 0 ? 40 : 6);
      const chunks = Array.from({ length: 1 + rnd(6) }, () =>
        Array.from({ length: rnd(400) }, (): [number, number] => [rnd(steps) * (t % 4 === 0 ? 37 : 1), draws[(t + rnd(2)) % draws.length]!()]),
      );
      const got = spreadsOf(chunks);
      expect(new Map([...got].sort(([a], [b]) => a - b))).toEqual(new Map([...expected(chunks.flat())].sort(([a], [b]) => a - b)));
    }
  });

  it("gives one time as its own median and 90th percentile, and nothing for no times", () => {
    expect(spreadsOf([[[3, 1234]]])).toEqual(new Map([[3, { sessions: 1, medianMs: 1234, p90Ms: 1234 }]]));
    expect(spreadsOf([[], []])).toEqual(new Map());
  });

  it("refuses a step id no step_names row could have", () => {
    expect(() => spreadsOf([[[MAX_STEP_ID, 1]]])).toThrow(UnreadableStepTimes);
  });
});

describe("bucketOf", () => {
  it("never puts a larger time in a lower bucket, and keeps times under 128 ms apart", () => {
    const times = [0, 1, 2, 127, 128, 129, 130, 255, 256, 1000, 65_535, 65_536, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 33, 2 ** 40, 2 ** 53];
    for (let v = 0; v < 300_000; v += 7) times.push(v);
    times.sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) expect(bucketOf(times[i]!)).toBeGreaterThanOrEqual(bucketOf(times[i - 1]!));
    for (let v = 0; v < 128; v++) expect(bucketOf(v)).toBe(v);
    expect(bucketOf(2 ** 32 - 1)).toBeLessThan(bucketOf(2 ** 32));
  });
});
