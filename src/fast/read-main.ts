import { warnOfTimeZone } from "../calendar/time-zone.js";
import { warn } from "../warnings.js";
import { runReader, type ReadVerb } from "../commands/readers.js";
import { finishedCode, reportError } from "../exit.js";
import { writeDirectly } from "../standard-streams.js";

// For bin/trust.cjs: whether it may end the process as soon as a command has finished.
export { allWritten } from "../standard-streams.js";
import { FullPathNeeded } from "./full-path.js";
import { quickLine } from "./quick-line.js";
import type { QuickSpec } from "./spec.js";

/**
 * The quick way in for the commands that only read (export, show, actions, client, clients,
 * report, sessions), built once for each of them as dist/read-<verb>.cjs: one CommonJS file
 * without commander, zod, yaml, the call screen or the other read commands, which is what brings
 * `trust export` and `trust show` within 1.5× of Node's own start-up (issue 11). bin/trust.cjs
 * tries the verb's own file first.
 *
 * Answers the exit code, or undefined when the full CLI must run the line instead: a line
 * quickLine leaves to it, or a command that reached code this file was built without
 * (FullPathNeeded, always before it writes anything), another read command's module included.
 */
export async function runRead(args: readonly string[], spec: QuickSpec): Promise<number | undefined> {
  const parsed = quickLine(args, spec);
  if (parsed === undefined) return undefined;
  const unguard = writeDirectly();
  try {
    warnOfTimeZone(warn);
    await runReader(parsed.verb as ReadVerb, parsed.opts, parsed.args, parsed.given);
    return finishedCode();
  } catch (err) {
    if (err instanceof FullPathNeeded) {
      unguard();
      return undefined;
    }
    return reportError(err, parsed.opts.debug === true);
  }
}
