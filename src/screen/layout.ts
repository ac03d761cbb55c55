import type { Paint } from "../format/paint.js";
import { visible, visibleLine } from "../format/visible.js";
import type { StepView } from "../session/view.js";
import { formatDuration } from "../session/time.js";
import type { EditorView } from "./editors/editor.js";
import { HOTKEYS } from "./hotkeys.js";
import type { Frame } from "./terminal.js";
import { displayWidth, padEnd, truncate, wrapText } from "../format/text.js";

/**
 * The call screen, laid out for the terminal it is on. Pure: from what is to be shown and the
 * terminal's size it gives the rows to draw. Top to bottom:
 *
 *   the header: client, step n/N, progress, call time, step time against its budget (row 1, always)
 *   the client's history, on the first step of a call with a client we have called before
 *   the step: title, guidance, Say and Avoid, fitted into the rows the question leaves
 *   the question: its message, help, entries so far, the input, an error, a notice
 *   the keys (last row)
 *
 * Nothing is wider than the terminal and the header is never pushed off: every part is cut
 * to the rows it is given, the step's text first (down to one line of Say and one of Avoid).
 */

export interface Body {
  message: string;
  help?: string;
  /** Rows shown above the input, e.g. the entries of a list so far, newest last. */
  entries?: string[];
  editor: (cols: number, maxRows: number) => EditorView;
  error?: string;
  notice?: string;
}

export interface FrameInput {
  cols: number;
  rows: number;
  paint: Paint;
  /** The step being worked through; none before the session starts (its details are asked). */
  step?: StepView;
  /** What the header says when there is no step yet. */
  title?: string;
  /** ^G: the step's whole text, the question kept to its input. */
  expanded: boolean;
  body: Body;
  /** The client's history (src/clients/on-call.ts), fitted to at most `maxRows` rows; none after the first step. */
  panel?: (cols: number, maxRows: number) => string[];
}

/** The rows the history panel keeps before the step's text gets more than its least (fewer on a short screen, see below). */
const PANEL_MIN = 4;
/** Below this many rows between the header and the keys, the step's least is its title alone: the question and its answer come first. */
const SHORT_ROOM = 12;

export function layoutFrame(input: FrameInput): Frame {
  const { cols, rows, paint } = input;
  const header = input.step ? headerLine(input.step, cols, paint) : paint.bold(truncate(visibleLine(input.title ?? "trust"), cols));
  // Before the session exists only ^C means anything: it cancels, nothing saved.
  const keys = input.step ? keysLine(cols, paint) : paint.dim(truncate("^C cancel: nothing is saved yet", cols));
  const room = Math.max(1, rows - 2);
  // On a short screen (40×12) what is asked, its choices and what was typed need every row they
  // can get: Say and Avoid give way to them (^G shows them), and the panel keeps a quarter of the
  // rows (its title and the most overdue promise at least) before the question gets the rest.
  const short = room < SHORT_ROOM;
  const guideMin = input.step ? Math.min(short ? 1 : guideRowsNeeded(input.step), Math.max(0, room - 3)) : 0;
  const panelWant = input.panel && !input.expanded ? input.panel(cols, room).length : 0;
  const panelMin = Math.min(panelWant, short ? Math.max(2, Math.floor(room / 4)) : PANEL_MIN);
  // ^G gives the step's text what it needs, down to three rows for the question; the rows it does
  // not need stay the answer's, so a multi-line answer is not cut to its last line.
  const guideAll = input.expanded && input.step ? guideLines(input.step, cols, room, true, paint).length + 1 : 0;
  const bodyMax = input.expanded ? Math.max(Math.min(room, 3), room - guideAll) : Math.max(Math.min(room, 4), room - guideMin - panelMin);
  const body = layoutBody(input.body, cols, bodyMax, paint);
  const left = room - body.lines.length;
  // The panel gets what it wants while the step keeps its least; else its first rows, the step its title.
  const panelRows = Math.min(panelWant, Math.max(Math.min(panelMin, left - 1), left - guideMin));
  const panel = panelRows > 0 && input.panel ? input.panel(cols, panelRows).slice(0, panelRows) : [];
  const guide = input.step ? guideLines(input.step, cols, left - panel.length, input.expanded, paint) : [];
  // A blank row between the step and the question when a row is spare.
  const top = [header, ...panel, ...guide, ...(1 + panel.length + guide.length + body.lines.length < rows - 1 ? [""] : [])];
  const lines = [...top, ...body.lines];
  while (lines.length < rows - 1) lines.push("");
  lines.push(keys);
  const frame: Frame = { lines: lines.slice(0, rows) };
  if (body.cursor) frame.cursor = { row: top.length + body.cursor.line, col: Math.min(cols - 1, body.cursor.col) };
  return frame;
}

/** The header row: the richest form that fits; the client and n/N are always there. */
export function headerLine(view: StepView, cols: number, paint: Paint): string {
  const n = view.stepIndex + 1;
  const over = view.budgetMs !== undefined && view.stepMs > view.budgetMs;
  const client = visibleLine(view.client);
  const step = (long: boolean) => {
    const budget = view.budgetMs === undefined ? "" : long ? ` of ${formatDuration(view.budgetMs)}` : `/${formatDuration(view.budgetMs)}`;
    return `step ${formatDuration(view.stepMs)}${budget}${over ? " (over)" : ""}`;
  };
  const bar = (cells: number) => ` ${progressBar(view.stepIndex, view.stepCount, cells)}`;
  const tag = view.rehearsal ? ["rehearsal"] : [];
  const withClock = [
    [client, `${n}/${view.stepCount}${bar(10)}`, `call ${formatDuration(view.callMs)}`, step(true), ...tag, visibleLine(view.incident)],
    [client, `${n}/${view.stepCount}${bar(10)}`, `call ${formatDuration(view.callMs)}`, step(true), ...tag],
    [client, `${n}/${view.stepCount}${bar(5)}`, `call ${formatDuration(view.callMs)}`, step(false), ...tag],
    [client, `${n}/${view.stepCount}`, `call ${formatDuration(view.callMs)}`, step(false), ...tag],
  ];
  const leanest = [client, `${n}/${view.stepCount}`, step(false)];
  const sep = " · ";
  // The incident goes first, then the bar; then the client's name is cut (keeping CLIENT_KEPT
  // columns) before the call time goes; then the name is cut to whatever room is left.
  const fits = withClock.find((parts) => displayWidth(parts.join(sep)) <= cols);
  const parts = fits ?? cutClient(withClock.at(-1)!, cols, sep) ?? (displayWidth(leanest.join(sep)) <= cols ? leanest : fitClient(leanest, cols, sep));
  return parts
    .map((p, i) => {
      if (i === 0) return paint.bold(p);
      if (p.startsWith("step ") && over) return paint.red(p);
      if (p === "rehearsal") return paint.yellow(p);
      if (i === parts.length - 1 && fits === withClock[0]) return paint.dim(p);
      return p;
    })
    .join(paint.dim(sep));
}

// The client's name may be cut to this many columns before the header gives up the call time:
// the person on the call knows whom they are talking to, and the clock is what they glance at.
const CLIENT_KEPT = 16;

/** The header form `parts` with the client's name cut to the room the rest leaves, if that keeps CLIENT_KEPT columns of it. */
function cutClient(parts: string[], cols: number, sep: string): string[] | undefined {
  const room = cols - displayWidth(parts.slice(1).join(sep)) - sep.length;
  return room >= CLIENT_KEPT ? [truncate(parts[0]!, room), ...parts.slice(1)] : undefined;
}

/** The last header form with the client's name cut to the room the rest leaves. */
function fitClient(parts: string[], cols: number, sep: string): string[] {
  const rest = displayWidth(parts.slice(1).join(sep)) + sep.length;
  if (rest + 4 <= cols) return [truncate(parts[0]!, cols - rest), ...parts.slice(1)];
  return [truncate(parts.slice(0, 2).join(sep), cols)];
}

/** A progress bar of `cells` cells: done steps filled. */
function progressBar(index: number, count: number, cells = 10): string {
  const filled = Math.round((index / Math.max(count, 1)) * cells);
  return "▰".repeat(filled) + "▱".repeat(Math.max(cells - filled, 0));
}

/** The hotkeys, long labels when they fit, short ones, or the keys alone. */
function keysLine(cols: number, paint: Paint): string {
  return fittest(
    [
      HOTKEYS.map((h) => `${h.key} ${h.label}`).join(" · "),
      HOTKEYS.map((h) => `${h.key} ${h.short}`).join(" "),
      HOTKEYS.map((h) => h.key).join(" "),
    ],
    cols,
    paint,
  );
}

/** The first of `forms` (longest first) that fits `cols`, dimmed; the last one cut when none does. */
export function fittest(forms: string[], cols: number, paint: Paint): string {
  return paint.dim(truncate(forms.find((f) => displayWidth(f) <= cols) ?? forms.at(-1)!, cols));
}

interface BodyLayout {
  lines: string[];
  cursor?: { line: number; col: number };
}

/** The question in at most `max` rows: the message and the input first, then entries, then help. */
function layoutBody(body: Body, cols: number, max: number, paint: Paint): BodyLayout {
  const message = wrapText(visible(body.message), cols, "  ", "? ");
  const messageRows = message.slice(0, Math.max(1, Math.min(3, max - 1)));
  if (messageRows.length < message.length) messageRows[messageRows.length - 1] = truncate(`${messageRows.at(-1)!} …`, cols);
  // An error says what to do about it, so it wraps (three rows at most) rather than being cut;
  // so does a notice (what was carried, marked done or not kept), in three rows at most too.
  const tail = [
    ...(body.error ? wrapText(visibleLine(body.error), cols, "  ", "✖ ").slice(0, 3).map((l) => paint.red(l)) : []),
    ...(body.notice ? cutRows(wrapText(visibleLine(body.notice), cols, "  ", ""), 3, cols).map((l) => paint.green(l)) : []),
  ];
  let left = max - messageRows.length - tail.length - 1; // 1: the editor's own key hint
  // A long choice list would take every row left and push the prompt's help off: the help says
  // what to ask, so it keeps one row once there are rows to spare (the list scrolls in the rest).
  const helpKept = body.help && left >= 6 ? 1 : 0;
  const editor = body.editor(cols, Math.max(1, left - helpKept));
  left -= editor.lines.length;
  const entries = body.entries ?? [];
  const entryRows: string[] = [];
  if (entries.length && left > 0) {
    const fit = entries.length <= left ? entries.length : Math.max(0, left - 1);
    if (fit < entries.length) entryRows.push(paint.dim(truncate(`  ↑ ${entries.length - fit} more above`, cols)));
    for (const e of entries.slice(entries.length - fit)) entryRows.push(truncate(`  • ${visibleLine(e)}`, cols));
    left -= entryRows.length;
  }
  const help = body.help && left > 0 ? cutRows(wrapText(visible(body.help), cols, "  "), Math.min(2, left), cols) : [];
  const hint = left + help.length >= 0 ? [paint.dim(truncate(`  ${editor.hint}`, cols))] : [];
  const head = [paint.bold(messageRows[0]!), ...messageRows.slice(1).map((l) => paint.bold(l)), ...help.map((l) => paint.dim(l)), ...entryRows];
  const lines = [...head, ...editor.lines, ...tail, ...hint].slice(0, Math.max(1, max));
  const layout: BodyLayout = { lines };
  if (editor.cursor) layout.cursor = { line: head.length + editor.cursor.line, col: editor.cursor.col };
  return layout;
}

type Detail = "least" | "short" | "full";

interface Part {
  text: string;
  kind: "title" | "guidance" | "say" | "avoid" | "more";
}

interface GuideParts {
  title: Part;
  guidance: Part[];
  /** Say and Avoid at the level of detail asked for. */
  lines: Part[];
}

/** How many rows the step's text takes at the least detail (title, one Say, one Avoid). */
function guideRowsNeeded(view: StepView): number {
  const g = guideParts(view, 1000, "least");
  return 1 + g.lines.length;
}

/**
 * The step's text in `max` rows. Say and Avoid are kept at the most detail that fits (in
 * full, one row each, or only the first of each), then the guidance fills the rows left;
 * what is left out is offered by ^G, which gives the step nearly the whole screen.
 */
function guideLines(view: StepView, cols: number, max: number, expanded: boolean, paint: Paint): string[] {
  // Redrawn on every key and every second with the same step: wrap its text once per size.
  const key = [view.stepIndex, view.title, view.guidance, view.say, view.avoid, cols, max, expanded, paint];
  if (lastGuide && key.every((k, i) => k === lastGuide!.key[i])) return lastGuide.lines;
  const lines = fitGuide(view, cols, max, expanded, paint);
  lastGuide = { key, lines };
  return lines;
}

let lastGuide: { key: unknown[]; lines: string[] } | undefined;

function fitGuide(view: StepView, cols: number, max: number, expanded: boolean, paint: Paint): string[] {
  if (max <= 0) return [];
  // A title longer than its row goes on over a second one when it is spare (over as many as it
  // needs with ^G, or when the guidance still fits whole), narrow enough that "^G more" fits
  // beside its first; else it is cut, and ^G more says so.
  const titleRows: Part[] = wrapText(`${view.stepIndex + 1}. ${visibleLine(view.title)}`, Math.max(MIN_TITLE, cols - TOGGLE_ROOM), "   ", "").map((text) => ({ text, kind: "title" }));
  for (const detail of ["full", "short", "least"] as const) {
    const g = guideParts(view, cols, detail);
    if (1 + g.lines.length > max) continue;
    const rows = titleRows.length + g.lines.length;
    const whole = titleRows.length > 1 && rows <= max && (expanded || titleRows.length === 2 || rows + g.guidance.length <= max);
    const title = whole ? titleRows : [g.title];
    const spare = max - title.length - g.lines.length;
    const guidance = g.guidance.slice(0, spare);
    const cut = guidance.length < g.guidance.length || detail !== "full" || (titleRows.length > 1 && !whole);
    if (guidance.length < g.guidance.length && guidance.length > 0) {
      const last = guidance.length - 1;
      guidance[last] = { ...guidance[last]!, text: truncate(`${guidance[last]!.text} …`, cols) };
    }
    return paintParts([...title, ...guidance, ...g.lines], paint, cols, expanded ? "^G less" : cut ? "^G more" : undefined);
  }
  // Not even a title, one Say and one Avoid fit (a short screen): the title, which says where in
  // the method the call is, then what rows are left of Say and Avoid; ^G shows the rest.
  const least = guideParts(view, cols, "least");
  return paintParts([least.title, ...least.lines].slice(0, max), paint, cols, expanded ? "^G less" : "^G more");
}

const LABEL = 9; // "  Avoid  "
/** The least of a step's title kept beside "^G more" when the two must share a row. */
const MIN_TITLE = 12;
/** "^G more" (or "^G less") and the two spaces before it. */
const TOGGLE_ROOM = 9;

function guideParts(view: StepView, cols: number, detail: Detail): GuideParts {
  const title: Part = { text: truncate(`${view.stepIndex + 1}. ${visibleLine(view.title)}`, cols), kind: "title" };
  const guidance: Part[] = view.guidance ? wrapText(visible(view.guidance), Math.min(cols, 100), "  ").map((text) => ({ text, kind: "guidance" })) : [];
  const lines: Part[] = [];
  const block = (label: string, items: string[] | undefined, kind: "say" | "avoid", quote: boolean) => {
    const list = (items ?? []).map((s) => (quote ? `“${visibleLine(s)}”` : visibleLine(s)));
    const shown = detail === "least" ? list.slice(0, 1) : list;
    shown.forEach((item, i) => {
      const first = i === 0 ? padEnd(`  ${label}`, LABEL) : " ".repeat(LABEL);
      const extra = detail === "least" && list.length > 1 ? ` (+${list.length - 1})` : "";
      const rows = detail === "full" ? wrapText(item, Math.min(cols, 100), " ".repeat(LABEL), first) : [truncate(first + item, cols - extra.length) + extra];
      for (const text of rows) lines.push({ text, kind });
    });
  };
  block("Say", view.say, "say", true);
  block("Avoid", view.avoid, "avoid", false);
  return { title, guidance, lines };
}

function paintParts(parts: Part[], paint: Paint, cols: number, toggle: string | undefined): string[] {
  return parts.map((p, i) => {
    let text = p.text;
    if (i === 0 && toggle) {
      // The key that shows more (or less) at the end of the first row: a long title is cut to
      // make room for it (it is the only sign that text was left out), unless too little would be left.
      const room = cols - toggle.length - 2;
      if (displayWidth(text) > room && room >= MIN_TITLE) text = truncate(text, room);
      const gap = cols - displayWidth(text) - toggle.length;
      if (gap >= 2) return `${style({ ...p, text }, paint)}${" ".repeat(gap)}${paint.dim(toggle)}`;
    }
    text = truncate(text, cols);
    return style({ ...p, text }, paint);
  });
}

function style(p: Part, paint: Paint): string {
  switch (p.kind) {
    case "title":
      return paint.cyan(paint.bold(p.text));
    case "say":
      return paint.green(p.text);
    case "avoid":
      return paint.yellow(p.text);
    case "more":
      return paint.dim(p.text);
    default:
      return p.text;
  }
}

/** The first `max` rows, the last of them ending in "…" when rows were left out. */
function cutRows(rows: string[], max: number, cols: number): string[] {
  if (rows.length <= max) return rows;
  const kept = rows.slice(0, max);
  kept[max - 1] = truncate(`${kept[max - 1]!} …`, cols);
  return kept;
}
