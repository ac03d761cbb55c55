process.env.TZ = "UTC";

import { describe, expect, it } from "vitest";
import { clientPage, type ClientPage } from "../../src/clients/page.js";
import { clientMarkdown, daysAgo, lateBy, rating, renderClientPage, took, trustMove, trustSparkline } from "../../src/clients/render.js";
import { plain } from "../../src/format/paint.js";
import type { ClientSessionRow } from "../../src/store/client-history.js";

/** The small pieces of the client page's text, and the sparkline only a terminal gets. */

const NOW = Date.UTC(2026, 2, 15, 12);
const DAY = 86_400_000;

function pageWith(trustAfter: Array<number | null>): ClientPage {
  // Newest first, as the store gives them: the last value is the oldest call.
  const sessions = trustAfter.map(
    (after, i): ClientSessionRow => ({
      id: `s${i}`, client: "Acme", startedAt: NOW - (i + 1) * DAY, completedAt: null, status: "completed", incident: "Outage",
      severity: "high", playbookId: "restore-trust", owner: "Dana", rehearsal: false, trustBefore: null, trustAfter: after,
    }),
  );
  return clientPage({ sessions, commitments: [], letters: [], contacts: [], lastLetter: null }, { client: "Acme", now: NOW, includeRehearsals: false });
}

describe("the words and numbers of the page", () => {
  it.each([
    [null, "–"],
    [4, "4"],
    [3.5, "3.5"],
    [2.25, "2.3"],
  ])("rating %j is %j", (n, shown) => {
    expect(rating(n)).toBe(shown);
  });

  it("writes trust moves, days ago, days late and days taken", () => {
    expect([trustMove(2, 4), trustMove(null, 3), trustMove(2, null), trustMove(null, null)]).toEqual(["2 → 4", "– → 3", "2 → –", "–"]);
    expect([daysAgo(0), daysAgo(-2), daysAgo(1), daysAgo(12)]).toEqual(["today", "today", "yesterday", "12 days ago"]);
    const c = (daysOverdue: number, daysToDone: number | null) => ({ daysOverdue, daysToDone }) as Parameters<typeof lateBy>[0];
    expect([lateBy(c(1, null)), lateBy(c(14, null))]).toEqual(["1 day late", "14 days late"]);
    expect([took(c(0, 1)), took(c(0, 0.5)), took(c(0, 15))]).toEqual(["1 day", "0.5 days", "15 days"]);
  });
});

describe("trustSparkline", () => {
  it("draws trust after the rated calls, oldest first, on the 1–5 scale, skipping unrated calls", () => {
    expect(trustSparkline(pageWith([5, null, 3, 1]))).toEqual({ line: "▁▅█", calls: 3 });
  });

  it("needs two rated calls", () => {
    expect(trustSparkline(pageWith([4, null]))).toBeUndefined();
    expect(trustSparkline(pageWith([]))).toBeUndefined();
  });

  it("shows the latest 30 rated calls at most", () => {
    const spark = trustSparkline(pageWith([...Array.from({ length: 30 }, () => 5), ...Array.from({ length: 10 }, () => 1)]));
    expect(spark).toEqual({ line: "█".repeat(30), calls: 30 });
  });

  it("is drawn only for a terminal", () => {
    const page = pageWith([5, 3, 1]);
    expect(renderClientPage(page, plain, 200)).toContain("Trust after the last 3 rated calls, oldest first: ▁▅█");
    expect(renderClientPage(page, plain, undefined)).not.toContain("Trust after the last");
  });
});

describe("a page with nothing on it", () => {
  it("says so in both forms", () => {
    const empty = clientPage({ sessions: [], commitments: [], letters: [], contacts: [], lastLetter: null }, { client: "Nobody", now: NOW, includeRehearsals: false });
    expect(renderClientPage(empty, plain)).toBe("Nobody\nNo calls recorded.");
    expect(clientMarkdown(empty)).toContain("# Nobody\n\nAs of 2026-03-15.\n\n- No calls recorded.\n\n## Calls\n\nNone.\n");
  });
});
