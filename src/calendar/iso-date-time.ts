import { daysInMonth } from "./iso-day.js";

/**
 * The one reading of an ISO 8601 date-time as a person types it (TRUST_NOW, --since, --until):
 * `YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|±HH:MM]`, without an offset meaning local time.
 */

/** The date-time's shape; groups: year, month, day, hour, minute, second, fraction, zone. */
export const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Milliseconds since the epoch for `YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM]` (no offset: local
 * time, as Date.parse takes it), or undefined for anything else, including a date or time that
 * does not exist (month 13, 30 February, 24:00), which Date would roll over into another one.
 */
export function parseIsoDateTime(text: string): number | undefined {
  const m = ISO_DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map((part) => (part === undefined ? 0 : Number(part)));
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, "0"));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
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
