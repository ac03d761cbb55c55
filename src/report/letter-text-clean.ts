import { plainText } from "../format/visible.js";

/**
 * Text typed on a call, made fit for a letter: no control characters (an escape sequence, a
 * carriage return that could start a mail header), no bidirectional overrides that make text
 * read differently from what it holds, and whitespace as a reader expects it. Every renderer
 * then only has to escape for its format.
 */

/** One line of text: every run of whitespace, line breaks included, is one space. */
export function oneLine(text: string): string {
  return plainText(text.replace(/[\t\r\n]/g, " ")).replace(/\s+/g, " ").trim();
}

/**
 * Text that keeps its line breaks, as lines: each trimmed, inner whitespace one space, blank
 * lines at either end dropped and a run of blank lines inside kept as one "" (a new paragraph).
 */
export function textLines(text: string): string[] {
  const lines = text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((l) => plainText(l.replace(/\t/g, " ")).replace(/\s+/g, " ").trim());
  const out: string[] = [];
  for (const line of lines) {
    if (line === "" && (out.length === 0 || out.at(-1) === "")) continue;
    out.push(line);
  }
  while (out.at(-1) === "") out.pop();
  return out;
}

/** Text as paragraphs, each a list of lines. */
export function paragraphs(text: string): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  for (const line of textLines(text)) {
    if (line === "") {
      out.push(current);
      current = [];
    } else {
      current.push(line);
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}
