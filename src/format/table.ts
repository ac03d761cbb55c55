import { cutToWidth, displayWidth } from "./width.js";

/**
 * Aligned columns for terminal listings (sessions, actions, report, clients, playbooks), measured
 * by display width so CJK and emoji names line up.
 *
 * On a terminal (`columns` given) the table fits it: the widest text columns shrink first, down
 * to a few characters, and end in an ellipsis; the other columns (ids, dates, numbers, statuses)
 * are never cut. When even that is too wide, as the report's thirteen figures are at 80 columns,
 * the columns are split into panels stacked one under the other, each repeating the leading key
 * columns, so nothing is dropped and no line wraps. Without `columns` (a pipe, a file) every cell
 * is whole.
 *
 * Cells may already be painted (colour codes count zero columns), but only text columns are cut,
 * and those must be plain: callers pass text people typed through `visibleLine` (format/visible.ts)
 * and paint only fixed columns.
 */
export interface TableOptions {
  /** Paints the header row. */
  bold?: (s: string) => string;
  /** The terminal's width; undefined when the output is not a terminal. */
  columns?: number;
  /** Indexes of the columns that hold free text and may be cut. */
  text?: readonly number[];
  /** How many leading columns each panel repeats when the table must be split (default 1, the key). */
  repeat?: number;
}

/** Between two columns. */
const GAP = 2;
/** A text column is not cut below its header's width or this, whichever is more (or its own width when less). */
const MIN_TEXT = 6;

// Whitespace that is not a single space: a tab, a line break, a run of spaces.
const NOT_ONE_LINE = /[^\S ]| {2}/;

/**
 * A cell as one line, whatever was typed into it. Most cells are already, and are kept as they
 * are: replacing every space with a space made a copy of each (half a megabyte for the CI gate's
 * 637 rows, and a garbage collection).
 */
function oneLine(cell: string): string {
  return NOT_ONE_LINE.test(cell) ? cell.replace(/\s+/g, " ") : cell;
}

export function renderTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, opts: TableOptions = {}): string {
  const cells = rows.map((r) => headers.map((_, i) => oneLine(r[i] ?? "")));
  const natural = headers.map((h, i) => Math.max(displayWidth(h), ...cells.map((r) => displayWidth(r[i]!))));
  const all = headers.map((_, i) => i);
  if (opts.columns === undefined) return draw(headers, cells, all, natural, opts);

  const text = new Set(opts.text ?? []);
  const least = natural.map((w, i) => (text.has(i) ? Math.min(w, Math.max(displayWidth(headers[i]!), MIN_TEXT)) : w));
  const room = opts.columns;
  if (spanOf(all, least) <= room) return draw(headers, cells, all, shrink(all, natural, least, text, room), opts);
  // Split into panels: the key columns repeated on each keep a third of the width where they have
  // that much to show, so a row can still be told apart from the next when it is cut. A key that is
  // not free text (an id) is cut only here, where a panel of the keys and one figure cannot fit otherwise.
  const repeat = Math.min(opts.repeat ?? 1, headers.length - 1);
  const keys = all.slice(0, repeat);
  const keyLeast = least.map((w, i) => (i < repeat ? Math.min(natural[i]!, Math.max(text.has(i) ? w : Math.min(w, Math.max(displayWidth(headers[i]!), MIN_TEXT)), Math.floor(room / 3))) : w));
  const panelText = new Set([...text, ...keys]);
  const panels = panelsOf(headers.length, repeat, keyLeast, room);
  return panels.map((panel) => draw(headers, cells, panel, shrink(panel, natural, keyLeast, panelText, room), opts)).join("\n\n");
}

/** Columns `cols` take side by side at `widths`, with the gaps between them. */
function spanOf(cols: readonly number[], widths: readonly number[]): number {
  return cols.reduce((sum, i) => sum + widths[i]!, 0) + GAP * Math.max(0, cols.length - 1);
}

/**
 * The columns split into panels that each fit `room` at their least widths: every panel starts
 * with the `repeat` key columns, then takes the next columns while they fit (at least one, so a
 * column wider than the terminal still shows, on a panel of its own).
 */
function panelsOf(count: number, repeat: number, least: readonly number[], room: number): number[][] {
  const keys = Array.from({ length: repeat }, (_, i) => i);
  const panels: number[][] = [];
  let panel = [...keys];
  for (let i = repeat; i < count; i++) {
    if (panel.length > repeat && spanOf([...panel, i], least) > room) {
      panels.push(panel);
      panel = [...keys];
    }
    panel.push(i);
  }
  panels.push(panel);
  return panels;
}

/** Widths for `cols` within `room`: the widest text column gives way first, never below its least width. */
function shrink(cols: readonly number[], natural: readonly number[], least: readonly number[], text: ReadonlySet<number>, room: number): number[] {
  const widths = [...natural];
  const shrinkable = cols.filter((i) => text.has(i));
  for (let over = spanOf(cols, widths) - room; over > 0; over--) {
    let widest: number | undefined;
    for (const i of shrinkable) if (widths[i]! > least[i]! && (widest === undefined || widths[i]! >= widths[widest]!)) widest = i;
    if (widest === undefined) break;
    widths[widest] = widths[widest]! - 1;
  }
  return widths;
}

function draw(headers: readonly string[], cells: readonly string[][], cols: readonly number[], widths: readonly number[], opts: TableOptions): string {
  // Built by appending, with each run of spaces made once, not by padding, mapping and joining
  // each cell: for the CI gate's 637 commitments that made half a megabyte of short-lived copies.
  const spaces: string[] = [];
  const space = (n: number) => (spaces[n] ??= " ".repeat(n));
  const line = (r: readonly string[]) => {
    let out = "";
    let pad = 0;
    let c = "";
    for (let k = 0; k < cols.length; k++) {
      const i = cols[k]!;
      const whole = displayWidth(r[i]!);
      c = whole > widths[i]! ? cutToWidth(r[i]!, widths[i]!) : r[i]!;
      if (k > 0) out += space(pad + GAP);
      out += c;
      // The last column is not padded: no trailing spaces.
      pad = Math.max(0, widths[i]! - (c === r[i] ? whole : displayWidth(c)));
    }
    // An empty last cell (or one ending in a space) leaves spaces behind.
    return c === "" || c.endsWith(" ") ? out.replace(/ +$/, "") : out;
  };
  const head = line(headers);
  let out = opts.bold ? opts.bold(head) : head;
  for (const row of cells) out += "\n" + line(row);
  return out;
}
