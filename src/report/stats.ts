/**
 * Percentiles, rates and means for the report, pure and exact. Percentiles interpolate linearly
 * between the two closest ranks (numpy's default, Excel's PERCENTILE.INC).
 */

export interface Spread {
  medianMs: number | null;
  p90Ms: number | null;
}

/**
 * The p-th percentile (0..1) of ascending values, interpolating linearly between the two closest
 * ranks (numpy's default, Excel's PERCENTILE.INC): p=0.5 of [1,2,3,4] is 2.5. Null when empty.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  const [{ lo, hi, weight }] = percentileRanks(sorted.length, [p]) as [PercentileRanks];
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * weight;
}

/** Where the p-th percentile of n ascending values lies: between ranks lo and hi (lo + 1, or lo at the end), `weight` of the way. */
export interface PercentileRanks {
  lo: number;
  hi: number;
  weight: number;
}

/** The ranks of each percentile in `ps` (0..1) of n values, n > 0: the one rule every percentile here follows. */
export function percentileRanks(n: number, ps: readonly number[]): PercentileRanks[] {
  return ps.map((p) => {
    const rank = (n - 1) * Math.min(1, Math.max(0, p));
    const lo = Math.floor(rank);
    return { lo, hi: Math.min(n - 1, lo + 1), weight: rank - lo };
  });
}

/** Median and 90th percentile of durations in ms, rounded to whole ms; nulls when there are none. */
export function spread(values: ArrayLike<number>): Spread {
  return spreadInPlace(new Float64Array(values));
}

/** The percentiles a Spread gives, in its order. */
export const SPREAD_PS: readonly number[] = [0.5, 0.9];

/** spread(), reordering `values` instead of copying it. */
export function spreadInPlace(values: Float64Array): Spread {
  return spreadOf(quantilesInPlace(values, SPREAD_PS));
}

/** A Spread of the SPREAD_PS percentiles, rounded to whole ms. */
export function spreadOf([median, p90]: ReadonlyArray<number | null>): Spread {
  const wholeMs = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v));
  return { medianMs: wholeMs(median), p90Ms: wholeMs(p90) };
}

/**
 * The same percentiles as percentile() on the sorted values, without sorting: quickselect finds
 * each rank in linear time, and the next rank up is the smallest value right of it. For a
 * million step times that is several times faster than a sort. `ps` ascending; reorders `a`.
 */
export function quantilesInPlace(a: Float64Array, ps: readonly number[]): Array<number | null> {
  const n = a.length;
  if (n === 0) return ps.map(() => null);
  let left = 0;
  return percentileRanks(n, ps).map(({ lo, weight }) => {
    const low = select(a, lo, left, n - 1);
    left = lo; // everything right of lo is now >= a[lo]: later ranks are found there
    if (weight === 0) return low;
    let high = Infinity;
    for (let i = lo + 1; i < n; i++) if (a[i]! < high) high = a[i]!;
    return low + (high - low) * weight;
  });
}

/** Moves the k-th smallest of a[left..right] to a[k] (smaller before, larger after) and returns it. */
function select(a: Float64Array, k: number, left: number, right: number): number {
  while (right > left) {
    // Median of three as the pivot: sorted or reversed input stays linear.
    const mid = left + ((right - left) >> 1);
    if (a[mid]! < a[left]!) swap(a, mid, left);
    if (a[right]! < a[left]!) swap(a, right, left);
    if (a[right]! < a[mid]!) swap(a, right, mid);
    const pivot = a[mid]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) swap(a, i++, j--);
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return a[k]!;
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/** part / whole rounded to 4 decimals, or null when there is nothing to divide. */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : round(part / whole, 4);
}

/** The mean rounded to 2 decimals, or null for no values. */
export function mean(sum: number, count: number): number | null {
  return count === 0 ? null : round(sum / count, 2);
}

function round(v: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
}
