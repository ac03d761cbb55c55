import { describe, expect, it } from "vitest";
import type { ActionRecord, TimedEvent } from "../../src/session/records.js";
import { callHistory } from "../../src/clients/on-call.js";
import { displayWidth } from "../../src/format/text.js";
import { plain } from "../../src/format/paint.js";
import type { ClientRows } from "../../src/store/client-history.js";

/** The history on the call: what survives when rows are few, and what is left out. */

const DAY = 86_400_000;
const NOW = Date.parse("2026-11-09T10:00:00Z");

function rows(): ClientRows {
  const session = (id: string, daysAgo: number, incident: string, before: number | null, after: number | null, rehearsal = false) => ({
    id,
    client: "Acme",
    startedAt: NOW - daysAgo * DAY,
    completedAt: NOW - daysAgo * DAY + 3_600_000,
    status: "completed",
    incident,
    severity: "high",
    playbookId: "restore-trust",
    owner: "Dana",
    rehearsal,
    trustBefore: before,
    trustAfter: after,
  });
  const action = (id: string, sessionId: string, what: string, due: string, status = "open") => ({
    id,
    sessionId,
    what,
    owner: "Dana",
    due,
    status,
    createdAt: NOW - 20 * DAY,
    doneAt: status === "done" ? NOW - 2 * DAY : null,
    doneNote: null,
    cancelledAt: null,
    cancelReason: null,
  });
  return {
    sessions: [session("now", 0, "Today's call", null, null), session("b", 10, "Login failures", 2, 4), session("r", 15, "Practice", 1, 5, true), session("a", 20, "Invoices doubled", 1, 2)],
    commitments: [
      action("x1", "a", "Send the incident review", "2026-11-02"),
      action("x2", "b", "Weekly status mail", "2026-11-20"),
      action("x3", "a", "Refund the charges", "2026-11-01", "done"),
      action("x4", "now", "Made on this call", "2026-11-30"),
      action("x5", "r", "A rehearsal promise", "2026-11-25"),
    ],
    letters: [{ sessionId: "b", at: NOW - 9 * DAY, format: "eml" }],
    contacts: [
      { sessionId: "now", name: "New Person", email: null, seen: NOW },
      { sessionId: "a", name: "Priya", email: "priya@acme.example", seen: NOW - 20 * DAY },
    ],
    lastLetter: null,
  };
}

const opts = { sessionId: "now", rehearsal: false, now: NOW, client: "acme" };

describe("the history on the call", () => {
  it("leaves the call itself out, and a real call leaves rehearsals out", () => {
    const h = callHistory({ ...rows(), sessions: rows().sessions.filter((s) => !s.rehearsal), commitments: rows().commitments.filter((c) => c.sessionId !== "r") }, opts);
    expect(h.page.calls.map((c) => c.id)).toEqual(["b", "a"]);
    expect(h.page.commitments.open.map((c) => c.id)).toEqual(["x2"]);
    expect(h.page.contacts.map((c) => c.name)).toEqual(["Priya"]);
    expect(h.carryable().map((c) => c.id)).toEqual(["x1", "x2"]);
    h.settle("x1");
    expect(h.carryable().map((c) => c.id)).toEqual(["x2"]);
  });

  it("a rehearsal sees every call but carries only rehearsal commitments", () => {
    const h = callHistory(rows(), { ...opts, rehearsal: true, sessionId: "elsewhere" });
    expect(h.page.calls.map((c) => c.id)).toContain("r");
    expect(h.carryable().map((c) => c.id)).toEqual(["x5"]);
  });

  it("the panel: the last trust on its first row at any size, overdue before open, nothing wider than the screen", () => {
    const h = callHistory(rows(), opts);
    for (const cols of [100, 80, 60, 40, 30]) {
      for (let maxRows = 1; maxRows <= 10; maxRows++) {
        const lines = h.panel(cols, maxRows, plain);
        expect(lines.length).toBeLessThanOrEqual(maxRows);
        for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(cols);
        expect(lines[0]).toContain("2 → 4");
        const overdue = lines.findIndex((l) => l.includes("! 7 days late"));
        const open = lines.findIndex((l) => l.startsWith("  • "));
        if (maxRows >= 2) expect(overdue, `${cols}×${maxRows}`).toBeGreaterThan(0);
        if (open >= 0) expect(open).toBeGreaterThan(overdue);
      }
    }
    const real = callHistory({ ...rows(), sessions: rows().sessions.filter((x) => !x.rehearsal), commitments: rows().commitments.filter((c) => c.sessionId !== "r") }, opts);
    expect(real.panel(80, 20, plain)).toEqual([
      "Before you speak · 2 earlier calls · last trust 2 → 4 · 1 overdue · ^O history",
      "  2026-10-30  trust 2 → 4 · Login failures · restore-trust",
      "  2026-10-20  trust 1 → 2 · Invoices doubled · restore-trust",
      "  ! 7 days late · Send the incident review · Dana · due 2026-11-02",
      "  • Weekly status mail · Dana · due 2026-11-20",
      "  Last letter recorded 2026-10-31 (1 in all)",
    ]);
    // Four rows: the title, the overdue one, the last call, the open one; the letter waits.
    expect(real.panel(80, 4, plain).map((l) => l.slice(0, 20))).toEqual([
      "Before you speak · 2",
      "  2026-10-30  trust ",
      "  ! 7 days late · Se",
      "  • Weekly status ma",
    ]);
  });

  it("a promise in the last letter changed since: the panel's letter row says so first, and the full history lists it", () => {
    const x2 = rows().commitments.find((c) => c.id === "x2")!;
    const events = [
      { type: "answered", step: "handle", prompt: "actions", value: [{ id: "x2", what: x2.what, owner: "Sam", due: "2026-11-13" }], seq: 1, at: NOW - 10 * DAY },
      { type: "letter", format: "eml", text: "Dear Priya", sha256: "0".repeat(64), seq: 2, at: NOW - 9 * DAY },
      { type: "action_edited", action: "x2", due: "2026-11-20", seq: 3, at: NOW - 5 * DAY },
    ] as TimedEvent[];
    const actions = [{ ...x2, prompt: "actions", position: 0, status: "open", due: "2026-11-20" }] as ActionRecord[];
    const h = callHistory({ ...rows(), lastLetter: { sessionId: "b", events, actions, playbook: null } }, opts);
    expect(h.panel(80, 20, plain).at(-1)).toBe("  Last letter 2026-10-31 · 1 promise in it since changed");
    const full = h.full(80, plain);
    const at = full.indexOf("Changed since the letter of 2026-10-31 (1)");
    expect(at).toBeGreaterThan(0);
    expect(full[at + 1]).toBe("  Weekly status mail · the letter said by 2026-11-13 · now due 2026-11-20");
    // The call's own letter is no earlier letter.
    expect(callHistory({ ...rows(), lastLetter: { sessionId: "now", events, actions, playbook: null } }, opts).page.sinceLastLetter).toBeNull();
  });

  it("a commitment's row gives up what was promised before its owner and due day, and an overdue one its due day first", () => {
    const long = rows();
    long.commitments[1] = { ...long.commitments[1]!, what: "Weekly status mail until the fix ships to every region" };
    const h = callHistory({ ...long, sessions: long.sessions.filter((x) => !x.rehearsal), commitments: long.commitments.filter((c) => c.sessionId !== "r") }, opts);
    const promises = (cols: number) => h.panel(cols, 20, plain).filter((l) => /^ {2}[!•] /.test(l));
    expect(promises(60)).toEqual([
      // How late it is says what the due day would: the whole promise and its owner stay.
      "  ! 7 days late · Send the incident review · Dana",
      "  • Weekly status mail until the fi… · Dana · due 2026-11-20",
    ]);
    for (const l of promises(60)) expect(displayWidth(l)).toBeLessThanOrEqual(60);
    // Too narrow for even a little of the promise beside them: the row is cut at its end.
    expect(promises(34)[1]).toBe("  • Weekly status mail until the …");
  });

  it("a long owner's name is cut too, so the due day of an open one stays on its row", () => {
    const long = rows();
    const owner = "Maximiliana Featherstonehaugh-Montgomery (Head of Customer Reliability)";
    long.commitments[0] = { ...long.commitments[0]!, what: "Root cause analysis of the dispatch outage shared with the client's CTO", owner };
    long.commitments[1] = { ...long.commitments[1]!, what: "Weekly status mail until the fix ships to every region", owner };
    const h = callHistory({ ...long, sessions: long.sessions.filter((x) => !x.rehearsal), commitments: long.commitments.filter((c) => c.sessionId !== "r") }, opts);
    for (const cols of [100, 80, 60, 50]) {
      const [late, open] = h.panel(cols, 20, plain).filter((l) => /^ {2}[!•] /.test(l));
      expect(late, `${cols}`).toMatch(/^ {2}! 7 days late · Root cause/);
      expect(open, `${cols}`).toMatch(/^ {2}• Weekly status.* · Maxim.*… · due 2026-11-20$/);
      for (const l of [late!, open!]) expect(displayWidth(l)).toBeLessThanOrEqual(cols);
    }
  });

  it("when rows or columns are few, says how many of what it leaves out are overdue, and keeps the count on its first row", () => {
    const many = rows();
    const late = (i: number) => ({ ...many.commitments[0]!, id: `late${i}`, what: `Late promise ${i}`, due: `2026-10-0${i + 1}` });
    many.commitments = [...many.commitments.filter((c) => c.sessionId !== "r"), late(1), late(2), late(3), late(4)];
    const h = callHistory({ ...many, sessions: many.sessions.filter((x) => !x.rehearsal) }, opts);
    const panel = h.panel(60, 5, plain);
    // Five overdue (the review and four more) and one open: the title, three overdue rows, and what is left.
    expect(panel[0]).toContain("5 overdue");
    expect(panel.slice(1, 4).every((l) => l.startsWith("  ! "))).toBe(true);
    expect(panel.at(-1)).toBe("  … 3 more commitments (2 overdue): ^O");
    for (const cols of [60, 50, 40]) expect(h.panel(cols, 5, plain)[0], `${cols}`).toMatch(/last trust 2 → 4 · 5 overdue · \^O/);
  });

  it("no earlier calls: no panel, and the full history says so", () => {
    const h = callHistory({ sessions: [], commitments: [], letters: [], contacts: [], lastLetter: null }, opts);
    expect(h.panel(80, 10, plain)).toEqual([]);
    expect(h.full(80, plain)).toEqual(["  No earlier calls with acme."]);
  });
});
