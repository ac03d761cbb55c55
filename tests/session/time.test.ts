import { afterEach, describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { formatDuration, parseBudget, parseDueDate, parseSince, toIsoDate } from "../../src/session/time.js";

process.env.TZ = "UTC";

/** Local noon on a calendar day, so the day never depends on the hour. */
const at = (day: string, time = "12:00") => new Date(`${day}T${time}`);
const MON = at("2026-03-09"); // a Monday
const FRI = at("2026-03-13");
const SAT = at("2026-03-14");
const SUN = at("2026-03-15");

function due(input: string, now: Date): string {
  const r = parseDueDate(input, now);
  if (!r.ok) throw new Error(`expected a date for "${input}", got: ${r.message}`);
  return r.date;
}

describe("parseBudget", () => {
  it.each([
    ["90s", 90_000],
    ["3m", 180_000],
    ["1m30s", 90_000],
    ["0m45s", 45_000],
    [" 2m ", 120_000],
  ])("%s -> %d ms", (s, ms) => expect(parseBudget(s)).toBe(ms));

  it.each(["", "3", "3h", "1s30m", "m", "-3m", "abc"])("rejects %j", (s) => {
    expect(() => parseBudget(s)).toThrow(UsageError);
  });

  it("says what a budget looks like", () => {
    expect(() => parseBudget("3h")).toThrow('"3h" is not a time budget: use 90s, 3m or 1m30s');
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0s"],
    [999, "0s"],
    [45_000, "45s"],
    [59_999, "59s"],
    [60_000, "1m 00s"],
    [185_000, "3m 05s"],
    [3_599_000, "59m 59s"],
    [3_600_000, "1h 00m"],
    [3_720_000, "1h 02m"],
    [36_000_000 + 61_000, "10h 01m"],
    [-5000, "0s"],
  ])("%d ms -> %s", (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe("toIsoDate", () => {
  it.each([
    [new Date(2026, 0, 5), "2026-01-05"],
    [new Date(2026, 11, 31, 23, 59), "2026-12-31"],
    [new Date(2028, 1, 29), "2028-02-29"],
  ])("%s -> %s", (d, s) => expect(toIsoDate(d)).toBe(s));
});

describe("parseDueDate", () => {
  it.each([
    ["2026-12-01", MON, "2026-12-01"],
    ["2028-02-29", MON, "2028-02-29"],
    ["today", MON, "2026-03-09"],
    ["Tomorrow", MON, "2026-03-10"],
    ["yesterday", MON, "2026-03-08"],
    ["  TODAY ", MON, "2026-03-09"],
    // Weekdays: the next such day after today, never today itself.
    ["tuesday", MON, "2026-03-10"],
    ["friday", MON, "2026-03-13"],
    ["monday", MON, "2026-03-16"],
    ["sunday", MON, "2026-03-15"],
    ["fri", MON, "2026-03-13"],
    ["thu", MON, "2026-03-12"],
    ["wed", MON, "2026-03-11"],
    ["thurs", MON, "2026-03-12"],
    ["friday", FRI, "2026-03-20"],
    ["next friday", MON, "2026-03-13"],
    ["Next  Friday", FRI, "2026-03-20"],
    ["monday", SAT, "2026-03-16"],
    ["saturday", SUN, "2026-03-21"],
    // Relative counts.
    ["+0d", MON, "2026-03-09"],
    ["+2d", MON, "2026-03-11"],
    ["+1w", MON, "2026-03-16"],
    ["+3w", MON, "2026-03-30"],
    ["3d", MON, "2026-03-12"],
    ["+3 days", MON, "2026-03-12"],
    ["in 3 days", MON, "2026-03-12"],
    ["in 1 day", MON, "2026-03-10"],
    ["in 2 weeks", MON, "2026-03-23"],
    ["in a week", MON, "2026-03-16"],
    // End of week: the coming Friday, today when it is Friday.
    ["end of week", MON, "2026-03-13"],
    ["eow", FRI, "2026-03-13"],
    ["EOW", SAT, "2026-03-20"],
    ["end of the week", SUN, "2026-03-20"],
    // End of month.
    ["end of month", MON, "2026-03-31"],
    ["eom", at("2026-02-10"), "2026-02-28"],
    ["eom", at("2028-02-10"), "2028-02-29"],
    ["end of the month", at("2026-04-30"), "2026-04-30"],
  ])("%j on %s -> %s", (input, now, expected) => expect(due(input, now)).toBe(expected));

  it.each([
    // Month and year boundaries.
    ["tomorrow", at("2026-01-31"), "2026-02-01"],
    ["tomorrow", at("2026-12-31"), "2027-01-01"],
    ["yesterday", at("2027-01-01"), "2026-12-31"],
    ["+1d", at("2028-02-28"), "2028-02-29"],
    ["+1d", at("2026-02-28"), "2026-03-01"],
    ["friday", at("2026-12-31"), "2027-01-01"],
    ["+2w", at("2026-12-25"), "2027-01-08"],
    ["eom", at("2026-12-31"), "2026-12-31"],
  ])("%j on %s -> %s across a boundary", (input, now, expected) => expect(due(input, now)).toBe(expected));

  it("takes the calendar day of now in local time, even late at night", () => {
    expect(due("tomorrow", at("2026-03-09", "23:59"))).toBe("2026-03-10");
    expect(due("today", at("2026-03-09", "00:00"))).toBe("2026-03-09");
  });

  it.each([
    ["2026-02-30", '"2026-02-30" is not a real date: February 2026 has 28 days'],
    ["2027-02-29", '"2027-02-29" is not a real date: February 2027 has 28 days'],
    ["2026-04-31", '"2026-04-31" is not a real date: April 2026 has 30 days'],
    ["2026-13-01", '"2026-13-01" is not a real date: months go from 01 to 12'],
    ["2026-00-10", '"2026-00-10" is not a real date: months go from 01 to 12'],
    ["2026-01-00", '"2026-01-00" is not a real date: January 2026 has 31 days'],
    ["fridya", '"fridya" is not a date: use 2026-12-01, friday, tomorrow or +3d (did you mean "friday"?)'],
    ["soon", '"soon" is not a date: use 2026-12-01, friday, tomorrow or +3d'],
    ["", "a date is needed: use 2026-12-01, friday, tomorrow or +3d"],
    ["   ", "a date is needed: use 2026-12-01, friday, tomorrow or +3d"],
    ["fr", '"fr" is not a date: use 2026-12-01, friday, tomorrow or +3d'],
    ["2026-3-1", '"2026-3-1" is not a date: use 2026-12-01, friday, tomorrow or +3d'],
    ["+3m", '"+3m" is not a date: use 2026-12-01, friday, tomorrow or +3d'],
    ["+99999d", '"+99999d" is too far away: a due date must be within ten years'],
    // Written out, the same ten years either way.
    ["0000-01-01", '"0000-01-01" is too far away: a due date must be within ten years'],
    ["9999-12-31", '"9999-12-31" is too far away: a due date must be within ten years'],
    ["2010-06-01", '"2010-06-01" is too far away: a due date must be within ten years'],
  ])("rejects %j", (input, message) => {
    // Too far away is said apart, for --due-within to word it as a span.
    expect(parseDueDate(input, MON)).toEqual({ ok: false, message, ...(message.includes("too far away") ? { tooFar: true } : {}) });
  });

  it("near the end of the calendar: a relative date past 9999 is refused, not written with five digits", () => {
    const late = new Date(9999, 11, 30, 12);
    expect(parseDueDate("+3d", late)).toEqual({ ok: false, message: '"+3d" falls after the year 9999 (is the clock right?)' });
    expect(parseDueDate("tomorrow", late)).toEqual({ ok: true, date: "9999-12-31" });
  });

  describe("in a time zone with daylight saving", () => {
    afterEach(() => {
      process.env.TZ = "UTC";
    });

    it("counts calendar days across the change", () => {
      process.env.TZ = "America/New_York"; // clocks go forward on 2026-03-08
      const now = new Date(2026, 2, 7, 23, 30);
      expect(due("tomorrow", now)).toBe("2026-03-08");
      expect(due("+2d", now)).toBe("2026-03-09");
      expect(due("monday", now)).toBe("2026-03-09");
    });
  });
});

describe("parseSince", () => {
  const now = new Date("2026-03-31T15:45:00Z");

  it.each(["300000y", "99999999999d", "9999999m", "99999999999999w"])("refuses %j, which reaches back before the year 1, as a usage error", (input) => {
    expect(() => parseSince(input, now)).toThrow(/is not a point in time: it reaches back before the year 1/);
  });

  it.each([
    ["12h", "2026-03-31T03:45:00.000Z"],
    ["0h", "2026-03-31T15:45:00.000Z"],
    ["30d", "2026-03-01T15:45:00.000Z"],
    ["2w", "2026-03-17T15:45:00.000Z"],
    ["1m", "2026-02-28T15:45:00.000Z"], // clamped: February has no 31st
    ["6m", "2025-09-30T15:45:00.000Z"],
    ["13m", "2025-02-28T15:45:00.000Z"],
    ["1y", "2025-03-31T15:45:00.000Z"],
    [" 30D ", "2026-03-01T15:45:00.000Z"],
    ["today", "2026-03-31T00:00:00.000Z"],
    ["yesterday", "2026-03-30T00:00:00.000Z"],
    ["2026-01-15", "2026-01-15T00:00:00.000Z"],
    ["2024-02-29", "2024-02-29T00:00:00.000Z"],
    ["2026-01-15T09:30", "2026-01-15T09:30:00.000Z"],
    ["2026-01-15 09:30:15", "2026-01-15T09:30:15.000Z"],
    ["2026-01-15T09:30:00Z", "2026-01-15T09:30:00.000Z"],
    ["2026-01-15T09:30:00.250Z", "2026-01-15T09:30:00.250Z"],
    ["2026-01-15T09:30:00+02:00", "2026-01-15T07:30:00.000Z"],
    ["2026-01-15t09:30:00z", "2026-01-15T09:30:00.000Z"],
  ])("%j -> %s", (input, iso) => expect(new Date(parseSince(input, now)).toISOString()).toBe(iso));

  it.each(["", "30", "30x", "last week", "2026-02-30", "2026-13-01", "2026-01-15T25:00", "2026-01-15T24:00", "2026-01-15T09:30+24:00", "-3d", "d30"])("rejects %j", (input) => {
    expect(() => parseSince(input, now)).toThrow(UsageError);
  });

  it("names the option and the bad value, with a hint", () => {
    let caught: unknown;
    try {
      parseSince("30x", now, "--until");
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as UsageError).message).toBe('--until "30x" is not a point in time');
    expect((caught as UsageError).hint).toMatch(/30d, 2w, 12h, 6m \(months\)/);
  });

  it("explains an impossible calendar date", () => {
    expect(() => parseSince("2026-02-30", now)).toThrow('--since "2026-02-30" is not a point in time: it is not a real date: February 2026 has 28 days');
  });

  it("reads a plain date as local midnight", () => {
    process.env.TZ = "Europe/Berlin";
    try {
      expect(new Date(parseSince("2026-01-15", now)).toISOString()).toBe("2026-01-14T23:00:00.000Z");
      expect(new Date(parseSince("2026-01-15T09:30", now)).toISOString()).toBe("2026-01-15T08:30:00.000Z");
    } finally {
      process.env.TZ = "UTC";
    }
  });
});
