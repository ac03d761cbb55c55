import { parseIsoDateTime } from "./calendar/iso-date-time.js";
import { UsageError } from "./errors.js";
import { visibleLine } from "./format/visible.js";

/**
 * The one place that reads the wall clock. TRUST_NOW (an ISO 8601 date-time) pins it, so demos,
 * golden-file tests and backfilled sessions get reproducible times. A TRUST_NOW that is set but
 * is not such a time is refused (exit 2), never ignored: a session saved at the real time when a
 * pinned one was meant, or at a rolled-over one (30 February is not 2 March), would go unnoticed.
 */
export function now(env: NodeJS.ProcessEnv = process.env): number {
  const pinned = env.TRUST_NOW;
  if (pinned === undefined || pinned === "") return Date.now();
  const t = parseIsoDateTime(pinned);
  if (t === undefined) {
    throw new UsageError(`TRUST_NOW="${printable(pinned)}" is not a date and time trust can use`, {
      hint: "give an ISO 8601 date-time like 2026-11-09T10:00:00Z (or with an offset, +01:00), or unset TRUST_NOW to use the real clock",
    });
  }
  return t;
}

/** The value on one line, its controls shown (src/format/visible.ts), cut when long. */
function printable(value: string): string {
  const clean = visibleLine(value);
  return clean.length > 60 ? `${clean.slice(0, 60)}...` : clean;
}
