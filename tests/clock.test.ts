import { describe, expect, it } from "vitest";
import { now } from "../src/clock.js";
import { UsageError } from "../src/errors.js";

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
