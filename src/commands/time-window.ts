import { UsageError } from "../errors.js";
import { parseSince } from "../session/time.js";

/**
 * --since and --until as `trust report` and `trust sessions` take them, epoch ms; a window that
 * ends before it starts is a usage error (it could only ever match nothing), said the same way
 * by both.
 */
export function timeWindow(opts: { since?: string; until?: string }, t: Date): { since?: number; until?: number } {
  const since = opts.since === undefined ? undefined : parseSince(opts.since, t, "--since");
  const until = opts.until === undefined ? undefined : parseSince(opts.until, t, "--until");
  if (since !== undefined && until !== undefined && until <= since) {
    throw new UsageError("--until must be later than --since", { hint: `--since is ${new Date(since).toISOString()}, --until ${new Date(until).toISOString()}` });
  }
  return { since, until };
}
