import { isoDayParts, MONTH_NAMES, utcDate } from "../calendar/iso-day.js";

/**
 * How exports show times: every instant in the machine's local time zone, through these few
 * functions only, so a document never mixes zones. Calendar dates (answers, due dates) are
 * days, not instants, and are shown as the day they name whatever the zone.
 */

const DAYS_SHORT = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const DAYS_LONG = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;
const MONTHS_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

export type DateStyle = "short" | "long";

/** A day as words: `Tue 1 Dec 2026`, or `Tuesday 1 December 2026` in the long style. */
function dayWords(year: number, month: number, day: number, weekday: number, style: DateStyle): string {
  return style === "long"
    ? `${DAYS_LONG[weekday]} ${day} ${MONTH_NAMES[month]} ${year}`
    : `${DAYS_SHORT[weekday]} ${day} ${MONTHS_SHORT[month]} ${year}`;
}

/** A calendar date given as YYYY-MM-DD, in words; anything else is returned unchanged. */
export function formatDay(iso: string, style: DateStyle = "short"): string {
  const parts = isoDayParts(iso);
  if (!parts) return iso;
  // UTC on both sides: the weekday of a named day does not depend on the zone.
  const d = utcDate(parts);
  if (Number.isNaN(d.getTime())) return iso;
  return dayWords(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCDay(), style);
}

/** The local day an instant (epoch ms) fell on, in words. */
export function formatDayOf(ms: number, style: DateStyle = "short"): string {
  const d = new Date(ms);
  return dayWords(d.getFullYear(), d.getMonth(), d.getDate(), d.getDay(), style);
}

/** An instant (epoch ms) as local day and time: `Wed 11 Nov 2026, 14:05`. */
export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  const hh = String(d.getHours()).padStart(2, "0");
  const mm = String(d.getMinutes()).padStart(2, "0");
  return `${formatDayOf(ms)}, ${hh}:${mm}`;
}

/** An instant (epoch ms) as an ISO 8601 timestamp in UTC, for JSON. */
export function isoTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}
