import type { Paint } from "../../format/paint.js";
import type { Key } from "../keys.js";

/** What an editor shows: its rows (each fitted to the width it was given) and where the cursor is. */
export interface EditorView {
  lines: string[];
  /** Row within `lines` and column; none when the editor has no text cursor. */
  cursor?: { line: number; col: number };
  /** The keys this editor takes, for the hint row: "Enter confirm · Tab edits the saved answer". */
  hint: string;
}

/** What a key did: nothing to report, a submitted value, or why the value cannot be submitted. */
export type KeyOutcome<V> = { submit: V } | { error: string } | undefined;

/**
 * One way of entering an answer (a line of text, a choice, a point on a scale). Pure: it holds
 * its own state, takes keys and draws itself into the rows it is given; the call screen does
 * the terminal, the hotkeys and the checking of what is submitted.
 */
export interface Editor<V> {
  key(key: Key): KeyOutcome<V>;
  view(cols: number, maxRows: number, paint: Paint): EditorView;
  /** Text typed but not yet confirmed, if any: what a pause would lose (the person is told). */
  unconfirmed?(): string | undefined;
}

/** Rows `all` cut to `max` around row `focus`, so the part being worked on stays in view. */
export function windowAround<T>(all: T[], focus: number, max: number): { rows: T[]; first: number } {
  if (all.length <= max) return { rows: all, first: 0 };
  const first = Math.min(Math.max(0, focus - Math.floor(max / 2)), all.length - max);
  return { rows: all.slice(first, first + max), first };
}
