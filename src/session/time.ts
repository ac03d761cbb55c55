import { ISO_DATE_TIME, parseIsoDateTime } from "../calendar/iso-date-time.js";
import { calendarProblem, ISO_DAY, isoDayParts, utcDate } from "../calendar/iso-day.js";
import { UsageError } from "../errors.js";
import { BUDGET_PATTERN as BUDGET } from "../playbook/constants.js";
import { didYouMean } from "../playbook/suggest.js";

/**
 * Dates and durations as people type them on a call. Pure: the caller passes `now`, and every
 * calendar date is in the machine's local time zone, because "friday" means the user's Friday.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;
const FRIDAY = 5;
/** Further out than this is a typo, not a due date. */
export const MAX_DAYS_AHEAD = 3650;

const DATE_HELP = "use 2026-12-01, friday, tomorrow or +3d";
const DATE_WORDS = ["today", "tomorrow", "yesterday", ...WEEKDAYS, "eow", "eom", "end of week", "end of month"];

/** A step budget (`90s`, `3m`, `1m30s`) in milliseconds; throws UsageError for anything else. */
export function parseBudget(s: string): number {
  const m = BUDGET.exec(s.trim());
  if (!m || s.trim() === "") throw new UsageError(`"${s}" is not a time budget: use 90s, 3m or 1m30s`);
  return Number(m[1] ?? 0) * MINUTE + Number(m[2] ?? 0) * 1000;
}

/** A duration for the screen: `45s`, `3m 05s`, `1h 02m` (rounded down; negative counts as zero). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${pad(m)}m`;
  if (m > 0) return `${m}m ${pad(s)}s`;
  return `${s}s`;
}

/** The local calendar date of `d` as YYYY-MM-DD. */
export function toIsoDate(d: Date): string {
  return `${String(d.getFullYear()).padStart(4, "0")}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** `tooFar`: refused only for being more than MAX_DAYS_AHEAD days away, so a caller can word that in its own terms. */
type DateResult = { ok: true; date: string } | { ok: false; message: string; tooFar?: true };

/**
 * A due date as typed: YYYY-MM-DD, today, tomorrow, yesterday, a weekday (the next one after
 * today; `next friday` alike), +3d, +2w, in 3 days, end of week / eow (the coming Friday),
 * end of month / eom.
 */
export function parseDueDate(input: string, now: Date): DateResult {
  const s = input.trim().toLowerCase().replace(/\s+/g, " ");
  if (s === "") return { ok: false, message: `a date is needed: ${DATE_HELP}` };

  if (ISO_DAY.test(s)) {
    const problem = calendarProblem(s);
    if (problem) return { ok: false, message: problem };
    // The same ten years either way as the relative forms: 0000-01-01 is a typing slip, not a date to promise.
    if (Math.abs(daysBetween(toIsoDate(now), s)) > MAX_DAYS_AHEAD) return { ok: false, message: `"${s}" is too far away: a due date must be within ten years`, tooFar: true };
    return { ok: true, date: s };
  }

  const today = startOfDay(now);
  const offset = dayOffset(s, today);
  if (offset !== undefined) {
    if (Math.abs(offset) > MAX_DAYS_AHEAD) {
      return { ok: false, message: `"${input.trim()}" is too far away: a due date must be within ten years`, tooFar: true };
    }
    return dateFound(input, addDays(today, offset));
  }
  if (s === "end of month" || s === "end of the month" || s === "eom") {
    return dateFound(input, new Date(today.getFullYear(), today.getMonth() + 1, 0));
  }
  return { ok: false, message: `"${input.trim()}" is not a date: ${DATE_HELP}${didYouMean(s, DATE_WORDS)}` };
}

/** A date worked out from a relative form: a date is written with a four-digit year, so one past 9999 (a clock set far ahead) is refused. */
function dateFound(input: string, d: Date): DateResult {
  if (d.getFullYear() > 9999) return { ok: false, message: `"${input.trim()}" falls after the year 9999 (is the clock right?)` };
  return { ok: true, date: toIsoDate(d) };
}

/** Days from today for the relative forms, or undefined when `s` is none of them. */
function dayOffset(s: string, today: Date): number | undefined {
  if (s === "today") return 0;
  if (s === "tomorrow") return 1;
  if (s === "yesterday") return -1;

  const weekday = /^(?:next )?([a-z]+)$/.exec(s)?.[1];
  const target = weekday === undefined ? -1 : weekdayIndex(weekday);
  if (target >= 0) return ((target - today.getDay() + 6) % 7) + 1;

  if (s === "end of week" || s === "end of the week" || s === "eow") return (FRIDAY - today.getDay() + 7) % 7;

  const rel = /^\+?(\d+) ?(d|days?|w|weeks?)$/.exec(s) ?? /^in (\d+|a|one) ?(d|days?|w|weeks?)$/.exec(s);
  if (rel) {
    const n = rel[1] === "a" || rel[1] === "one" ? 1 : Number(rel[1]);
    return rel[2]!.startsWith("w") ? n * 7 : n;
  }
  return undefined;
}

/** 0 for Sunday ... 6 for Saturday, for a day name or any start of it of three letters or more. */
function weekdayIndex(word: string): number {
  if (word.length < 3) return -1;
  return WEEKDAYS.findIndex((day) => day.startsWith(word));
}

/** `n` hours, days, weeks, months or years before `now`, epoch ms (NaN out of a Date's range). */
function backFrom(now: Date, n: number, unit: "h" | "d" | "w" | "m" | "y"): number {
  const t = new Date(now.getTime());
  switch (unit) {
    case "h":
      return now.getTime() - n * HOUR;
    case "d":
      t.setDate(t.getDate() - n);
      return t.getTime();
    case "w":
      t.setDate(t.getDate() - 7 * n);
      return t.getTime();
    case "m":
      return monthsBefore(now, n).getTime();
    default:
      return monthsBefore(now, 12 * n).getTime();
  }
}

/**
 * The start of a --since / --until window as epoch ms: 30d, 2w, 12h, 6m (months), 1y, today,
 * yesterday, YYYY-MM-DD (local midnight) or an ISO date-time. `option` names the flag in errors.
 */
export function parseSince(input: string, now: Date, option = "--since"): number {
  const s = input.trim().toLowerCase();
  const fail = (why = "") =>
    new UsageError(`${option} "${input.trim()}" is not a point in time${why}`, {
      hint: "use 30d, 2w, 12h, 6m (months), 1y, 2026-01-31 or 2026-01-31T09:00",
    });

  const ago = /^(\d+) ?([hdwmy])$/.exec(s);
  if (ago) {
    const t = backFrom(now, Number(ago[1]), ago[2] as "h" | "d" | "w" | "m" | "y");
    // Further back than a date can be written (300000y, 99999999999d): said, not an Invalid Date later.
    if (!Number.isFinite(t) || new Date(t).getFullYear() < 1) throw fail(": it reaches back before the year 1");
    return t;
  }
  if (s === "today") return startOfDay(now).getTime();
  if (s === "yesterday") return addDays(startOfDay(now), -1).getTime();

  if (ISO_DAY.test(s)) {
    const problem = calendarProblem(s);
    if (problem) throw fail(`: ${problem.replace(/^"[^"]*" /, "it ")}`);
    const { year, month, day } = isoDayParts(s)!;
    return new Date(year, month - 1, day).getTime();
  }
  // A date-time reads as TRUST_NOW does (no offset: local time); its day is checked first so a
  // 30 February is named as such rather than as just "not a point in time".
  if (ISO_DATE_TIME.test(s)) {
    const problem = calendarProblem(s.slice(0, 10));
    if (problem) throw fail(`: ${problem.replace(/^"[^"]*" /, "it ")}`);
  }
  const t = parseIsoDateTime(s);
  if (t !== undefined) return t;
  throw fail();
}

/** `now` moved back by whole calendar months, the day clamped to the target month's last day. */
function monthsBefore(now: Date, n: number): Date {
  const first = new Date(now.getFullYear(), now.getMonth() - n, 1);
  const lastDay = new Date(first.getFullYear(), first.getMonth() + 1, 0).getDate();
  return new Date(
    first.getFullYear(),
    first.getMonth(),
    Math.min(now.getDate(), lastDay),
    now.getHours(),
    now.getMinutes(),
    now.getSeconds(),
    now.getMilliseconds(),
  );
}

function startOfDay(d: Date): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate());
}

// Built from calendar fields, not by adding 24h, so a DST change never shifts the day.
function addDays(day: Date, n: number): Date {
  return new Date(day.getFullYear(), day.getMonth(), day.getDate() + n);
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** Whole calendar days from one YYYY-MM-DD to another (negative when `to` is earlier); NaN for anything else. */
export function daysBetween(from: string, to: string): number {
  const day = (iso: string) => {
    const parts = isoDayParts(iso);
    return parts ? utcDate(parts).getTime() / 86_400_000 : NaN;
  };
  return day(to) - day(from);
}
