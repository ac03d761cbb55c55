import { decodeStepPairs, MAX_STEP_ID, UnreadableStepTimes } from "./step-pairs.js";
import { percentileRanks, SPREAD_PS, spreadOf, type Spread } from "./stats.js";

/**
 * The spread (median, 90th percentile) of each step's times in one playbook's step_ms values
 * (src/report/step-pairs.ts), exact, without ever holding the times: the report over 100,000
 * sessions reads about 800,000 of them.
 *
 * Two passes over the bytes. The first counts each step's times in buckets that follow the
 * value's binary order of magnitude (the top six bits below the leading one, so a bucket is at
 * most 1/64 of its values wide); the counts say which bucket each wanted rank falls in, and how
 * far into it. The second keeps only the times in those buckets, a few hundred or thousand, and
 * sorts them. Before, every time was laid out by step in one array (up to some 6 MB on the
 * bench's file) and quickselect reordered it: a few ms slower and 2 MB more at the report's peak.
 */

/** Exact values below this: step times under 128 ms. */
const EXACT = 128;
/** Buckets per power of two from EXACT up: the top bits of the value below its leading one. */
const SUB_BITS = 6;
const SUB = 1 << SUB_BITS;
// 2^7 to 2^32: 25 powers of two, SUB buckets each; then one bucket per power of two (the last
// holding everything from 2^95 up).
const FINE_END = EXACT + (32 - 7) * SUB;
const BUCKETS = FINE_END + 64;

/**
 * The bucket of a step time: never lower for a larger value, so the buckets are in the values'
 * order. Step clocks are whole ms from 0 up; anything else (bytes edited by hand) still lands in
 * a bucket rather than throwing.
 */
export function bucketOf(ms: number): number {
  if (ms < EXACT) return ms >= 0 ? Math.floor(ms) : 0;
  if (ms < 2 ** 32) {
    const top = 31 - Math.clz32(ms);
    return EXACT + (top - 7) * SUB + ((ms >>> (top - SUB_BITS)) & (SUB - 1));
  }
  // Past 49 days: only whole powers of two apart, which no real step reaches.
  let power = 0;
  for (let v = ms / 2 ** 32; v >= 2 && power < 63; v /= 2) power++;
  return FINE_END + power;
}

export interface StepSpread extends Spread {
  /** How many times the step has (one per visit). */
  sessions: number;
}

/**
 * Each step id's spread over `chunks`, step_ms values laid end to end. `numbers` holds one
 * chunk's numbers at a time (as many as the longest chunk has bytes). Throws UnreadableStepTimes
 * for a step id past MAX_STEP_ID.
 */
export function stepSpreads(chunks: readonly Uint8Array[], numbers: Float64Array): Map<number, StepSpread> {
  const counted = countBuckets(chunks, numbers);
  const { ids, counts } = counted;
  // Each wanted rank: the bucket it falls in and its place there. The counts row then becomes a
  // lookup: 1 + the number of the bucket's collection for the buckets kept, 0 for the others.
  const wanted = ids.map((_, slot) => wantedRanks(counts.subarray(slot * BUCKETS, (slot + 1) * BUCKETS)));
  const kept: Float64Array[] = [];
  wanted.forEach((step, slot) => {
    const row = counts.subarray(slot * BUCKETS, (slot + 1) * BUCKETS);
    const collection = new Map<number, number>();
    for (const r of step.ranks) {
      if (!collection.has(r.bucket)) {
        collection.set(r.bucket, kept.length);
        kept.push(new Float64Array(row[r.bucket]!));
      }
      r.collection = collection.get(r.bucket)!;
    }
    row.fill(0);
    for (const [bucket, k] of collection) row[bucket] = k + 1;
  });
  keepWanted(chunks, numbers, counted, kept);
  for (const values of kept) values.sort();

  const out = new Map<number, StepSpread>();
  ids.forEach((id, slot) => {
    const { n, ranks } = wanted[slot]!;
    const value = (rank: number) => {
      const r = ranks.find((w) => w.rank === rank)!;
      return kept[r.collection]![r.offset]!;
    };
    const percentiles = percentileRanks(n, SPREAD_PS).map(({ lo, hi, weight }) => {
      const low = value(lo);
      return weight === 0 ? low : low + (value(hi) - low) * weight;
    });
    out.set(id, { sessions: n, ...spreadOf(percentiles) });
  });
  return out;
}

// The two passes are functions of their own, each no more than its loop: V8 compiles a hot loop
// while it runs (on-stack replacement), and code after the loop that has not run yet sends it
// back to the interpreter (a deopt for want of type feedback) every time a loop ends, which in
// one function with both passes cost more than the passes themselves.

interface Counted {
  /** slotOf[id] - 1: the step's row of counts (0: not seen). */
  slotOf: Int32Array;
  /** BUCKETS counts a step, rows in the order steps were first seen. */
  counts: Int32Array;
  /** The step id of each row. */
  ids: number[];
}

function countBuckets(chunks: readonly Uint8Array[], numbers: Float64Array): Counted {
  let slotOf = new Int32Array(16);
  let counts = new Int32Array(8 * BUCKETS);
  const ids: number[] = [];
  for (const chunk of chunks) {
    const n = decodeStepPairs(chunk, numbers);
    for (let i = 0; i + 1 < n; i += 2) {
      const step = numbers[i]!;
      if (step >= MAX_STEP_ID) throw new UnreadableStepTimes(step);
      const id = step | 0;
      if (id >= slotOf.length) slotOf = grown(slotOf, id + 1);
      let slot = slotOf[id]! - 1;
      if (slot < 0) {
        slot = ids.length;
        ids.push(id);
        slotOf[id] = slot + 1;
        if ((slot + 1) * BUCKETS > counts.length) counts = grown(counts, (slot + 1) * BUCKETS);
      }
      counts[slot * BUCKETS + bucketOf(numbers[i + 1]!)]!++;
    }
  }
  return { slotOf, counts, ids };
}

/** The second pass: the times in the buckets `lookup.counts` marks, into `kept`. */
function keepWanted(chunks: readonly Uint8Array[], numbers: Float64Array, lookup: Counted, kept: Float64Array[]): void {
  const { slotOf, counts } = lookup;
  const filled = new Int32Array(kept.length);
  for (const chunk of chunks) {
    const n = decodeStepPairs(chunk, numbers);
    for (let i = 0; i + 1 < n; i += 2) {
      const ms = numbers[i + 1]!;
      const k = counts[(slotOf[numbers[i]! | 0]! - 1) * BUCKETS + bucketOf(ms)]!;
      if (k !== 0) kept[k - 1]![filled[k - 1]!++] = ms;
    }
  }
}

interface WantedRank {
  rank: number;
  bucket: number;
  /** Its place among the bucket's values in order. */
  offset: number;
  collection: number;
}

/** The ranks the percentiles need of a step counted in `row`, each with its bucket and place there. */
function wantedRanks(row: Int32Array): { n: number; ranks: WantedRank[] } {
  let n = 0;
  for (let b = 0; b < row.length; b++) n += row[b]!;
  const ranks = [...new Set(percentileRanks(n, SPREAD_PS).flatMap(({ lo, hi }) => [lo, hi]))].sort((a, b) => a - b);
  const out: WantedRank[] = [];
  let below = 0;
  let b = 0;
  for (const rank of ranks) {
    while (below + row[b]! <= rank) below += row[b++]!;
    out.push({ rank, bucket: b, offset: rank - below, collection: -1 });
  }
  return { n, ranks: out };
}

function grown(a: Int32Array, atLeast: number): Int32Array<ArrayBuffer> {
  const out = new Int32Array(Math.max(atLeast, a.length * 2));
  out.set(a);
  return out;
}
