import { UsageError } from "../errors.js";

/** Fails at once, instead of hanging, when a command that asks questions has no terminal. */
export function requireTerminal(command: string, hint: string): void {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UsageError(`${command} needs a terminal to ask its questions (stdin and stdout are not both a TTY)`, { hint });
  }
}
