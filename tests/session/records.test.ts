import { describe, expect, it } from "vitest";
import { SessionEvent } from "../../src/session/model.js";
import { EVENT_FIELDS, EVENT_TYPES } from "../../src/session/records.js";

/**
 * Events are checked against SessionEvent (zod) when written and against EVENT_FIELDS (no zod)
 * when read back: the two must name the same fields, or a hand-edited row would pass one and not
 * the other.
 */

/** A value each field accepts in SessionEvent. */
const SAMPLE: Record<string, unknown> = {
  step: "s",
  prompt: "p",
  value: "v",
  text: "t",
  to: "a",
  action: "a",
  reason: "r",
  format: "md",
  sha256: "0".repeat(64),
};

describe("EVENT_FIELDS and SessionEvent agree", () => {
  it.each(EVENT_TYPES)("%s: its fields make a valid event, and without any one of them it is not", (type) => {
    const fields = EVENT_FIELDS[type] as readonly string[];
    const whole = { type, ...Object.fromEntries(fields.map((f) => [f, SAMPLE[f]])) };
    expect(SessionEvent.safeParse(whole).success, JSON.stringify(whole)).toBe(true);
    for (const field of fields) {
      const { [field]: _left, ...without } = whole as Record<string, unknown>;
      expect(SessionEvent.safeParse(without).success, `${type} without ${field}`).toBe(false);
    }
  });

  it("every type SessionEvent knows is listed", () => {
    for (const type of ["step_started", "answered", "completed", "letter"]) expect(EVENT_TYPES).toContain(type);
    expect(SessionEvent.safeParse({ type: "not_a_type" }).success).toBe(false);
  });
});
