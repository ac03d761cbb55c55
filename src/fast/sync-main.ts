import { warnOfTimeZone } from "../calendar/time-zone.js";
import { warn } from "../warnings.js";
import { parseOptions } from "../commands/options.js";
import { emit } from "../commands/printed.js";
import { sync } from "../commands/sync.js";
import { finishedCode, reportError } from "../exit.js";
import { guardStdout } from "../standard-streams.js";
import { quickLine } from "./quick-line.js";
import type { QuickSpec } from "./spec.js";

/**
 * The quick way in for `trust sync`, built on its own as dist/sync.cjs: one CommonJS file with
 * node-postgres and the writer, without commander, which bin/trust.cjs compiles from a V8 code
 * cache. Through the full CLI an incremental sync spent some 50 ms of its 320 loading 40 ES
 * module chunks (issue 14). zod and the YAML parser are in the file but run only when a pull has
 * something to merge, as in the full CLI.
 *
 * Answers the exit code, or undefined when the full CLI must run the line instead (quickLine),
 * always before anything is done.
 */
export async function runSync(args: readonly string[], spec: QuickSpec): Promise<number | undefined> {
  const parsed = quickLine(args, spec);
  if (parsed === undefined || parsed.verb !== "sync") return undefined;
  // Through the stream, as in the full CLI: the progress line and the summary share the terminal.
  guardStdout();
  try {
    warnOfTimeZone(warn);
    emit(await sync(parseOptions("sync", parsed.opts)));
    return finishedCode();
  } catch (err) {
    return reportError(err, parsed.opts.debug === true);
  }
}
