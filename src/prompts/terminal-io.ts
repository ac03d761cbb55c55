import { input, select } from "@inquirer/prompts";
import { InterruptedError } from "../errors.js";
import type { RunnerIo } from "../session/runner.js";
import { renderStep, type Paint } from "../session/view.js";
import { ask } from "./ask.js";
import { withHotkeys } from "./hotkeys.js";

/** The runner's screen on a real terminal: clears for each step, then asks with @inquirer/prompts. */
export function terminalIo(opts: { paint: Paint; now: () => number; owner: string }): RunnerIo {
  const stdin = process.stdin;
  const stdout = process.stdout;
  const streams = { input: stdin, output: stdout };
  return {
    showStep(view) {
      // Clear the screen so each step starts at the top of an 80x24 terminal.
      stdout.write("\x1b[2J\x1b[3J\x1b[H");
      stdout.write(renderStep(view, opts.paint, Math.min(stdout.columns || 80, 100)) + "\n");
    },
    ask(prompt, ctx) {
      if (prompt.help) stdout.write(opts.paint.dim(`  ${prompt.help}\n`));
      return ask(prompt, { ...ctx, ...streams, owner: opts.owner, now: () => new Date(opts.now()) });
    },
    async acknowledge() {
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
        return (await input({ message: opts.paint.yellow("Note (Enter to save, empty to cancel):") }, streams)).trim();
      } catch (err) {
        throw err instanceof Error && err.name === "ExitPromptError" ? new InterruptedError() : err;
      }
    },
    say(line, tone = "info") {
      stdout.write((tone === "warn" ? opts.paint.yellow(line) : opts.paint.dim(line)) + "\n");
    },
  };
}
