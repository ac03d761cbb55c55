import { spawnSync } from "node:child_process";
import { closeSync, constants, fstatSync, lstatSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
    const edited = readDraft(file);
    if (edited.trim() === "") throw new UsageError("the letter is empty after editing; nothing was written");
    return edited;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A draft is a letter: anything past this is not one. */
const MAX_DRAFT_BYTES = 1024 * 1024;

/**
 * The draft as the editor left it, if it is still a regular file of a letter's size: an editor
 * (or a script standing in for one) may have removed it, or put a folder, a FIFO or a link to
 * /dev/zero in its place, which would end in a stack trace, a hang or a read without end.
 */
function readDraft(file: string): string {
  const gone = (what: string) => new TrustError(`the draft ${what} after editing; nothing was written`);
  let info;
  try {
    info = lstatSync(file);
  } catch {
    throw gone("is gone");
  }
  if (!info.isFile()) throw gone("is no longer a file");
  const fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    if (fstatSync(fd).size > MAX_DRAFT_BYTES) throw gone("is over 1 MiB");
    return readFileSync(fd, "utf8");
  } finally {
    closeSync(fd);
  }
}
