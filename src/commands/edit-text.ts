import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TrustError, UsageError } from "../errors.js";

/**
 * Lets the user edit a text in their own editor ($VISUAL, else $EDITOR, run by the shell as git
 * runs it, so "code --wait" works), and returns what they saved. The text sits in a private
 * temporary folder (0700, the file 0600) and is removed afterwards, whatever happens.
 */
export function editInEditor(text: string, name: string, env: NodeJS.ProcessEnv = process.env): string {
  const editor = (env.VISUAL || env.EDITOR || "").trim();
  if (editor === "") throw new UsageError("--edit needs an editor: set VISUAL or EDITOR", { hint: 'e.g. EDITOR="nano" or EDITOR="code --wait"' });
  const dir = mkdtempSync(join(tmpdir(), "trust-letter-"));
  try {
    const file = join(dir, name);
    writeFileSync(file, text, { mode: 0o600, flag: "wx" });
    // The editor draws on the terminal; when stdout is a pipe or a file (the letter goes there), it gets stderr instead.
    const run = spawnSync("/bin/sh", ["-c", `${editor} "$1"`, "editor", file], {
      stdio: ["inherit", process.stdout.isTTY ? "inherit" : 2, "inherit"],
      env,
    });
    if (run.error) throw new TrustError(`cannot run the editor "${editor}": ${run.error.message}`);
    if (run.status !== 0) {
      const how = run.signal ? `was stopped by ${run.signal}` : `exited with code ${run.status}`;
      throw new TrustError(`the editor "${editor}" ${how}; nothing was written`);
    }
    const edited = readFileSync(file, "utf8");
    if (edited.trim() === "") throw new UsageError("the letter is empty after editing; nothing was written");
    return edited;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
