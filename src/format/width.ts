import stringWidth from "string-width";

/**
 * Display width of plain text: the columns a string takes on a terminal, not its `.length` (CJK
 * and most emoji take two, combining marks none, colour codes none). Kept apart from text.ts,
 * which adds ANSI-aware cutting and wrapping for the call screen: this much is small enough for
 * the quick read path (dist/read.cjs), whose tables fit the terminal with it.
 */

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Columns `s` takes on a terminal (colour codes count zero). */
export function displayWidth(s: string): number {
  // Most cells are ids, dates and ASCII names: a listing of hundreds of rows measures each twice.
  return PRINTABLE_ASCII.test(s) ? s.length : stringWidth(s);
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
