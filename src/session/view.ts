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

/** The header drawn at the top of each step: who, where in the playbook, how long, what to do. */
export function renderStep(view: StepView, paint: Paint, width = 80): string {
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
  const lines = [status.join(paint.dim(" · ")), paint.dim(truncate(view.incident, width)), ""];
  lines.push(paint.cyan(paint.bold(`${n}. ${view.title}`)));
  if (view.guidance) lines.push(...wrap(view.guidance, width, "  "));
  if (view.say?.length) {
    lines.push(paint.green("  Say:"));
    for (const s of view.say) lines.push(...wrap(`“${s}”`, width, "    "));
  }
  if (view.avoid?.length) {
    lines.push(paint.yellow("  Avoid:"));
    for (const s of view.avoid) lines.push(...wrap(s, width, "    "));
  }
  lines.push(paint.dim(`  ${[...HOTKEYS.map((h) => `${h.key} ${h.label}`), "^C pause"].join(" · ")}`), "");
  return lines.join("\n");
}

function truncate(s: string, width: number): string {
  return s.length > width ? `${s.slice(0, width - 1)}…` : s;
}
