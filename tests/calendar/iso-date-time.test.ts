import { describe, expect, it } from "vitest";
import { ISO_DATE_TIME, parseIsoDateTime } from "../../src/calendar/iso-date-time.js";

describe("parseIsoDateTime", () => {
  it.each([
    ["2026-11-09T10:00:00Z", Date.UTC(2026, 10, 9, 10)],
    ["2026-11-09T10:00Z", Date.UTC(2026, 10, 9, 10)],
    ["2026-11-09T10:00:00.250Z", Date.UTC(2026, 10, 9, 10, 0, 0, 250)],
    ["2026-11-09T10:00:00+01:00", Date.UTC(2026, 10, 9, 9)],
    ["2026-11-09T10:00:00-0530", Date.UTC(2026, 10, 9, 15, 30)],
    ["2024-02-29T12:00:00Z", Date.UTC(2024, 1, 29, 12)],
    ["2000-02-29T00:00:00Z", Date.UTC(2000, 1, 29)],
    ["2026-12-31T23:59:59Z", Date.UTC(2026, 11, 31, 23, 59, 59)],
    ["2026-11-09 10:00z", Date.UTC(2026, 10, 9, 10)], // as --since lowercases it
    ["  2026-11-09T10:00Z ", Date.UTC(2026, 10, 9, 10)],
    ["2026-11-09T10:00", new Date(2026, 10, 9, 10).getTime()], // no offset: local time
  ])("%s", (text, expected) => {
    expect(parseIsoDateTime(text)).toBe(expected);
  });

  it.each([
    "2026-02-30T10:00Z", // rolls over to 2 March with Date.parse
    "2025-02-29T10:00:00Z",
    "1900-02-29T10:00:00Z",
    "2026-04-31T10:00:00Z",
    "2026-13-01T00:00:00Z",
    "2026-00-10T00:00:00Z",
    "2026-11-00T00:00:00Z",
    "2026-11-09T24:00:00Z",
    "2026-11-09T10:60:00Z",
    "2026-11-09T10:00:60Z",
    "2026-11-09T10:00:00+24:00",
    "2026-11-09",
    "1",
    "tomorrow",
    "now",
    "Mon, 09 Nov 2026 10:00:00 GMT",
    "2026-11-09T10:00:00Zjunk",
    "2026-11-09T10:00:00.1234567890Z", // more digits than a nanosecond
    "",
  ])("refuses %j", (text) => {
    expect(parseIsoDateTime(text)).toBeUndefined();
  });
});

describe("ISO_DATE_TIME", () => {
  it.each([
    ["2026-11-09T10:00", true],
    ["2026-02-30T10:00", true], // the shape only: parseIsoDateTime refuses the day
    ["2026-11-09", false],
    ["2026-11-09T1:00", false],
  ])("%s matches: %s", (text, matches) => {
    expect(ISO_DATE_TIME.test(text)).toBe(matches);
  });
});
