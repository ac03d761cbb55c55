import { describe, expect, it } from "vitest";
import { decodeStepPairs, encodeStepPairs } from "../../src/report/step-pairs.js";

const decode = (bytes: Uint8Array) => {
  const into = new Float64Array(bytes.length);
  return Array.from(into.subarray(0, decodeStepPairs(bytes, into)));
};

describe("step pairs (session_stats.step_ms)", () => {
  it("give back every whole number they were given, up to the largest safe one", () => {
    const pairs: Array<[number, number]> = [[1, 0], [127, 128], [128, 16_383], [16_384, 2 ** 32 + 5], [3, Number.MAX_SAFE_INTEGER]];
    expect(decode(encodeStepPairs(pairs))).toEqual(pairs.flat());
  });

  it("take a byte for a number under 128 and one more for each further seven bits", () => {
    expect([...encodeStepPairs([[1, 127]])]).toEqual([1, 127]);
    expect([...encodeStepPairs([[1, 128]])]).toEqual([1, 0x80, 1]);
    // A step id under 128 and a step under 34 minutes (2^21 ms): four bytes.
    expect(encodeStepPairs([[5, 34 * 60_000]])).toHaveLength(4);
    expect(encodeStepPairs([[5, 2 ** 21]])).toHaveLength(5);
  });

  it("read values laid end to end as one, as SQLite concatenates them for the report", () => {
    const both = Buffer.concat([encodeStepPairs([[1, 300]]), encodeStepPairs([[2, 70_000], [1, 5]])]);
    expect(decode(both)).toEqual([1, 300, 2, 70_000, 1, 5]);
  });

  it("refuse what no clock makes, and leave out a number cut short at the end", () => {
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 53]) expect(() => encodeStepPairs([[1, bad]])).toThrow(RangeError);
    expect(decode(Uint8Array.from([1, 5, 0x80]))).toEqual([1, 5]);
  });
});
