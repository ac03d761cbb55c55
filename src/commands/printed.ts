import type { TrustError } from "../errors.js";
import { jsonText } from "../json/text.js";
import { writeStderr, writeStdout } from "../standard-streams.js";
import { warn } from "../warnings.js";

/**
 * What a command that reports hands back instead of writing it: the text for stdout in the
 * format asked for, the warnings and the note for a person on stderr, and the check that failed
 * (`--fail`, doctor), raised once the output is out. src/cli.ts and the quick read path
 * (src/commands/readers.ts) print it with emit, the one place that does; a test can call the
 * command in-process and look at what it would print.
 */
export interface Printed {
  stdout: string;
  /** `trust: warning:` lines on stderr, after stdout. */
  warnings?: readonly string[];
  /** Said to a person on stderr ("No sessions match."), so a script reading stdout gets nothing. */
  notice?: string;
  /** Thrown after the rest is printed, for its message and exit code. */
  failure?: TrustError;
}

/** `value` as JSON on stdout (src/json/text.ts). */
export function printJson(value: unknown, more: Omit<Printed, "stdout"> = {}): Printed {
  return { stdout: jsonText(value), ...more };
}

/** Nothing on stdout, and why on stderr. */
export function printNothing(notice: string): Printed {
  return { stdout: "", notice };
}

export function emit(out: Printed): void {
  writeStdout(out.stdout);
  if (out.warnings?.length) warn(out.warnings);
  if (out.notice !== undefined) writeStderr(out.notice.endsWith("\n") ? out.notice : out.notice + "\n");
  if (out.failure) throw out.failure;
}
