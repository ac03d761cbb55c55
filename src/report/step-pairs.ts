/**
 * Time per step as session_stats.step_ms keeps it (migration 19): [step id, ms] pairs end to end,
 * each number a whole number of at least 0 in LEB128, seven bits to a byte, the lowest first, the
 * top bit set on every byte of a number but its last. A step id below 128 and a step under 34
 * minutes take four bytes, where migration 13's pair of float64s took sixteen: the report reads
 * every completed session's step times at once, concatenated by SQLite, and at 100,000 sessions
 * those 13.5 MB became 3.3 MB, and the summaries they sit in 22 MB to 9.5 MB.
 *
 * Pure: the store writes with it (src/store/step-times.ts) and the report reads with it
 * (src/report/aggregate.ts). The numbers are step ids (rows of step_names) and step clocks
 * (src/session/clock.ts), which never go below 0.
 */

const MORE = 0x80;
const LOW_BITS = 0x7f;

/** The bytes of `pairs`; throws on a number that is not a whole number from 0 up, which no clock makes. */
export function encodeStepPairs(pairs: ReadonlyArray<readonly [id: number, ms: number]>): Buffer {
  const bytes: number[] = [];
  const put = (n: number) => {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`a step time holds whole numbers from 0 up, not ${n}`);
    // Division, not shifts: shifts would cut a number at 32 bits.
    for (; n > LOW_BITS; n = Math.floor(n / 128)) bytes.push((n % 128) | MORE);
    bytes.push(n);
  };
  for (const [id, ms] of pairs) {
    put(id);
    put(ms);
  }
  // A Buffer, which SQLite binds as a BLOB.
  return Buffer.from(bytes);
}

/**
 * The numbers of one or more step_ms values laid end to end, written into `into` (step id, ms,
 * step id, ms…); returns how many. `into` must hold `bytes.length` numbers, as each takes a byte
 * at least. A number cut short at the end (bytes edited by hand) is left out.
 */
export function decodeStepPairs(bytes: Uint8Array, into: Float64Array): number {
  let n = 0;
  let value = 0;
  let scale = 1;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    value += (b & LOW_BITS) * scale;
    if (b & MORE) {
      scale *= 128;
    } else {
      into[n++] = value;
      value = 0;
      scale = 1;
    }
  }
  return n;
}

/**
 * The highest step id a report lays out: ids are rows of step_names, a few per playbook step ever
 * named, and a report counts step times in an array indexed by id. A higher one was not written
 * by trust (bytes edited by hand).
 */
export const MAX_STEP_ID = 2 ** 24;

/** Step times a report cannot read: a step id no step_names row could have. */
export class UnreadableStepTimes extends Error {
  constructor(readonly id: number) {
    super(`a step id of ${id}`);
  }
}
