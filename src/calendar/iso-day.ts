/**
 * The one definition of a calendar day as trust writes and reads it: YYYY-MM-DD. Playbook
 * defaults, due dates, --since and exports all check days here, so "2026-02-30" is refused (or
 * shown) the same way everywhere. No imports: the lean read paths (dist/read-<verb>.cjs) use it
 * too.
 */

/** YYYY-MM-DD; the groups are year, month and day. The shape only: 2026-02-30 matches. */
export const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The months' names, January first: for messages here and for exports' dates (src/report/dates.ts). */
export const MONTH_NAMES = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
] as const;

export interface IsoDay {
  year: number;
  /** 1 to 12 when the day is real; the digits as written otherwise. */
  month: number;
  day: number;
}

/** The numbers of a YYYY-MM-DD string, or undefined when it is not of that shape (whether the day exists is not checked). */
export function isoDayParts(s: string): IsoDay | undefined {
  const m = ISO_DAY.exec(s);
  if (!m) return undefined;
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** The day at midnight UTC, as a Date: for its weekday, and for counting days between two. */
export function utcDate({ year, month, day }: IsoDay): Date {
  // setUTCFullYear, not Date.UTC or new Date(y, m, d), which read years 0-99 as 1900-1999.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d;
}

/** How many days `month` (1-12) of `year` has, leap years counted. */
export function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last of this one.
  return utcDate({ year, month: month + 1, day: 0 }).getUTCDate();
}

/** Why a YYYY-MM-DD string is not a real calendar date (`"2026-02-30" is not a real date: ...`), or undefined when it is one. */
export function calendarProblem(s: string): string | undefined {
  const parts = isoDayParts(s);
  if (!parts) return `"${s}" is not a date like 2026-12-01`;
  const { year, month, day } = parts;
  if (month < 1 || month > 12) return `"${s}" is not a real date: months go from 01 to 12`;
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) return `"${s}" is not a real date: ${MONTH_NAMES[month - 1]} ${year} has ${days} days`;
  return undefined;
}

/** Whether `s` is YYYY-MM-DD naming a day that exists (2024-02-29 yes, 2026-02-30 no). */
export function isRealDate(s: string): boolean {
  return calendarProblem(s) === undefined;
}
