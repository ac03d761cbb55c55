import type { Paint } from "../../format/paint.js";
import { visible } from "../../format/visible.js";
import { isCtrl, isEnter, type Key } from "../keys.js";
import { displayWidth, splitGraphemes, truncate, wrapText } from "../../format/text.js";
import { windowAround, type Editor, type EditorView, type KeyOutcome } from "./editor.js";

export interface TextEditorOptions {
  /** Enter adds a line and ^D (or Enter on an empty last line) finishes; else Enter finishes. */
  multiline?: boolean;
  /** The saved or playbook answer: shown dimmed, kept by Enter, made editable by Tab. */
  default?: string;
  /** A dimmed line under the text saying what it means, e.g. "→ 2026-11-13" for "friday". */
  annotate?: (text: string) => string | undefined;
  /** What Enter does, when it is not just "confirms" (an entry of a list). */
  enter?: string;
}

const PROMPT = "› ";
const INDENT = "  ";

/**
 * A line (or lines) of text with a cursor, edited as in a shell: ←/→, Home/End (^A/^E),
 * Backspace/Delete, ^U (to the line's start), ^W (the word before). It moves by what a person
 * sees as one character, and wraps at word boundaries by display width, never past the edge.
 */
export class TextEditor implements Editor<string> {
  private text = "";
  private cursor = 0;
  private fallback: string | undefined;

  constructor(private readonly opts: TextEditorOptions = {}) {
    this.fallback = opts.default === undefined || opts.default === "" ? undefined : opts.default;
  }

  /** What is typed so far. */
  get value(): string {
    return this.text;
  }

  unconfirmed(): string | undefined {
    return this.text.trim() === "" ? undefined : this.text;
  }

  key(key: Key): KeyOutcome<string> {
    const multi = this.opts.multiline === true;
    if (key.pasted && (key.name === "return" || key.name === "enter")) {
      this.insert(multi ? "\n" : " ");
      return undefined;
    }
    if (isEnter(key) && key.meta) return this.finish();
    if (isEnter(key)) {
      if (!multi || this.text === "") return this.finish();
      // An empty last line with the cursor on it: the person is done.
      if (this.cursor === this.text.length && this.text.endsWith("\n")) return this.finish();
      this.insert("\n");
      return undefined;
    }
    if (isCtrl(key, "d")) {
      if (multi) return this.finish();
      this.deleteRight();
      return undefined;
    }
    if (key.name === "tab" && !key.ctrl) {
      if (this.text === "" && this.fallback !== undefined) {
        // Kept as saved, tabs and controls included (the view shows them as signs); only a
        // one-line answer cannot hold a line break.
        this.text = multi ? this.fallback : this.fallback.replace(/\r?\n/g, " ");
        this.cursor = this.text.length;
      }
      return undefined;
    }
    if (key.text !== undefined && !key.ctrl && !key.meta) {
      this.insert(key.text);
      return undefined;
    }
    this.edit(key);
    return undefined;
  }

  private finish(): KeyOutcome<string> {
    const typed = this.opts.multiline ? this.text.replace(/\n+$/, "") : this.text;
    return { submit: typed === "" && this.fallback !== undefined ? this.fallback : typed };
  }

  private insert(s: string): void {
    this.text = this.text.slice(0, this.cursor) + s + this.text.slice(this.cursor);
    this.cursor += s.length;
  }

  private edit(key: Key): void {
    const lineStart = this.text.lastIndexOf("\n", this.cursor - 1) + 1;
    const nextBreak = this.text.indexOf("\n", this.cursor);
    const lineEnd = nextBreak < 0 ? this.text.length : nextBreak;
    if (key.name === "backspace") {
      if (this.text === "" && this.fallback !== undefined) this.fallback = undefined;
      else if (this.cursor > 0) this.remove(this.cursor - graphemeBefore(this.text, this.cursor), this.cursor);
    } else if (key.name === "delete") {
      this.deleteRight();
    } else if (key.name === "left" && this.cursor > 0) {
      this.cursor -= graphemeBefore(this.text, this.cursor);
    } else if (key.name === "right" && this.cursor < this.text.length) {
      this.cursor += graphemeAfter(this.text, this.cursor);
    } else if (key.name === "home" || isCtrl(key, "a")) {
      this.cursor = lineStart;
    } else if (key.name === "end" || isCtrl(key, "e")) {
      this.cursor = lineEnd;
    } else if (isCtrl(key, "u")) {
      this.remove(lineStart, this.cursor);
    } else if (isCtrl(key, "w")) {
      const before = this.text.slice(lineStart, this.cursor);
      const word = /\S*\s*$/.exec(before)![0];
      this.remove(this.cursor - word.length, this.cursor);
    } else if ((key.name === "up" || key.name === "down") && this.opts.multiline) {
      this.verticalMove(key.name === "up" ? -1 : 1, lineStart, lineEnd);
    }
  }

  private deleteRight(): void {
    if (this.cursor < this.text.length) this.remove(this.cursor, this.cursor + graphemeAfter(this.text, this.cursor));
  }

  private remove(from: number, to: number): void {
    this.text = this.text.slice(0, from) + this.text.slice(to);
    this.cursor = from;
  }

  /** Up/down between the answer's lines, keeping the column as near as the other line allows. */
  private verticalMove(dir: -1 | 1, lineStart: number, lineEnd: number): void {
    const col = displayWidth(this.text.slice(lineStart, this.cursor));
    let start: number;
    let end: number;
    if (dir < 0) {
      if (lineStart === 0) return;
      end = lineStart - 1;
      start = this.text.lastIndexOf("\n", end - 1) + 1;
    } else {
      if (lineEnd === this.text.length) return;
      start = lineEnd + 1;
      const next = this.text.indexOf("\n", start);
      end = next < 0 ? this.text.length : next;
    }
    let at = start;
    for (const g of splitGraphemes(this.text.slice(start, end))) {
      if (displayWidth(this.text.slice(start, at + g.length)) > col) break;
      at += g.length;
    }
    this.cursor = at;
  }

  view(cols: number, maxRows: number, paint: Paint): EditorView {
    const room = Math.max(4, cols - displayWidth(PROMPT));
    const rows: string[] = [];
    let cursor = { line: 0, col: displayWidth(PROMPT) };
    if (this.text === "" && this.fallback !== undefined) {
      const shown = this.opts.multiline ? visible(this.fallback).split("\n") : [visible(this.fallback).replace(/\n/g, " ")];
      shown.forEach((l, i) => rows.push((i === 0 ? PROMPT : INDENT) + paint.dim(truncate(l.replace(/\t/g, " "), room))));
    } else {
      let offset = 0;
      for (const line of this.text.split("\n")) {
        for (const [start, end] of segments(line, room)) {
          const atCursor = this.cursor >= offset + start && (this.cursor < offset + end || (this.cursor === offset + end && end === line.length));
          if (atCursor) cursor = { line: rows.length, col: displayWidth(PROMPT) + displayWidth(shownText(line.slice(start, this.cursor - offset))) };
          rows.push((rows.length === 0 ? PROMPT : INDENT) + shownText(line.slice(start, end)));
        }
        offset += line.length + 1;
      }
      // The cursor just past a full row goes to the start of the next one, as terminals do.
      if (cursor.col >= cols) {
        cursor = { line: cursor.line + 1, col: displayWidth(INDENT) };
        if (cursor.line >= rows.length) rows.push(INDENT);
      }
    }
    const note = this.opts.annotate?.(this.text === "" ? (this.fallback ?? "") : this.text);
    const noteRows = note ? wrapText(note, cols, INDENT).map((l) => paint.dim(l)) : [];
    const { rows: shown, first } = windowAround(rows, cursor.line, Math.max(1, maxRows - noteRows.length));
    return {
      lines: [...shown, ...noteRows.slice(0, Math.max(0, maxRows - shown.length))],
      cursor: { line: cursor.line - first, col: cursor.col },
      hint: this.hint(),
    };
  }

  private hint(): string {
    const keep = this.fallback !== undefined && this.text === "" ? ["Enter keeps the answer shown", "Tab edits it"] : [];
    if (this.opts.multiline) {
      return ["Enter new line", "^D done", ...keep.slice(1)].join(" · ");
    }
    return (keep.length ? keep : [this.opts.enter ?? "Enter confirms"]).join(" · ");
  }
}

/**
 * Typed or saved text as the editor shows it: a control character as its sign (a saved answer
 * made editable with Tab holds whatever was stored, escape sequences included, and written as
 * it is it would clear the screen or set the title), and a tab as one space. What is kept is
 * the text itself; the sign takes the place of one character, so the cursor stays on it.
 */
function shownText(text: string): string {
  return visible(text).replace(/\t/g, " ");
}

// Graphemes next to the cursor are found in a few dozen units around it, not the whole answer: an
// arrow key held down in a 2,000-character answer split it all on every repeat, seconds behind.
const NEAR = 64;

/** The length of the grapheme that ends at `at`. */
export function graphemeBefore(text: string, at: number): number {
  const from = Math.max(0, at - NEAR);
  const parts = splitGraphemes(text.slice(from, at));
  // One cluster filling the whole window may go on before it (pathological stacks of marks).
  if (parts.length === 1 && from > 0) return splitGraphemes(text.slice(0, at)).at(-1)!.length;
  return parts.at(-1)?.length ?? 0;
}

/** The length of the grapheme that starts at `at`. */
export function graphemeAfter(text: string, at: number): number {
  const to = Math.min(text.length, at + NEAR);
  const parts = splitGraphemes(text.slice(at, to));
  if (parts.length === 1 && to < text.length) return splitGraphemes(text.slice(at))[0]!.length;
  return parts[0]?.length ?? 0;
}

/**
 * Where one line of typed text breaks into rows of `cols` columns: after the last space that
 * fits, or inside a word longer than a row. [start, end) offsets into `line`.
 */
export function segments(line: string, cols: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  let width = 0;
  let pos = 0;
  let lastBreak = -1;
  let widthAtBreak = 0;
  for (const g of splitGraphemes(line)) {
    const w = displayWidth(shownText(g));
    while (width + w > cols && pos > start) {
      if (lastBreak > start) {
        out.push([start, lastBreak]);
        width -= widthAtBreak;
        start = lastBreak;
      } else {
        out.push([start, pos]);
        start = pos;
        width = 0;
      }
      lastBreak = -1;
    }
    width += w;
    pos += g.length;
    if (g === " ") {
      lastBreak = pos;
      widthAtBreak = width;
    }
  }
  out.push([start, line.length]);
  return out;
}
