/**
 * Markdown escaping for text people typed: an answer, a note, a client's name. Whatever it holds
 * must show as the text it is, on GitHub (CommonMark + GFM) and in a mail client, and read well
 * as plain text. So characters are escaped only where they could start markup, with a backslash
 * (which renders as nothing) rather than an entity where CommonMark allows it.
 *
 * Bare URLs are left alone: GFM may make them clickable, but the link then shows exactly the
 * text that was typed, which is what "shown as the text it is" protects.
 */

/** Characters that open inline markup anywhere in a line: code, emphasis, strikethrough, links, HTML, math, tables. */
const INLINE_SPECIAL = /[\\`*_~[\]<|$]/g;
/** In a heading, a `#` anywhere could be read as the closing sequence. */
const HEADING_SPECIAL = /[\\`*_~[\]<|$#]/g;
/** An entity reference like `&lt;` or `&#60;` would be decoded; a lone `&` (R&D) is just text. */
const ENTITY = /&(?=#?[a-z0-9]+;)/gi;

/**
 * Escapes one line so it cannot start a block or inline construct. The start of a line is where
 * headings, quotes, lists, thematic breaks, setext underlines and fences live; a string placed
 * after a list marker starts a block too, so every line is treated as a line start.
 */
function escapeLine(line: string, special: RegExp = INLINE_SPECIAL): string {
  let s = line.replace(special, "\\$&").replace(ENTITY, "\\&");
  // ATX heading, quote, bullet, setext underline / thematic break, fence (`~` and '`' already escaped).
  s = s.replace(/^[#>+=-]/, "\\$&");
  // Ordered list item: `1. x` or `1) x`.
  s = s.replace(/^(\d{1,9})([.)])(?=\s|$)/, "$1\\$2");
  return s;
}

/**
 * Escapes text for one line of markdown (a heading, a list item, a table cell, after a label):
 * runs of whitespace, newlines included, become one space.
 */
export function escapeInline(text: string): string {
  return escapeLine(text.replace(/\s+/g, " ").trim());
}

/**
 * Escapes text that keeps its line breaks, returning its lines. Leading indentation is dropped
 * (four spaces would make a code block) and blank lines at either end are removed. A line
 * followed by another of the same paragraph ends in a backslash, CommonMark's hard line break:
 * without it the lines of an answer typed on several lines render as one run-on line.
 */
export function escapeLines(text: string): string[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n").map((l) => l.trim());
  while (lines.length > 0 && lines[0] === "") lines.shift();
  while (lines.length > 0 && lines.at(-1) === "") lines.pop();
  const escaped = lines.map((l) => escapeLine(l.replace(/[ \t\f\v]+/g, " ")));
  return escaped.map((l, i) => (l !== "" && (escaped[i + 1] ?? "") !== "" ? `${l}\\` : l));
}

/** Escapes text as a heading's content: like escapeInline, and no `#` can close the heading. */
export function escapeHeading(text: string): string {
  return escapeLine(text.replace(/\s+/g, " ").trim(), HEADING_SPECIAL);
}

/** Escapes text for a GFM table cell: one line, pipes escaped (escapeInline already does). */
export function escapeCell(text: string): string {
  const s = escapeInline(text);
  return s === "" ? " " : s;
}

/** Text as a quoted block: each line prefixed by `> `, blank lines kept inside the quote. */
export function quoteBlock(text: string): string[] {
  return escapeLines(text).map((l) => (l === "" ? ">" : `> ${l}`));
}
