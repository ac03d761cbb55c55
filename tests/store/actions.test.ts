import Database from "better-sqlite3";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NotFoundError, UsageError } from "../../src/errors.js";
import type { ActionChange } from "../../src/session/commitments.js";
import type { ActionItem } from "../../src/session/model.js";
import { actionsQuery } from "../../src/store/filters.js";
import { openStore, type Store } from "../../src/store/index.js";
import { SCHEMA_VERSION } from "../../src/store/schema-version.js";
import { backTo15 } from "../helpers/older-schema.js";
import { newSession, useTempDir } from "./helpers.js";

const tempDir = useTempDir();
let store: Store;
let path: string;

beforeEach(() => {
  path = join(tempDir(), "trust.db");
  store = openStore(path);
});
afterEach(() => store.close());

function answerActions(sessionId: string, items: ActionItem[], at: number, prompt = "actions") {
  return store.append(sessionId, { type: "answered", step: "commit", prompt, value: items }, at);
}

const CALL_BACK: ActionItem = { what: "Call back with the root cause", owner: "Ann", due: "2026-11-20" };
const CREDIT: ActionItem = { what: "Issue the SLA credit", owner: "Bob", due: "2026-11-14" };
const POSTMORTEM: ActionItem = { what: "Send the postmortem", owner: "Carla", due: "2026-12-01" };

describe("an actions answer", () => {
  it("records one open action per item, in order, with its session's client and incident", () => {
    const s = store.createSession(newSession());
    answerActions(s.id, [CALL_BACK, CREDIT], 1_000);
    const actions = store.listActions({ sessionId: s.id });
    expect(actions.map((a) => [a.what, a.position, a.status])).toEqual([
      [CREDIT.what, 1, "open"],
      [CALL_BACK.what, 0, "open"],
    ]);
    expect(actions[0]).toMatchObject({ sessionId: s.id, client: "Acme", incident: "API outage", prompt: "actions", createdAt: 1_000 });
    expect(actions[0]?.id).toMatch(/^[0-9a-f]{32}$/);
  });

  it("keeps the commitments an answer asked again still holds, by id or by the same words; drops the rest", () => {
    const s = store.createSession(newSession());
    const first = answerActions(s.id, [CALL_BACK, CREDIT], 1_000);
    // The stored answer names each commitment by the id the store gave it.
    const ids = (first.type === "answered" ? (first.value as ActionItem[]) : []).map((a) => a.id);
    expect(ids).toEqual(store.listActions({ sessionId: s.id }).sort((a, b) => a.position - b.position).map((a) => a.id));
    answerActions(s.id, [POSTMORTEM], 1_000, "other_actions");
    // Asked again: the credit kept by id (and moved, with a new date), the call back gone, one new.
    answerActions(s.id, [{ ...CREDIT, id: ids[1], due: "2026-11-15" }, CALL_BACK, POSTMORTEM], 2_000);
    const now = store.listActions({ sessionId: s.id });
    expect(now.find((a) => a.id === ids[1])).toMatchObject({ what: CREDIT.what, due: "2026-11-15", position: 0, createdAt: 1_000 });
    // The same words as a commitment it held keep that one too (answers written before ids).
    expect(now.find((a) => a.id === ids[0])).toMatchObject({ what: CALL_BACK.what, position: 1, status: "open" });
    expect(now.filter((a) => a.what === POSTMORTEM.what).map((a) => a.prompt).sort()).toEqual(["actions", "other_actions"]);
    answerActions(s.id, [{ ...CREDIT, id: ids[1], due: "2026-11-15" }], 3_000);
    const all = store.listActions({ sessionId: s.id, includeSuperseded: true });
    expect(all.filter((a) => a.status === "superseded").map((a) => a.what).sort()).toEqual([CALL_BACK.what, POSTMORTEM.what]);
  });

  it("asked again and kept as it is, changes nothing: same ids, a done one stays done, the report counts the same", () => {
    const s = store.createSession(newSession());
    const first = answerActions(s.id, [CALL_BACK, CREDIT], 1_000);
    const value = first.type === "answered" ? (first.value as ActionItem[]) : [];
    store.changeAction(value[0]!.id!, { kind: "done" }, 1_500);
    const before = store.listActions({ sessionId: s.id, includeSuperseded: true });
    for (const at of [2_000, 3_000]) answerActions(s.id, value, at);
    expect(store.listActions({ sessionId: s.id, includeSuperseded: true })).toEqual(before);
  });

  it("ignores an id that is not one of the prompt's commitments: a new one is made", () => {
    const s = store.createSession(newSession());
    answerActions(s.id, [{ ...CALL_BACK, id: "f".repeat(32) }], 1_000);
    const [a] = store.listActions({ sessionId: s.id });
    expect(a!.id).not.toBe("f".repeat(32));
  });

  it("with no items clears the open actions of that prompt", () => {
    const s = store.createSession(newSession());
    answerActions(s.id, [CALL_BACK], 1_000);
    answerActions(s.id, [], 2_000);
    expect(store.listActions({ sessionId: s.id })).toEqual([]);
  });

  it("commits together with its actions: an unknown session writes neither", () => {
    expect(() => answerActions("a".repeat(32), [CALL_BACK], 1)).toThrow(NotFoundError);
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM actions) AS n").get()).toEqual({ n: 0 });
    db.close();
  });
});

describe("changeAction", () => {
  it("marks the action done and records it in its session's timeline", () => {
    const s = store.createSession(newSession({ at: 500 }));
    answerActions(s.id, [CALL_BACK], 1_000);
    const [action] = store.listActions({});
    const done = store.changeAction(action!.id.slice(0, 6), { kind: "done", note: "  called on Tuesday " }, 9_000);
    expect(done).toMatchObject({ id: action!.id, status: "done", doneAt: 9_000, doneNote: "called on Tuesday" });
    expect(store.resolveAction(action!.id)).toEqual(done);
    expect(store.events(s.id).at(-1)).toMatchObject({ type: "action_done", action: action!.id, note: "called on Tuesday", at: 9_000 });
    expect(store.getSession(s.id)?.updatedAt).toBe(9_000);
  });

  it("edits, cancels and reopens, each an event, nothing deleted", () => {
    const s = store.createSession(newSession());
    answerActions(s.id, [CALL_BACK], 1_000);
    const [a] = store.listActions({});
    expect(store.changeAction(a!.id, { kind: "edit", owner: "Dana", due: "2026-12-02" }, 2_000)).toMatchObject({ what: CALL_BACK.what, owner: "Dana", due: "2026-12-02", status: "open" });
    expect(store.changeAction(a!.id, { kind: "cancel", reason: " the client withdrew it " }, 3_000)).toMatchObject({ status: "cancelled", cancelledAt: 3_000, cancelReason: "the client withdrew it" });
    expect(store.listActions({ open: true })).toEqual([]);
    expect(store.changeAction(a!.id, { kind: "reopen" }, 4_000)).toMatchObject({ status: "open", cancelledAt: null, cancelReason: null });
    expect(store.events(s.id).slice(-3).map((e) => e.type)).toEqual(["action_edited", "action_cancelled", "action_reopened"]);
    expect(store.events(s.id).at(-3)).toMatchObject({ owner: "Dana", due: "2026-12-02" });
    expect(store.events(s.id).at(-3)).not.toHaveProperty("what");
  });

  it.each([
    ["done twice", [{ kind: "done" }], { kind: "done" }, /is already done/],
    ["an edit of a done one", [{ kind: "done" }], { kind: "edit", what: "x" }, /is done: reopen it first/],
    ["an edit with nothing to change", [], { kind: "edit" }, /has nothing to change/],
    ["cancel twice", [{ kind: "cancel", reason: "r" }], { kind: "cancel", reason: "r" }, /is already cancelled/],
    ["done after a cancel", [{ kind: "cancel", reason: "r" }], { kind: "done" }, /was cancelled: reopen it first/],
    ["reopen an open one", [], { kind: "reopen" }, /is open already/],
    ["an edit that changes nothing", [], { kind: "edit", owner: CALL_BACK.owner, due: CALL_BACK.due }, /already has that owner and due: nothing to change/],
  ] as Array<[string, ActionChange[], ActionChange, RegExp]>)("refuses %s, writing nothing", (_name, before, change, message) => {
    const s = store.createSession(newSession());
    answerActions(s.id, [CALL_BACK], 1_000);
    const [a] = store.listActions({});
    let at = 2_000;
    for (const c of before) store.changeAction(a!.id, c, (at += 1_000));
    const events = store.events(s.id).length;
    const row = store.resolveAction(a!.id);
    expect(() => store.changeAction(a!.id, change, 9_000)).toThrow(message);
    expect(() => store.changeAction(a!.id, change, 9_000)).toThrow(UsageError);
    expect(store.events(s.id)).toHaveLength(events);
    expect(store.resolveAction(a!.id)).toEqual(row);
  });

  it("records only the fields an edit changes", () => {
    const s = store.createSession(newSession());
    answerActions(s.id, [CALL_BACK], 1_000);
    const [a] = store.listActions({});
    store.changeAction(a!.id, { kind: "edit", what: CALL_BACK.what, owner: "Dana" }, 2_000);
    const event = store.events(s.id).at(-1)!;
    expect(event).toMatchObject({ type: "action_edited", action: a!.id, owner: "Dana" });
    expect(event).not.toHaveProperty("what");
  });

  it("refuses a commitment dropped from its list on the call", () => {
    const s = store.createSession(newSession());
    answerActions(s.id, [CALL_BACK], 1_000);
    const [first] = store.listActions({});
    answerActions(s.id, [CREDIT], 2_000);
    expect(() => store.changeAction(first!.id, { kind: "done" }, 3_000)).toThrow(/was dropped from its list/);
  });

  it("reports an unknown action as not found", () => {
    expect(() => store.changeAction("abcd", { kind: "done" }, 1)).toThrow(NotFoundError);
  });
});

describe("listActions", () => {
  function seed() {
    const acme = store.createSession(newSession({ client: "Acme" }));
    const globex = store.createSession(newSession({ client: "Globex" }));
    const practice = store.createSession(newSession({ client: "Acme", rehearsal: true }));
    answerActions(acme.id, [CALL_BACK, CREDIT], 1_000);
    answerActions(globex.id, [POSTMORTEM, { what: "Check the backups", owner: "ann", due: "2026-11-10" }], 1_000);
    answerActions(practice.id, [{ what: "Practise more", owner: "Ann", due: "2026-01-01" }], 1_000);
    const backups = store.listActions({ client: "Globex" }).find((a) => a.what === "Check the backups")!;
    store.changeAction(backups.id, { kind: "done", note: undefined }, 2_000);
    return { acme, globex, practice };
  }
  const whats = (actions: { what: string }[]) => actions.map((a) => a.what);

  it("lists open and done actions, soonest due first, without rehearsals unless asked", () => {
    seed();
    expect(whats(store.listActions({}))).toEqual(["Check the backups", CREDIT.what, CALL_BACK.what, POSTMORTEM.what]);
    expect(whats(store.listActions({ includeRehearsals: true }))[0]).toBe("Practise more");
  });

  it("filters open, overdue as of a day, by owner (ignoring case), client and session", () => {
    const { acme, practice } = seed();
    expect(whats(store.listActions({ open: true }))).toEqual([CREDIT.what, CALL_BACK.what, POSTMORTEM.what]);
    // Due before the 20th and still open: the credit (14th); the backups (10th) are done.
    expect(whats(store.listActions({ overdueAsOf: "2026-11-20" }))).toEqual([CREDIT.what]);
    expect(whats(store.listActions({ overdueAsOf: "2026-11-21" }))).toEqual([CREDIT.what, CALL_BACK.what]);
    expect(whats(store.listActions({ owner: "ANN" }))).toEqual(["Check the backups", CALL_BACK.what]);
    expect(whats(store.listActions({ owner: "Ann", open: true }))).toEqual([CALL_BACK.what]);
    expect(whats(store.listActions({ client: "acme" }))).toEqual([CREDIT.what, CALL_BACK.what]);
    const unicode = store.createSession(newSession({ client: "Ünïcødé AG" }));
    answerActions(unicode.id, [{ what: "Refund the order", owner: "Ann", due: "2026-11-30" }], 1_000);
    expect(whats(store.listActions({ client: "ÜNÏCØDÉ ag" }))).toEqual(["Refund the order"]);
    expect(whats(store.listActions({ sessionId: acme.id, open: true }))).toEqual([CREDIT.what, CALL_BACK.what]);
    // A rehearsal asked for by id is listed.
    expect(whats(store.listActions({ sessionId: practice.id }))).toEqual(["Practise more"]);
  });

  it("rejects an overdue or due-by date that is not YYYY-MM-DD", () => {
    expect(() => store.listActions({ overdueAsOf: "friday" })).toThrow(UsageError);
    expect(() => store.listActions({ dueBy: "+3d" })).toThrow(UsageError);
  });

  it("filters by states: the ones named, superseded ones only when named or asked for", () => {
    const { acme } = seed();
    const credit = store.listActions({ client: "Acme" }).find((a) => a.what === CREDIT.what)!;
    store.changeAction(credit.id, { kind: "cancel", reason: "refund instead" }, 3_000);
    answerActions(acme.id, [CALL_BACK], 4_000); // the credit stays cancelled; nothing is dropped
    const postmortem = store.listActions({ client: "Globex" }).find((a) => a.what === POSTMORTEM.what)!;
    answerActions(postmortem.sessionId, [], 5_000); // the postmortem is dropped: superseded
    expect(whats(store.listActions({ statuses: ["open", "done"] }))).toEqual(["Check the backups", CALL_BACK.what]);
    expect(whats(store.listActions({ statuses: ["cancelled"] }))).toEqual([CREDIT.what]);
    expect(whats(store.listActions({ statuses: [] }))).toEqual([]);
    expect(whats(store.listActions({}))).toEqual(["Check the backups", CREDIT.what, CALL_BACK.what]);
    expect(whats(store.listActions({ includeSuperseded: true }))).toEqual(["Check the backups", CREDIT.what, CALL_BACK.what, POSTMORTEM.what]);
  });

  it("lists open ones due by a day, overdue ones included", () => {
    seed();
    expect(whats(store.listActions({ dueBy: "2026-11-20" }))).toEqual([CREDIT.what, CALL_BACK.what]);
    expect(whats(store.listActions({ dueBy: "2026-11-19" }))).toEqual([CREDIT.what]);
    expect(whats(store.listActions({ dueBy: "2026-11-19", overdueAsOf: "2026-11-14" }))).toEqual([]);
  });

  it("matches an owner by any of several names, whatever the ASCII case, a role in brackets aside", () => {
    const s = store.createSession(newSession({ client: "Initech" }));
    answerActions(s.id, [
      { what: "one", owner: "Sam Whitfield (Head of Reliability)", due: "2026-11-01" },
      { what: "two", owner: "sam", due: "2026-11-02" },
      { what: "three", owner: "SAM WHITFIELD", due: "2026-11-03" },
      { what: "four", owner: "Sam Whitfields", due: "2026-11-04" },
      { what: "five", owner: "Sa_ Whitfield", due: "2026-11-05" },
      { what: "six", owner: "100% Sam (lead)", due: "2026-11-06" },
    ], 1_000);
    expect(whats(store.listActions({ owner: ["Sam Whitfield", "Sam"] }))).toEqual(["one", "two", "three"]);
    expect(whats(store.listActions({ owner: "  sam   whitfield " }))).toEqual(["one", "three"]);
    // LIKE's wildcards in a name are taken literally.
    expect(whats(store.listActions({ owner: "Sa_ Whitfield" }))).toEqual(["five"]);
    expect(whats(store.listActions({ owner: "100% Sam" }))).toEqual(["six"]);
    expect(whats(store.listActions({ owner: "100%" }))).toEqual([]);
    expect(whats(store.listActions({ owner: [] }))).toEqual([]);
  });
});

describe("a session's commitments are looked up, not scanned", () => {
  it("the query for one session's actions uses indexes on actions only (no SCAN of the table)", () => {
    const s = store.createSession(newSession());
    answerActions(s.id, [CALL_BACK], 1_000);
    const { sql, params } = actionsQuery({ sessionId: s.id, includeRehearsals: true });
    const db = new Database(path, { readonly: true });
    try {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as Array<{ detail: string }>).map((r) => r.detail);
      // On a file of 100,000 sessions a scan of actions took 250 ms, the lookup 0.2 ms.
      expect(plan.filter((d) => /^SCAN a\b/.test(d)), plan.join("\n")).toEqual([]);
      expect(plan.some((d) => /SEARCH a USING INDEX actions_session_prompt/.test(d)), plan.join("\n")).toBe(true);
    } finally {
      db.close();
    }
  });
});

describe("the CI gate reads one owner's commitments, not everyone's overdue ones", () => {
  it("actions --overdue --owner: the plan searches actions_owner for both the name and 'name (role)'", () => {
    const s = store.createSession(newSession());
    answerActions(s.id, [CALL_BACK, CREDIT], 1_000);
    const { sql, params } = actionsQuery({ overdueAsOf: "2026-12-31", owner: "Ann" });
    const db = new Database(path, { readonly: true });
    try {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as Array<{ detail: string }>).map((r) => r.detail);
      // Both ranges of the one index that holds every column listed: no commitment's row and no
      // session is read (migration 16), where each had cost a page read scattered over the file.
      expect(plan.filter((d) => /SEARCH a USING COVERING INDEX actions_owner/.test(d)), plan.join("\n")).toHaveLength(2);
      expect(plan.some((d) => /actions_status_due|SCAN a\b|\bs\b|sessions/.test(d)), plan.join("\n")).toBe(false);
      expect(db.prepare(sql).all(params)).toHaveLength(1);
    } finally {
      db.close();
    }
  });
});

describe("migration 16", () => {
  it("gives each commitment of an older file its session's id, incident and rehearsal flag; listings read the same", () => {
    const live = store.createSession(newSession({ client: "Acme", incident: "API outage" }));
    answerActions(live.id, [CALL_BACK, CREDIT], 1_000);
    const rehearsal = store.createSession(newSession({ client: "Globex", incident: "Practice run", rehearsal: true }));
    answerActions(rehearsal.id, [{ ...CALL_BACK, what: "Rehearsed promise" }], 2_000);
    const before = {
      all: store.listActions({ includeRehearsals: true }),
      owner: store.listActions({ overdueAsOf: "2026-12-31", owner: "Ann" }),
      client: store.listActions({ client: "acme" }),
    };
    store.close();
    const db = new Database(path);
    backTo15(db);
    db.close();

    store = openStore(path);
    expect(store.listActions({ includeRehearsals: true })).toEqual(before.all);
    expect(store.listActions({ overdueAsOf: "2026-12-31", owner: "Ann" })).toEqual(before.owner);
    expect(store.listActions({ client: "acme" })).toEqual(before.client);
    // Rehearsals are still left out by default, by the flag the commitment now carries.
    expect(store.listActions({ owner: "Ann" }).map((a) => a.what)).toEqual([CALL_BACK.what]);
    expect(store.listActions({ owner: "Ann", includeRehearsals: true }).map((a) => a.incident).sort()).toEqual(["API outage", "Practice run"]);
    const rows = new Database(path, { readonly: true });
    try {
      expect(rows.prepare("SELECT count(*) FROM actions WHERE session_id = '' OR incident = ''").pluck().get()).toBe(0);
      expect(rows.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    } finally {
      rows.close();
    }
  });
});
