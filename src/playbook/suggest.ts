/**
 * "Did you mean" suggestions for misspelt keys, prompt types, prompt ids and template variables.
 * Pure string logic, no dependencies, so any module may use it.
 */

/**
 * Edit distance where swapping two neighbouring letters counts as one edit (optimal string
 * alignment). Three rows, not the whole table: an answers file may hold a 100,000-character key.
 */
export function editDistance(a: string, b: string): number {
  const cols = b.length + 1;
  let before = new Array<number>(cols).fill(0);
  let previous = Array.from({ length: cols }, (_, j) => j);
  let current = new Array<number>(cols).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2]! + 1);
      current[j] = best;
    }
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length]!;
}

function commonPrefixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/**
 * The candidates close enough to `input` to be a likely typo, closest first. Close means a few
 * edits for the word's length, or a shared start of three letters or more (`rate` → `rating`,
 * `desc` → `description`).
 */
export function closeOnes(input: string, candidates: readonly string[]): string[] {
  const needle = input.trim().toLowerCase();
  if (needle === "") return [];
  const scored: { candidate: string; score: number }[] = [];
  for (const candidate of candidates) {
    const hay = candidate.toLowerCase();
    // One edit turns any one-letter word into any other: too short to guess from.
    const longest = Math.max(needle.length, hay.length);
    const limit = longest <= 2 ? 0 : Math.max(1, Math.floor(longest / 3));
    const prefix = commonPrefixLength(needle, hay);
    const abbreviated = prefix >= 3 && prefix >= Math.min(needle.length, hay.length) - 1;
    // The distance is at least the difference in length: no need to work it out to know it is too far.
    if (!abbreviated && Math.abs(needle.length - hay.length) > limit) continue;
    const distance = editDistance(needle, hay);
    if (distance > limit && !abbreviated) continue;
    // A word that starts like the input is the likelier intent (`rate` → `rating`, not `date`);
    // then fewer edits win, and a longer shared start breaks ties.
    scored.push({ candidate, score: (abbreviated ? 0 : 100) + distance - prefix / 100 });
  }
  // Stable: equal scores keep the candidates' order.
  return scored.sort((a, b) => a.score - b.score).map((s) => s.candidate);
}

/** The candidate closest to `input`, or undefined when none is close enough to be a likely typo. */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  return closeOnes(input, candidates)[0];
}

/** ` (did you mean "x"?)`, formatted by `quote`, or an empty string when nothing is close. */
export function didYouMean(input: string, candidates: readonly string[], quote: (s: string) => string = (s) => `"${s}"`): string {
  const match = closest(input, candidates);
  return match === undefined ? "" : ` (did you mean ${quote(match)}?)`;
}

/** "Did you mean" when something is close, else the whole (short) list of what is allowed: ` (a, b, c)`. */
export function suggestOrList(input: string, candidates: readonly string[]): string {
  return didYouMean(input, candidates) || ` (${[...new Set(candidates)].join(", ")})`;
}
