import { stripControls } from "../format/visible.js";

/**
 * Text typed on a call, made fit for a letter: no control characters (an escape sequence, a
 * carriage return that could start a mail header), no bidirectional overrides that make text
 * read differently from what it holds, and whitespace as a reader expects it. Every renderer
 * then only has to escape for its format.
 */

/**
 * Whole terminal escape sequences, not only their first byte: with the ESC alone taken out, a
 * colour code left "[31m" in the letter, and a hidden OSC-8 link its URL, which the client would
 * then read. OSC (to BEL or ST), CSI, DCS/SOS/PM/APC strings, their 8-bit forms, and the
 * two-character escapes.
 */
const ESCAPE_SEQUENCE =
  /(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?|(?:\x1b[P^_X]|[\x90\x98\x9e\x9f])[^\x1b\x9c]*(?:\x1b\\|\x9c)?|\x1b[ -/]*[0-~]?/g;

function plain(text: string): string {
  return stripControls(text.replace(ESCAPE_SEQUENCE, ""));
}

/** One line of text: every run of whitespace, line breaks included, is one space. */
export function oneLine(text: string): string {
  return plain(text.replace(/[\t\r\n]/g, " ")).replace(/\s+/g, " ").trim();
}

/**
 * Text that keeps its line breaks, as lines: each trimmed, inner whitespace one space, blank
 * lines at either end dropped and a run of blank lines inside kept as one "" (a new paragraph).
 */
export function textLines(text: string): string[] {
  const lines = text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((l) => plain(l.replace(/\t/g, " ")).replace(/\s+/g, " ").trim());
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
