import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { monthName, monthRange } from "../../src/report/months.js";
import { monthOfSql } from "../../src/store/month-sql.js";

const DAY = 86_400_000;

describe("a session's month, as the store keeps it and the report names it", () => {
  const db = new Database(":memory:");
  const month = db.prepare(`SELECT ${monthOfSql("@t")}`).pluck();
  const named = (ms: number) => monthName(month.get({ t: ms }) as number);

  it("is the UTC month it started in, across month, year and leap-day edges", () => {
    const edges = [
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(2024, 2, 1),
      Date.UTC(1999, 11, 31, 23, 59),
      Date.UTC(2000, 0, 1),
      Date.UTC(2100, 1, 28, 12),
      Date.UTC(1970, 0, 1),
      Date.UTC(1969, 11, 31, 12),
    ];
    for (const t of edges) expect(named(t), new Date(t).toISOString()).toBe(new Date(t).toISOString().slice(0, 7));
    for (let t = Date.UTC(2023, 0, 1); t < Date.UTC(2029, 0, 1); t += 7 * DAY + 3_600_000) {
      expect(named(t)).toBe(new Date(t).toISOString().slice(0, 7));
    }
  });

  it("lists every month between two, across a year end", () => {
    expect(monthRange("2025-11", "2026-02")).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
    expect(monthRange("2026-03", "2026-03")).toEqual(["2026-03"]);
    expect(monthRange("2026-04", "2026-03")).toEqual([]);
  });
});
