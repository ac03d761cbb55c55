/**
 * "Did you mean" suggestions for misspelt keys, prompt types, prompt ids and template variables.
 * Pure string logic, no dependencies, so any module may use it.
 */

// editDistance's rows, kept from one call to the next: three new typed arrays for each of 2,500
// client names doubled the collections of a "did you mean".
let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * Edit distance where swapping two neighbouring letters counts as one edit (optimal string
 * alignment). Three rows, not the whole table: an answers file may hold a 100,000-character key.
 * With `limit`, a distance past it is only known to be past it: the answer is then some number
 * above `limit`, found as soon as a whole row is past it.
 * "Did you mean" weighs every known client name, and most are far from what was typed: working
 * out each distance in full was most of a mistyped name's time (25 ms on 2,500 clients).
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const cols = b.length + 1;
  if (rows[0].length < cols) rows = [new Int32Array(cols), new Int32Array(cols), new Int32Array(cols)];
  let [before, previous, current] = rows;
  for (let j = 0; j < cols; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const ai = a.charCodeAt(i - 1);
    const aBefore = i > 1 ? a.charCodeAt(i - 2) : -1;
    current[0] = i;
    let min = i;
    for (let j = 1; j < cols; j++) {
      const bj = b.charCodeAt(j - 1);
      let best = previous[j - 1]! + (ai === bj ? 0 : 1);
      if (previous[j]! + 1 < best) best = previous[j]! + 1;
      if (current[j - 1]! + 1 < best) best = current[j - 1]! + 1;
      if (j > 1 && ai === b.charCodeAt(j - 2) && aBefore === bj && before[j - 2]! + 1 < best) best = before[j - 2]! + 1;
      current[j] = best;
      if (best < min) min = best;
    }
    // No row's smallest cell is below the one above's: a cell comes from the row above, its left
    // neighbour, or (a swap) two rows up plus one, and the cell above-left is at most that.
    if (min > limit) return min;
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
  const letters = new LetterCounts(needle);
  const scored: { candidate: string; score: number }[] = [];
  for (const candidate of candidates) {
    const hay = candidate.toLowerCase();
    // One edit turns any one-letter word into any other: too short to guess from.
    const longest = Math.max(needle.length, hay.length);
    const limit = longest <= 2 ? 0 : Math.max(1, Math.floor(longest / 3));
    const prefix = commonPrefixLength(needle, hay);
    const abbreviated = prefix >= 3 && prefix >= Math.min(needle.length, hay.length) - 1;
    // The distance is at least the difference in length, and half the letters the two do not
    // share: no need to work it out to know it is too far (most names are, by their letters alone).
    if (!abbreviated && (Math.abs(needle.length - hay.length) > limit || Math.ceil(letters.unshared(hay) / 2) > limit)) continue;
    const distance = editDistance(needle, hay, abbreviated ? Infinity : limit);
    if (distance > limit && !abbreviated) continue;
    // A word that starts like the input is the likelier intent (`rate` → `rating`, not `date`);
    // then fewer edits win, and a longer shared start breaks ties.
    scored.push({ candidate, score: (abbreviated ? 0 : 100) + distance - prefix / 100 });
  }
  // Stable: equal scores keep the candidates' order.
  return scored.sort((a, b) => a.score - b.score).map((s) => s.candidate);
}

/**
 * The letters (UTF-16 code units) of one word, counted, to tell how many of another word's letters
 * and its own the two do not share. Each edit changes that by two at most (a swap by none), so
 * half of it is a lower bound on editDistance.
 */
class LetterCounts {
  // Indexed by code unit: a Map copied for each of 2,500 names cost more than what it saved.
  private readonly counts = new Int32Array(0x10000);
  private taken: number[] = [];
  constructor(private readonly word: string) {
    for (let i = 0; i < word.length; i++) this.counts[word.charCodeAt(i)]!++;
  }

  /** How many letters of `other` this word lacks, plus how many of this word's `other` lacks. */
  unshared(other: string): number {
    const { counts, taken } = this;
    let shared = 0;
    for (let i = 0; i < other.length; i++) {
      const code = other.charCodeAt(i);
      if (counts[code]! > 0) {
        counts[code]!--;
        taken[shared++] = code;
      }
    }
    for (let i = 0; i < shared; i++) counts[taken[i]!]!++;
    return other.length - shared + (this.word.length - shared);
  }
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
