import { input, select } from "@inquirer/prompts";
import { InterruptedError } from "../errors.js";
import { formatAnswer } from "../session/format-answer.js";
import type { RunnerIo } from "../session/runner.js";
import { promptRows, renderStep, trailLine, wrap, type Paint, type StepView } from "../session/view.js";
import { ask } from "./ask.js";
import { withHotkeys } from "./hotkeys.js";

const CLEAR = "\x1b[2J\x1b[3J\x1b[H";

/**
 * The runner's screen on a real terminal. The step is redrawn from the top before each
 * prompt: its header (cut to fit a short terminal, clocks up to date), a row for each answer
 * given so far in the step, then the prompt, so the header never scrolls out of sight.
 */
export function terminalIo(opts: { paint: Paint; now: () => number; owner: string }): RunnerIo {
  const stdin = process.stdin;
  const stdout = process.stdout;
  const streams = { input: stdin, output: stdout };
  const { paint } = opts;
  let step: { view: StepView; shownAt: number } | undefined;
  let trail: string[] = [];
  let notices: string[] = [];
  const width = () => Math.min(stdout.columns || 80, 100);

  /** Clears the screen and draws the step, leaving `room` rows for the prompt. */
  const redraw = (room: number) => {
    if (!step) return;
    const elapsed = Math.max(0, opts.now() - step.shownAt);
    const view = { ...step.view, callMs: step.view.callMs + elapsed, stepMs: step.view.stepMs + elapsed };
    const rows = stdout.rows || Infinity;
    const header = renderStep(view, paint, width(), rows - room - notices.length);
    const left = rows - header.split("\n").length - room - notices.length;
    const recalled = left > 0 ? trail.slice(-left) : [];
    stdout.write(`${CLEAR}${header}\n${[...recalled, ...notices].map((l) => `${l}\n`).join("")}`);
    notices = [];
  };

  return {
    showStep(view) {
      step = { view, shownAt: opts.now() };
      trail = [];
      notices = [];
    },
    async ask(prompt, ctx) {
      const help = prompt.help ? wrap(prompt.help, width(), "  ") : [];
      const draw = (rows: number) => {
        redraw(rows + help.length);
        if (help.length) stdout.write(paint.dim(help.join("\n")) + "\n");
      };
      const entries = Array.isArray(ctx.current) ? ctx.current.length : 0;
      draw(promptRows(prompt, entries));
      const outcome = await ask(prompt, { ...ctx, ...streams, redraw: draw, owner: opts.owner, now: () => new Date(opts.now()) });
      if (outcome.kind === "answer") trail.push(trailLine(ctx.message, formatAnswer(prompt, outcome.value), paint, width()));
      if (outcome.kind === "skip") trail.push(trailLine(ctx.message, undefined, paint, width()));
      return outcome;
    },
    async acknowledge() {
      redraw(4);
      try {
        const r = await withHotkeys(stdin, (signal) =>
          select({ message: "Ready for the next step?", choices: [{ value: "go", name: "continue" }] }, { ...streams, signal }),
        );
        return "intent" in r ? { kind: r.intent } : { kind: "answer", value: true };
      } catch (err) {
        throw err instanceof Error && err.name === "ExitPromptError" ? new InterruptedError() : err;
      }
    },
    async askNote() {
      try {
        const text = (await input({ message: paint.yellow("Note (Enter to save, empty to cancel):") }, streams)).trim();
        if (text) notices.push(paint.dim("✎ Note saved."));
        return text;
      } catch (err) {
        throw err instanceof Error && err.name === "ExitPromptError" ? new InterruptedError() : err;
      }
    },
    say(line, tone = "info") {
      const painted = tone === "warn" ? paint.yellow(line) : paint.dim(line);
      // Shown now, and again under the header when the next prompt redraws the step.
      stdout.write(painted + "\n");
      notices.push(painted);
    },
  };
}
