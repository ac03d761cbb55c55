import { visible } from "./format/visible.js";
import { writeStderr } from "./standard-streams.js";

/**
 * Writes each warning to stderr as a `trust: warning:` line; they quote names people typed, so
 * controls are shown, not acted on. Apart from src/output.ts so that printing one does not load
 * chalk: every read command reaches this through src/commands/printed.ts.
 */
export function warn(warnings: readonly string[]): void {
  writeStderr(warnings.map((w) => `trust: warning: ${visible(w)}\n`).join(""));
}
