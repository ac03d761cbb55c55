import stringWidth from "string-width";

/**
 * Display width of plain text: the columns a string takes on a terminal, not its `.length` (CJK
 * and most emoji take two, combining marks none, colour codes none). Kept apart from text.ts,
 * which adds ANSI-aware cutting and wrapping for the call screen: this much is small enough for
 * the quick read path (dist/read-<verb>.cjs), whose tables fit the terminal with it.
 */

// Printable ASCII and the few narrow signs trust itself prints in tables and pages (the ellipsis
// of a cut cell, the arrow and the "no rating" dash of "– → 4", the middle dot, the long dash,
// the blocks of a sparkline): one column and one UTF-16 unit each, as string-width counts them
// (tests/format/table.test.ts), so such text is as wide as it is long and can be cut by slicing.
const PRINTABLE_ASCII = /^[\x20-\x7e\u2026\u2192\u2013\u00b7\u2014\u2581-\u2588]*$/;
/** The colour codes trust paints with (chalk's SGR sequences). */
const SGR = /\x1b\[[0-9;]*m/g;

/** Columns `s` takes on a terminal (colour codes count zero). */
export function displayWidth(s: string): number {
  // Most cells are ids, dates and ASCII names: a listing of hundreds of rows measures each twice.
  if (PRINTABLE_ASCII.test(s)) return s.length;
  // A painted cell of ASCII text (a status in red) is as wide as its text: string-width's first
  // call (its segmenter and regexes) costs a table on a terminal some 30 ms.
  if (s.includes("\x1b")) {
    const plain = s.replace(SGR, "");
    if (PRINTABLE_ASCII.test(plain)) return plain.length;
  }
  return stringWidth(s);
}

// Made on first use: building a segmenter loads ICU data, milliseconds a command that never splits text should not pay.
let graphemes: Intl.Segmenter | undefined;

/** The grapheme clusters of `s`: what a person sees as one character (a flag, an accented letter). */
export function splitGraphemes(s: string): string[] {
  graphemes ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  return Array.from(graphemes.segment(s), (g) => g.segment);
}

/**
 * Plain text (no colour codes) cut to `cols` columns, ending in an ellipsis when it was longer;
 * never splits a grapheme, so a wide character that would straddle the edge is left out whole.
 */
export function cutToWidth(s: string, cols: number): string {
  if (cols <= 0) return "";
  if (PRINTABLE_ASCII.test(s)) return s.length <= cols ? s : `${s.slice(0, cols - 1)}…`;
  if (stringWidth(s) <= cols) return s;
  let out = "";
  let used = 0;
  for (const g of splitGraphemes(s)) {
    const w = stringWidth(g);
    if (used + w > cols - 1) break;
    out += g;
    used += w;
  }
  return `${out}…`;
}
