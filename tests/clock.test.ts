import { describe, expect, it } from "vitest";
import { now, parseIsoDateTime } from "../src/clock.js";
import { UsageError } from "../src/errors.js";

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
    "",
  ])("refuses %j", (text) => {
    expect(parseIsoDateTime(text)).toBeUndefined();
  });
});

describe("now", () => {
  it("is the pinned time when TRUST_NOW is set, the real one when it is not (or empty)", () => {
    expect(now({ TRUST_NOW: "2026-11-09T10:00:00Z" })).toBe(Date.UTC(2026, 10, 9, 10));
    for (const env of [{}, { TRUST_NOW: "" }]) expect(Math.abs(now(env) - Date.now())).toBeLessThan(5_000);
  });

  it("throws a UsageError (exit 2) naming TRUST_NOW and the accepted form", () => {
    expect(() => now({ TRUST_NOW: "2026-02-30T10:00Z" })).toThrow(UsageError);
    try {
      now({ TRUST_NOW: "tomorrow" });
    } catch (err) {
      expect((err as UsageError).exitCode).toBe(2);
      expect((err as UsageError).message).toBe('TRUST_NOW="tomorrow" is not a date and time trust can use');
      expect((err as UsageError).hint).toMatch(/ISO 8601 date-time like 2026-11-09T10:00:00Z/);
    }
  });
});
