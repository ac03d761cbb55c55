import { isoDayParts, MONTH_NAMES, utcDate } from "../calendar/iso-day.js";
import { dateLocale } from "../calendar/locale.js";

/**
 * How exports show times: every instant in this run's time zone (TZ, which `--tz` and the config
 * file's timezone set), labelled with it, through these few functions only, so a document never
 * mixes zones. Calendar dates (answers, due dates) are
 * days, not instants, and are shown as the day they name whatever the zone. With a locale
 * (--locale, TRUST_LOCALE, the config file's), Intl writes the words in its order and language;
 * without one, trust writes them by hand (src/calendar/locale.ts says why).
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

type IntlKind = DateStyle | "short-utc" | "long-utc" | "time";

const intlFormats = new Map<string, Intl.DateTimeFormat>();

/** The locale's format of one kind, made once per run: a day in the run's zone, a named day (UTC on both sides), or a day and time. */
function intlFormat(locale: string, kind: IntlKind): Intl.DateTimeFormat {
  const key = `${locale}\0${kind}`;
  let f = intlFormats.get(key);
  if (!f) {
    const long = kind === "long" || kind === "long-utc";
    f = new Intl.DateTimeFormat(locale, {
      weekday: long ? "long" : "short",
      day: "numeric",
      month: long ? "long" : "short",
      year: "numeric",
      ...(kind === "time" ? { hour: "numeric", minute: "2-digit" } : {}),
      ...(kind.endsWith("-utc") ? { timeZone: "UTC" } : {}),
    });
    intlFormats.set(key, f);
  }
  return f;
}

/** A calendar date given as YYYY-MM-DD, in words; anything else is returned unchanged. */
export function formatDay(iso: string, style: DateStyle = "short"): string {
  const parts = isoDayParts(iso);
  if (!parts) return iso;
  // UTC on both sides: the weekday of a named day does not depend on the zone.
  const d = utcDate(parts);
  if (Number.isNaN(d.getTime())) return iso;
  const locale = dateLocale();
  if (locale !== undefined) return intlFormat(locale, style === "long" ? "long-utc" : "short-utc").format(d);
  return dayWords(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCDay(), style);
}

/** The day an instant (epoch ms) fell on in this run's time zone, in words. */
export function formatDayOf(ms: number, style: DateStyle = "short"): string {
  const d = new Date(ms);
  const locale = dateLocale();
  if (locale !== undefined) return intlFormat(locale, style).format(d);
  return dayWords(d.getFullYear(), d.getMonth(), d.getDate(), d.getDay(), style);
}

/**
 * An instant (epoch ms) as day and time in this run's time zone, labelled with its offset:
 * `Wed 11 Nov 2026, 14:05 UTC+01:00`, or `UTC` itself. Date's local getters do the zone's
 * calendar (the same tz data Intl uses); an Intl.DateTimeFormat with a zone name costs some
 * 45 ms to set up the first time, most of what a whole `trust export` costs (issue 11).
 */
export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  const locale = dateLocale();
  if (locale !== undefined) return `${intlFormat(locale, "time").format(d)} ${offsetLabel(d.getTimezoneOffset())}`;
  return `${formatDayOf(ms)}, ${pad2(d.getHours())}:${pad2(d.getMinutes())} ${offsetLabel(d.getTimezoneOffset())}`;
}

/** `UTC`, `UTC+01:00`, `UTC-04:00`, `UTC+05:30`: getTimezoneOffset counts minutes west of UTC. */
function offsetLabel(minutesWest: number): string {
  if (minutesWest === 0) return "UTC";
  const east = -minutesWest;
  const abs = Math.abs(east);
  return `UTC${east > 0 ? "+" : "-"}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/** An instant (epoch ms) as an ISO 8601 timestamp in UTC, for JSON. */
export function isoTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}
