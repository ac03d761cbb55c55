import type { Prompt } from "../playbook/schema.js";
import { HOTKEYS } from "../prompts/hotkeys.js";
import { formatDuration } from "./time.js";

/** The few styles the screen uses; a chalk instance fits, and so does `plain` for tests and pipes. */
export interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  cyan(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  red(s: string): string;
}

const id = (s: string) => s;
export const plain: Paint = { bold: id, dim: id, cyan: id, yellow: id, green: id, red: id };

export interface StepView {
  client: string;
  incident: string;
  /** 0-based among the steps shown in this session. */
  stepIndex: number;
  stepCount: number;
  title: string;
  guidance?: string;
  say?: string[];
  avoid?: string[];
  budgetMs?: number;
  callMs: number;
  stepMs: number;
  rehearsal: boolean;
}

/** A progress bar of `width` cells: done steps filled, the current one half. */
export function progressBar(index: number, count: number, width = 10): string {
  const filled = Math.round((index / Math.max(count, 1)) * width);
  return "▰".repeat(filled) + "▱".repeat(Math.max(width - filled, 0));
}

/** Wraps text to `width` columns, keeping the author's line breaks. */
export function wrap(text: string, width: number, indent = ""): string[] {
  const out: string[] = [];
  for (const para of text.trimEnd().split("\n")) {
    let line = "";
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line && indent.length + line.length + 1 + word.length > width) {
        out.push(indent + line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    out.push(indent + line);
  }
  return out;
}

/** True when the step has run past its budget. */
export function overBudget(view: Pick<StepView, "budgetMs" | "stepMs">): boolean {
  return view.budgetMs !== undefined && view.stepMs > view.budgetMs;
}

/**
 * The header drawn at the top of each step: who, where in the playbook, how long, what to do.
 * On a short terminal it is cut to `maxRows` rows so the prompt under it still fits: blank
 * lines go first, then Avoid, the incident, the guidance and Say; the status line, the title
 * and the keys always stay.
 */
export function renderStep(view: StepView, paint: Paint, width = 80, maxRows = Infinity): string {
  const n = view.stepIndex + 1;
  const budget = view.budgetMs !== undefined ? ` of ${formatDuration(view.budgetMs)}` : "";
  const stepTime = `step ${formatDuration(view.stepMs)}${budget}`;
  const status = [
    paint.bold(view.client),
    `${n}/${view.stepCount} ${progressBar(view.stepIndex, view.stepCount)}`,
    `call ${formatDuration(view.callMs)}`,
    overBudget(view) ? paint.red(`${stepTime} (over)`) : stepTime,
  ];
  if (view.rehearsal) status.push(paint.yellow("rehearsal"));
  const parts = {
    status: [status.join(paint.dim(" · "))],
    incident: [paint.dim(truncate(view.incident, width))],
    gap: [""],
    title: [paint.cyan(paint.bold(`${n}. ${view.title}`))],
    guidance: view.guidance ? wrap(view.guidance, width, "  ") : [],
    say: view.say?.length ? [paint.green("  Say:"), ...view.say.flatMap((s) => wrap(`“${s}”`, width, "    "))] : [],
    avoid: view.avoid?.length ? [paint.yellow("  Avoid:"), ...view.avoid.flatMap((s) => wrap(s, width, "    "))] : [],
    keys: [paint.dim(`  ${[...HOTKEYS.map((h) => `${h.key} ${h.label}`), "^C pause"].join(" · ")}`)],
    end: [""],
  };
  const rows = () => Object.values(parts).reduce((sum, lines) => sum + lines.length, 0);
  for (const part of ["gap", "end", "avoid", "incident", "guidance", "say"] as const) {
    if (rows() <= maxRows) break;
    parts[part] = [];
  }
  return Object.values(parts).flat().join("\n");
}

/** Rows per page of the select and checklist prompts (ask.ts), also used to plan the screen. */
export const SELECT_PAGE_SIZE = 8;
export const CHECKLIST_PAGE_SIZE = 10;

/**
 * About how many rows a prompt takes on screen while it is open, its help line aside, so the
 * header above it can be cut to fit. `entries`: saved entries of a list shown with it.
 */
export function promptRows(prompt: Prompt, entries = 0): number {
  // Each keeps a row for a validation message under the prompt.
  switch (prompt.type) {
    case "select":
      return 1 + Math.min(prompt.choices.length, SELECT_PAGE_SIZE) + 3;
    case "checklist":
      return 1 + Math.min(prompt.choices.length, CHECKLIST_PAGE_SIZE) + 3;
    case "rating":
      return 3 + (prompt.labels ? 1 : 0) + 1;
    case "list":
      return 1 + entries + 2;
    case "actions":
      // The message, the commitments so far, then what, who and when.
      return 1 + entries + 3 + 1;
    default:
      return 2;
  }
}

/** One row recalling an answer given earlier in the step; `answer` undefined: it was skipped. */
export function trailLine(message: string, answer: string | undefined, paint: Paint, width: number): string {
  if (answer === undefined) return `${paint.yellow("↷")} ${paint.bold(truncate(message, width - 10))} ${paint.dim("skipped")}`;
  const flat = answer
    .split("\n")
    .map((l) => l.replace(/^- /, ""))
    .join("; ");
  const msg = truncate(message, Math.max(20, width - 12));
  return `${paint.green("✔")} ${paint.bold(msg)} ${paint.cyan(truncate(flat, Math.max(8, width - msg.length - 3)))}`;
}

function truncate(s: string, width: number): string {
  return s.length > width ? `${s.slice(0, width - 1)}…` : s;
}
