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

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Milliseconds since the epoch for `YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM]` (no offset: local
 * time, as Date.parse takes it), or undefined for anything else, including a date or time that
 * does not exist (month 13, 30 February, 24:00), which Date would roll over into another one.
 */
export function parseIsoDateTime(text: string): number | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map((part) => (part === undefined ? 0 : Number(part)));
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, "0"));
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  const zone = m[8];
  if (zone === undefined) {
    const local = new Date(year, month - 1, day, hour, minute, second, ms);
    // A local time skipped by a daylight-saving change comes back as another hour.
    if (local.getHours() !== hour || local.getDate() !== day) return undefined;
    return local.getTime();
  }
  let offset = 0;
  if (zone.toUpperCase() !== "Z") {
    const digits = zone.slice(1).replace(":", "");
    const [oh, om] = [Number(digits.slice(0, 2)), Number(digits.slice(2))];
    if (oh > 23 || om > 59) return undefined;
    offset = (zone.startsWith("-") ? -1 : 1) * (oh * 60 + om);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60_000;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The value on one line, its controls shown (src/format/visible.ts), cut when long. */
function printable(value: string): string {
  const clean = visibleLine(value);
  return clean.length > 60 ? `${clean.slice(0, 60)}...` : clean;
}
