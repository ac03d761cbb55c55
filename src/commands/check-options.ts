import { now } from "../clock.js";
import { UsageError } from "../errors.js";

/** Options as the command line gave them; commander's choices() checks have run, each command checks the rest. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ParsedOptions = Record<string, any>;

/** The options that name a file or folder: given empty (an unset variable in a script), each would silently mean its default. */
const PATH_OPTIONS = ["db", "playbooks", "people", "answers", "out"] as const;

/**
 * What every command checks before it starts, whichever way it was parsed (src/cli.ts with
 * commander, src/fast/ without): a TRUST_NOW that cannot be used is refused before a command
 * starts, not half way through it (after a file is written, or inside the call screen's timers),
 * and an empty path is refused rather than silently meaning its default.
 */
export function checkOptions(opts: ParsedOptions): ParsedOptions {
  now();
  for (const name of PATH_OPTIONS) {
    const value: unknown = opts[name];
    if (typeof value === "string" && value.trim() === "") {
      throw new UsageError(`--${name} is empty`, { hint: `give --${name} a path, or leave it out` });
    }
  }
  return opts;
}
