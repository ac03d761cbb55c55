import { isoDayParts, MONTH_NAMES, utcDate } from "../calendar/iso-day.js";

/**
 * How exports show times: every instant in this run's time zone (TZ, which `--tz` and the config
 * file's timezone set), labelled with it, through these few functions only, so a document never
 * mixes zones. Calendar dates (answers, due dates) are
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

// Intl does the calendar in the zone (the TZ of this run: --tz or the config file set it); the
// words are put together here in the layout every other date of a document uses.
const formatters = new Map<string, Intl.DateTimeFormat>();
function zoneParts(ms: number): Record<"weekday" | "day" | "month" | "year" | "hour" | "minute" | "timeZoneName", string> {
  const zone = process.env.TZ ?? "";
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      weekday: "short",
      day: "numeric",
      month: "numeric",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
    });
    formatters.set(zone, f);
  }
  const out: Record<string, string> = {};
  for (const part of f.formatToParts(ms)) out[part.type] = part.value;
  return out as ReturnType<typeof zoneParts>;
}

const WEEKDAY_INDEX = new Map(DAYS_SHORT.map((d, i) => [d as string, i]));

/** The day an instant (epoch ms) fell on in this run's time zone, in words. */
export function formatDayOf(ms: number, style: DateStyle = "short"): string {
  const p = zoneParts(ms);
  return dayWords(Number(p.year), Number(p.month) - 1, Number(p.day), WEEKDAY_INDEX.get(p.weekday) ?? 0, style);
}

/** An instant (epoch ms) as day and time in this run's time zone, labelled with the zone: `Wed 11 Nov 2026, 14:05 CET`. */
export function formatDateTime(ms: number): string {
  const p = zoneParts(ms);
  return `${formatDayOf(ms)}, ${p.hour}:${p.minute} ${p.timeZoneName}`;
}

/** An instant (epoch ms) as an ISO 8601 timestamp in UTC, for JSON. */
export function isoTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}
