import cliTruncate from "cli-truncate";
import wrapAnsi from "wrap-ansi";
import { cutToWidth, displayWidth, splitGraphemes } from "./width.js";

export { displayWidth, splitGraphemes };

/**
 * Text measured and cut by the columns it takes on a terminal, not by `.length`: CJK and most
 * emoji take two columns, combining marks none, colour codes none. Everything the call screen
 * draws goes through these, so no line is ever wider than the terminal.
 */

/** `s` cut to `cols` columns with an ellipsis when it is longer; `s` may be painted. */
export function truncate(s: string, cols: number): string {
  if (cols <= 0) return "";
  // Plain text is cut as the tables cut it; only painted text needs cli-truncate's care for colour codes.
  if (!s.includes("\x1b")) return cutToWidth(s, cols);
  if (displayWidth(s) <= cols) return s;
  // cli-truncate can land one column over when it cuts beside a wide character: cut shorter then.
  let out = cliTruncate(s, cols, { position: "end" });
  for (let room = cols - 1; displayWidth(out) > cols && room > 0; room--) out = cliTruncate(s, room, { position: "end" });
  return out;
}

/** `s` padded with spaces to `cols` columns (never cut). */
export function padEnd(s: string, cols: number): string {
  return s + " ".repeat(Math.max(0, cols - displayWidth(s)));
}

/**
 * Wraps `text` to `cols` columns at word boundaries, keeping the author's line breaks; a word
 * longer than a whole line is broken. Each line starts with `indent` (the first with `first`).
 */
export function wrapText(text: string, cols: number, indent = "", first = indent): string[] {
  const room = Math.max(1, cols - Math.max(displayWidth(indent), displayWidth(first)));
  const wrapped = wrapAnsi(text.trimEnd(), room, { hard: true, trim: true }).split("\n");
  return wrapped.map((line, i) => (i === 0 ? first : indent) + line);
}

/**
 * Lines of output wrapped to `cols`: a line that fits stays as it is, a longer one breaks at
 * word boundaries with its continuation rows indented two columns past its own indentation.
 */
export function fitLines(lines: string[], cols: number): string[] {
  return lines.flatMap((line) => {
    if (displayWidth(line) <= cols) return [line];
    const indent = /^ */.exec(line)![0];
    return wrapText(line.slice(indent.length), cols, `${indent}  `, indent);
  });
}
