import { describe, expect, it } from "vitest";
import { calendarProblem, daysInMonth, ISO_DAY, isoDayParts, isRealDate } from "../../src/calendar/iso-day.js";

describe("ISO_DAY", () => {
  it.each([
    ["2026-12-01", true],
    ["2026-02-30", true], // the shape only
    ["0000-01-01", true],
    ["2026-1-01", false],
    ["26-12-01", false],
    ["2026-12-01T10:00", false],
    [" 2026-12-01", false],
    ["2026/12/01", false],
  ])("%j matches: %s", (text, matches) => {
    expect(ISO_DAY.test(text)).toBe(matches);
  });
});

describe("isoDayParts", () => {
  it.each([
    ["2026-12-01", { year: 2026, month: 12, day: 1 }],
    ["2026-13-45", { year: 2026, month: 13, day: 45 }],
    ["0050-02-03", { year: 50, month: 2, day: 3 }],
    ["friday", undefined],
    ["", undefined],
  ])("%j", (text, parts) => {
    expect(isoDayParts(text)).toEqual(parts);
  });
});

describe("daysInMonth", () => {
  it.each([
    [2026, 1, 31],
    [2026, 2, 28],
    [2024, 2, 29],
    [1900, 2, 28],
    [2000, 2, 29],
    [2026, 4, 30],
    [2026, 12, 31],
    [4, 2, 29], // year 4, not 1904: both leap, but the century rule below is the test
    [100, 2, 28], // year 100 is no leap year; 2000 (what Date.UTC would read for 0) is
    [0, 2, 29],
  ])("%i-%i has %i days", (year, month, days) => {
    expect(daysInMonth(year, month)).toBe(days);
  });
});

describe("calendarProblem and isRealDate", () => {
  it.each([
    ["2026-12-01", undefined],
    ["2024-02-29", undefined],
    ["2000-02-29", undefined],
    ["2026-02-30", '"2026-02-30" is not a real date: February 2026 has 28 days'],
    ["2027-02-29", '"2027-02-29" is not a real date: February 2027 has 28 days'],
    ["1900-02-29", '"1900-02-29" is not a real date: February 1900 has 28 days'],
    ["2026-04-31", '"2026-04-31" is not a real date: April 2026 has 30 days'],
    ["2026-12-00", '"2026-12-00" is not a real date: December 2026 has 31 days'],
    ["2026-13-01", '"2026-13-01" is not a real date: months go from 01 to 12'],
    ["2026-00-10", '"2026-00-10" is not a real date: months go from 01 to 12'],
    ["tomorrow", '"tomorrow" is not a date like 2026-12-01'],
  ])("%j", (text, problem) => {
    expect(calendarProblem(text)).toBe(problem);
    expect(isRealDate(text)).toBe(problem === undefined);
  });
});
