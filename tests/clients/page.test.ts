process.env.TZ = "UTC";

import { describe, expect, it } from "vitest";
import { clientPage } from "../../src/clients/page.js";
import type { ClientCommitmentRow, ClientRows, ClientSessionRow } from "../../src/store/client-history.js";
import type { ActionRecord, TimedEvent } from "../../src/session/records.js";

/** A client's page built from rows made by hand, read on Sunday 15 March 2026 at noon (UTC). */

const NOW = Date.UTC(2026, 2, 15, 12);
const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);

function session(id: string, startedAt: string, more: Partial<ClientSessionRow> = {}): ClientSessionRow {
  return {
    id, client: "Acme", startedAt: at(startedAt), completedAt: at(startedAt) + 30 * 60_000, status: "completed", incident: "Outage",
    severity: "high", playbookId: "restore-trust", owner: "Dana", rehearsal: false, trustBefore: 2, trustAfter: 4, ...more,
  };
}

function commitment(id: string, due: string, more: Partial<ClientCommitmentRow> = {}): ClientCommitmentRow {
  return {
    id, sessionId: "s1", what: `Do ${id}`, owner: "Dana", due, status: "open", createdAt: at("2026-01-10T10:00:00Z"),
    doneAt: null, doneNote: null, cancelledAt: null, cancelReason: null, ...more,
  };
}

const rows = (more: Partial<ClientRows>): ClientRows => ({ sessions: [session("s1", "2026-01-10T10:00:00Z")], commitments: [], letters: [], contacts: [], lastLetter: null, ...more });
const page = (more: Partial<ClientRows>, includeRehearsals = false) => clientPage(rows(more), { client: "acme", now: NOW, includeRehearsals });

describe("clientPage: commitments", () => {
  // The store hands them over soonest due first (ORDER BY due, created_at, id).
  const list = [
    commitment("late-long", "2026-02-01"),
    commitment("done-slow", "2026-02-10", { status: "done", doneAt: at("2026-01-10T10:00:00Z") + 20 * DAY }),
    commitment("late-short", "2026-03-14"),
    commitment("cancelled", "2026-03-14", { status: "cancelled", cancelledAt: at("2026-02-01T09:00:00Z"), cancelReason: "not needed" }),
    commitment("due-today", "2026-03-15"),
    commitment("done-quick", "2026-03-20", { status: "done", doneAt: at("2026-01-10T10:00:00Z") + 1.5 * DAY }),
    commitment("later", "2026-04-01"),
  ];

  it("groups them: overdue (the longest first), open (soonest first), done (newest first), cancelled", () => {
    const { commitments } = page({ commitments: list });
    const ids = (l: Array<{ id: string }>) => l.map((c) => c.id);
    expect(ids(commitments.overdue)).toEqual(["late-long", "late-short"]);
    expect(ids(commitments.open)).toEqual(["due-today", "later"]);
    expect(ids(commitments.done)).toEqual(["done-slow", "done-quick"]);
    expect(ids(commitments.cancelled)).toEqual(["cancelled"]);
  });

  it("counts calendar days late for open ones past due only; due today is not late", () => {
    const { commitments } = page({ commitments: list });
    expect(commitments.overdue.map((c) => [c.overdue, c.daysOverdue])).toEqual([
      [true, 42],
      [true, 1],
    ]);
    expect(commitments.open.map((c) => [c.overdue, c.daysOverdue])).toEqual([
      [false, 0],
      [false, 0],
    ]);
    // A done or cancelled one whose date has passed is not overdue.
    expect([...commitments.done, ...commitments.cancelled].map((c) => [c.overdue, c.daysOverdue])).toEqual([
      [false, 0],
      [false, 0],
      [false, 0],
    ]);
  });

  it("gives days from promised to done to one decimal, never below zero, and null until done", () => {
    const took = (createdAt: number, doneAt: number) =>
      page({ commitments: [commitment("c", "2026-03-01", { status: "done", createdAt, doneAt })] }).commitments.done[0]!.daysToDone;
    const t = at("2026-01-10T10:00:00Z");
    expect(took(t, t + 1.5 * DAY)).toBe(1.5);
    expect(took(t, t + 36 * 60 * 60_000 + 60 * 60_000)).toBe(1.5); // 37 h = 1.54 days
    expect(took(t, t + 2 * 60 * 60_000)).toBe(0.1);
    expect(took(t, t)).toBe(0);
    // Done before it was recorded (a clock moved): zero, not a negative time.
    expect(took(t, t - DAY)).toBe(0);
    const { open, cancelled } = page({ commitments: list }).commitments;
    expect([...open, ...cancelled].map((c) => c.daysToDone)).toEqual([null, null, null]);
  });

  it("gives the median days to done: the middle one, or the mean of the middle two, to one decimal", () => {
    const median = (...days: number[]) =>
      page({
        commitments: days.map((d, i) =>
          commitment(`c${i}`, "2026-03-01", { status: "done", createdAt: at("2026-01-10T10:00:00Z"), doneAt: at("2026-01-10T10:00:00Z") + d * DAY }),
        ),
      }).summary.medianDaysToDone;
    expect(median()).toBeNull();
    expect(median(4)).toBe(4);
    expect(median(10, 1, 2)).toBe(2);
    expect(median(1, 2)).toBe(1.5);
    expect(median(1, 30, 2, 3)).toBe(2.5);
    expect(median(0.1, 0.2)).toBe(0.2); // 0.15
  });

  it("sums them up: open counts the overdue ones too", () => {
    expect(page({ commitments: list }).summary).toMatchObject({ open: 4, overdue: 2, done: 2, cancelled: 1, medianDaysToDone: 10.8 });
  });
});

describe("clientPage: calls and summary", () => {
  const sessions = [
    session("s3", "2026-03-12T10:00:00Z", { client: "ACME", status: "in_progress", completedAt: null, trustBefore: null, trustAfter: null }),
    session("s2", "2026-02-20T10:00:00Z", { trustBefore: null, trustAfter: 3.5 }),
    session("s1", "2026-01-10T10:00:00Z", { client: "acme" }),
  ];

  it("names the client as on the newest call, lists every spelling, and keeps the calls newest first", () => {
    const p = page({ sessions });
    expect(p.client).toBe("ACME");
    expect(p.spellings).toEqual(["ACME", "Acme", "acme"]);
    expect(p.calls.map((c) => [c.id, c.startedAt, c.completedAt, c.status])).toEqual([
      ["s3", "2026-03-12T10:00:00.000Z", null, "in_progress"],
      ["s2", "2026-02-20T10:00:00.000Z", "2026-02-20T10:30:00.000Z", "completed"],
      ["s1", "2026-01-10T10:00:00.000Z", "2026-01-10T10:30:00.000Z", "completed"],
    ]);
  });

  it("takes the last trust from the newest call rated after, and counts days by the calendar", () => {
    const p = page({ sessions });
    expect(p.summary).toMatchObject({
      calls: 3, firstCall: "2026-01-10T10:00:00.000Z", lastCall: "2026-03-12T10:00:00.000Z", daysSinceLastCall: 3,
      lastTrust: { session: "s2", before: null, after: 3.5 },
    });
    expect(p.asOf).toBe("2026-03-15");
    // A call at 23:59 yesterday was one day ago, not zero.
    expect(page({ sessions: [session("s", "2026-03-14T23:59:00Z")] }).summary.daysSinceLastCall).toBe(1);
    expect(page({ sessions: [session("s", "2026-03-15T00:01:00Z", { trustAfter: null })] }).summary).toMatchObject({ daysSinceLastCall: 0, lastTrust: null });
  });

  it("lists letters newest first, as the store gives them, and the last one", () => {
    const p = page({
      letters: [
        { sessionId: "s2", at: at("2026-02-21T09:00:00Z"), format: "eml" },
        { sessionId: "s1", at: at("2026-01-11T09:00:00Z"), format: "md" },
      ],
    });
    expect(p.letters).toEqual([
      { session: "s2", recordedAt: "2026-02-21T09:00:00.000Z", format: "eml" },
      { session: "s1", recordedAt: "2026-01-11T09:00:00.000Z", format: "md" },
    ]);
    expect(p.summary).toMatchObject({ letters: 2, lastLetter: "2026-02-21T09:00:00.000Z" });
  });

  it("says what has become of the promises of the newest letter: those changed since, as the letter's playbook lists them", () => {
    const [a, b, c] = ["a", "b", "c"].map((x) => x.repeat(32)) as [string, string, string];
    const item = (id: string, what: string, due: string) => ({ id, what, owner: "Dana", due });
    const events = [
      { type: "answered", step: "handle", prompt: "actions", value: [item(a, "Replay the orders", "2026-02-01"), item(b, "Add an alert", "2026-02-03")], seq: 1, at: at("2026-01-10T10:00:00Z") },
      { type: "answered", step: "other", prompt: "internal", value: [item(c, "Check the logs", "2026-02-02")], seq: 2, at: at("2026-01-10T10:01:00Z") },
      { type: "letter", format: "md", text: "Dear Priya", sha256: "0".repeat(64), seq: 3, at: at("2026-01-11T09:00:00Z") },
      { type: "action_cancelled", action: b, reason: "not needed", seq: 4, at: at("2026-01-20T09:00:00Z") },
      { type: "action_edited", action: c, due: "2026-03-01", seq: 5, at: at("2026-01-20T09:00:00Z") },
    ] as TimedEvent[];
    const action = (id: string, what: string, due: string, status: string, prompt: string): ActionRecord => ({
      id, sessionId: "s1", prompt, position: 0, what, owner: "Dana", due, status: status as ActionRecord["status"], createdAt: at("2026-01-10T10:00:00Z"),
      doneAt: null, doneNote: null, cancelledAt: status === "cancelled" ? at("2026-01-20T09:00:00Z") : null, cancelReason: status === "cancelled" ? "not needed" : null,
    });
    const actions = [action(a, "Replay the orders", "2026-02-01", "open", "actions"), action(b, "Add an alert", "2026-02-03", "cancelled", "actions"), action(c, "Check the logs", "2026-03-01", "open", "internal")];
    const playbook = { steps: [{ prompts: [{ id: "actions", letter: "doing" }, { id: "internal" }, { id: "apology", letter: "apology" }] }] };
    const p = page({ letters: [{ sessionId: "s1", at: at("2026-01-11T09:00:00Z"), format: "md" }], lastLetter: { sessionId: "s1", events, actions, playbook } });
    // The internal list's commitment moved too, but the letter never listed it.
    expect(p.sinceLastLetter).toEqual({
      session: "s1",
      recordedAt: "2026-01-11T09:00:00.000Z",
      changes: [{ commitment: b, what: "Add an alert", change: "cancelled", was: "2026-02-03", now: null, reason: "not needed" }],
    });
    // A snapshot stored without its playbook: every list counts.
    const unknown = page({ letters: [{ sessionId: "s1", at: at("2026-01-11T09:00:00Z"), format: "md" }], lastLetter: { sessionId: "s1", events, actions, playbook: null } });
    expect(unknown.sinceLastLetter!.changes.map((x) => x.change)).toEqual(["moved", "cancelled"]);
    expect(page({}).sinceLastLetter).toBeNull();
  });

  it("with no calls at all, is a page with nothing on it under the name asked for", () => {
    const p = clientPage({ sessions: [], commitments: [], letters: [], contacts: [], lastLetter: null }, { client: "Nobody", now: NOW, includeRehearsals: true });
    expect(p).toMatchObject({ client: "Nobody", spellings: [], rehearsalsIncluded: true, calls: [], letters: [], contacts: [], sinceLastLetter: null });
    expect(p.summary).toEqual({
      calls: 0, firstCall: null, lastCall: null, daysSinceLastCall: null, lastTrust: null,
      open: 0, overdue: 0, done: 0, cancelled: 0, medianDaysToDone: null, letters: 0, lastLetter: null,
    });
  });
});

describe("clientPage: their people", () => {
  const seen = (iso: string) => at(iso);

  it("makes one entry per person, the most recently seen first", () => {
    const p = page({
      contacts: [
        { name: "Jo Park", email: null, sessionId: "s1", seen: seen("2026-01-10T10:00:00Z") },
        { name: "Priya Raman", email: "priya@acme.example", sessionId: "s1", seen: seen("2026-01-10T10:00:00Z") },
        // The same address in another case, under the name used more recently: one person, that name.
        { name: "Priya R.", email: "PRIYA@acme.example", sessionId: "s1", seen: seen("2026-02-20T10:00:00Z") },
        // A name seen without an address is the person of that name who has one (any case), and
        // that call is the last they were seen on.
        { name: "sam lee", email: null, sessionId: "s1", seen: seen("2026-03-01T10:00:00Z") },
        { name: "Sam Lee", email: "sam@acme.example", sessionId: "s1", seen: seen("2026-01-10T10:00:00Z") },
        // Two people without an address stay two.
        { name: "Alex Kim", email: null, sessionId: "s1", seen: seen("2026-02-01T10:00:00Z") },
      ],
    });
    expect(p.contacts).toEqual([
      { name: "Sam Lee", email: "sam@acme.example", lastSeen: "2026-03-01T10:00:00.000Z" },
      { name: "Priya R.", email: "PRIYA@acme.example", lastSeen: "2026-02-20T10:00:00.000Z" },
      { name: "Alex Kim", email: null, lastSeen: "2026-02-01T10:00:00.000Z" },
      { name: "Jo Park", email: null, lastSeen: "2026-01-10T10:00:00.000Z" },
    ]);
  });

  it("keeps two people of one name with different addresses apart", () => {
    const p = page({
      contacts: [
        { name: "Sam Lee", email: "sam@acme.example", sessionId: "s1", seen: seen("2026-02-01T10:00:00Z") },
        { name: "Sam Lee", email: "sam.lee@acme.example", sessionId: "s1", seen: seen("2026-01-01T10:00:00Z") },
      ],
    });
    expect(p.contacts.map((c) => c.email)).toEqual(["sam@acme.example", "sam.lee@acme.example"]);
  });
});
