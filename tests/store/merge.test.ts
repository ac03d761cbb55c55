import Database from "better-sqlite3";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ActionItem } from "../../src/session/model.js";
import { openStore, type Store } from "../../src/store/index.js";
import { TimelineReader } from "../../src/store/timeline.js";
import { readSyncState, recordSync } from "../../src/store/sync-state.js";
import { backTo14 } from "../helpers/older-schema.js";
import { newSession, useTempDir } from "./helpers.js";

/**
 * Files merged by the union of their timelines (issue 14): every derived row (status, commitments,
 * summaries) is derived from the events again where they arrive, so two files that merged the
 * same events hold the same state, whatever order the merges ran in.
 */

const SOURCE = `id: demo
title: Demo
version: 1
description: For tests.
steps:
  - id: open
    title: Open
    prompts:
      - { id: before, type: rating, message: Trust before?, metric: trust_before }
  - id: commit
    title: Commit
    prompts:
      - { id: actions, type: actions, message: What will we do? }
      - { id: next_update, type: date, message: When is the next update?, letter: next }
      - { id: after, type: rating, message: Trust after?, metric: trust_after }
`;

const tempDir = useTempDir();
const open: Store[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

function file(name: string, dir = tempDir()): Store {
  const store = openStore(join(dir, name));
  open.push(store);
  return store;
}

/** Merges everything `from` holds into `into`, in chunks of `chunk` events; what it added. */
function mergeInto(into: Store, from: Store, chunk = 7) {
  const reader = new TimelineReader(from.db);
  const sum = { sessions: 0, events: 0, rebuilt: 0 };
  for (let t = reader.next(chunk); t; t = reader.next(chunk)) {
    const c = into.merge(t, from.path);
    sum.sessions += c.sessions;
    sum.events += c.events;
    sum.rebuilt += c.rebuilt;
  }
  return sum;
}

/** Everything a file derives from its events, keyed by global ids only. */
function state(store: Store) {
  const q = (sql: string) => store.db.prepare(sql).all();
  return {
    sessions: q(`SELECT id, client, status, updated_at, completed_at, source FROM sessions ORDER BY id`),
    events: q(`SELECT s.id AS session, o.id AS origin, coalesce(e.origin_seq, e.id) AS seq, e.at, e.type, e.step, e.prompt, e.data, e.num
      FROM events e JOIN origins o ON o.pk = e.origin JOIN sessions s ON s.pk = e.session_pk ORDER BY s.id, e.id`),
    actions: q(`SELECT a.id, s.id AS session, a.prompt, a.position, a.what, a.owner, a.due, a.status, a.created_at, a.done_at, a.done_note,
      a.cancelled_at, a.client FROM actions a JOIN sessions s ON s.pk = a.session_pk ORDER BY a.id`),
    carried: q(`SELECT s.id AS session, c.prompt, c.action_id FROM carried_actions c JOIN sessions s ON s.pk = c.session_pk ORDER BY 1, 3`),
    stats: q(`SELECT s.id, st.active_ms, hex(st.step_ms) AS steps, st.trust_before, st.trust_after, st.open_due, st.done_ms
      FROM session_stats st JOIN sessions s ON s.pk = st.session_pk ORDER BY s.id`),
  };
}

const RCA: ActionItem = { what: "Send the root-cause analysis", owner: "Dana", due: "2026-11-20" };
const CREDIT: ActionItem = { what: "Issue the SLA credit", owner: "Bob", due: "2026-11-25" };

/** A whole call: ratings, commitments, the next update, completed. */
function call(store: Store, client: string, at: number, items: ActionItem[] = [RCA, CREDIT]) {
  const s = store.createSession(newSession({ source: SOURCE, playbookId: "demo", client, at }));
  store.append(s.id, { type: "step_started", step: "open" }, at + 10);
  store.append(s.id, { type: "answered", step: "open", prompt: "before", value: 2 }, at + 20);
  store.append(s.id, { type: "step_started", step: "commit" }, at + 30);
  store.append(s.id, { type: "answered", step: "commit", prompt: "actions", value: items }, at + 40);
  store.append(s.id, { type: "answered", step: "commit", prompt: "next_update", value: "2026-11-18" }, at + 50);
  store.append(s.id, { type: "answered", step: "commit", prompt: "after", value: 4 }, at + 60);
  store.append(s.id, { type: "completed" }, at + 70);
  return s;
}

describe("merging two files", () => {
  it("gives both the union, derived alike, and merging again adds nothing", () => {
    const a = file("a.db");
    const b = file("b.db");
    call(a, "Acme", 1_000);
    call(a, "Globex", 5_000, [CREDIT]);
    const fromB = call(b, "Initech", 3_000);
    b.changeAction(b.listActions({ sessionId: fromB.id }).find((x) => x.what === RCA.what)!.id, { kind: "done", note: "sent" }, 9_000);

    expect(mergeInto(a, b)).toEqual({ sessions: 1, events: 8, rebuilt: 0 });
    expect(mergeInto(b, a)).toEqual({ sessions: 2, events: 14, rebuilt: 0 });
    expect(state(b)).toEqual(state(a));
    expect(a.listActions({ sessionId: fromB.id }).find((x) => x.what === RCA.what)).toMatchObject({ status: "done", doneNote: "sent", doneAt: 9_000 });

    const before = state(a);
    expect(mergeInto(a, b)).toEqual({ sessions: 0, events: 0, rebuilt: 0 });
    expect(mergeInto(a, a, 3)).toEqual({ sessions: 0, events: 0, rebuilt: 0 });
    expect(state(a)).toEqual(before);
  });

  it("the same session resumed on two machines offline ends with both timelines, in one order everywhere", () => {
    const dir = tempDir();
    const a = file("a.db", dir);
    const s = a.createSession(newSession({ source: SOURCE, playbookId: "demo", client: "Acme", at: 1_000 }));
    a.append(s.id, { type: "step_started", step: "open" }, 1_010);
    a.append(s.id, { type: "answered", step: "open", prompt: "before", value: 2 }, 1_020);
    a.close();
    copyFileSync(join(dir, "a.db"), join(dir, "b.db"));
    const a2 = file("a.db", dir);
    const b = file("b.db", dir);
    // Offline: each goes on with the call, at times that interleave.
    a2.append(s.id, { type: "step_started", step: "commit" }, 2_000);
    b.append(s.id, { type: "answered", step: "open", prompt: "before", value: 3 }, 1_500);
    a2.append(s.id, { type: "answered", step: "commit", prompt: "actions", value: [RCA] }, 2_100);
    b.append(s.id, { type: "step_started", step: "commit" }, 2_050);
    b.append(s.id, { type: "answered", step: "commit", prompt: "after", value: 5 }, 2_200);
    b.append(s.id, { type: "completed" }, 2_300);

    expect(mergeInto(a2, b)).toMatchObject({ sessions: 0, events: 4, rebuilt: 1 });
    expect(mergeInto(b, a2)).toMatchObject({ sessions: 0, events: 2, rebuilt: 1 });
    expect(state(b)).toEqual(state(a2));
    const timeline = a2.events(s.id);
    expect(timeline.map((e) => e.at)).toEqual([1_010, 1_020, 1_500, 2_000, 2_050, 2_100, 2_200, 2_300]);
    // Derived from the merged timeline: the later rating wins, the commitment is there, the call is complete.
    expect(a2.getSession(s.id)).toMatchObject({ status: "completed", completedAt: 2_300, updatedAt: 2_300 });
    expect(state(a2).stats[0]).toMatchObject({ trust_before: 3, trust_after: 5 });
    expect(a2.listActions({ sessionId: s.id }).map((x) => x.what)).toEqual([RCA.what]);
  });

  it("a session put back in order gets ids above every id used, so an event waiting to be pushed stays above the pushed mark", () => {
    const dir = tempDir();
    const a = file("a.db", dir);
    const s = a.createSession(newSession({ source: SOURCE, playbookId: "demo", client: "Acme", at: 1_000 }));
    a.append(s.id, { type: "step_started", step: "open" }, 1_010);
    a.close();
    copyFileSync(join(dir, "a.db"), join(dir, "b.db"));
    const a2 = file("a.db", dir);
    const b = file("b.db", dir);
    // Two more events, and everything a2 holds so far is on a server; then an answer waits to be
    // pushed, stamped earlier than those two (the laptop's clock was set back).
    a2.append(s.id, { type: "step_started", step: "commit" }, 9_000);
    a2.append(s.id, { type: "paused" }, 9_500);
    const mark = a2.db.prepare("SELECT max(id) FROM events").pluck().get() as number;
    recordSync(a2.db, "server", { pushed: mark });
    a2.append(s.id, { type: "answered", step: "open", prompt: "before", value: 2 }, 5_000);
    // An earlier event from elsewhere puts the session back in order: the answer now comes third.
    b.append(s.id, { type: "note", text: "from b" }, 2_000);
    expect(mergeInto(a2, b)).toMatchObject({ rebuilt: 1 });
    const pending = a2.db.prepare("SELECT id FROM events WHERE type = 'answered'").pluck().get() as number;
    expect(pending).toBeGreaterThan(readSyncState(a2.db, "server").pushed);
    expect(a2.events(s.id).map((e) => e.type)).toEqual(["step_started", "note", "answered", "step_started", "paused"]);
  });

  it("a commitment done on one machine and edited on another is both", () => {
    const dir = tempDir();
    const a = file("a.db", dir);
    const s = call(a, "Acme", 1_000, [RCA]);
    a.close();
    copyFileSync(join(dir, "a.db"), join(dir, "b.db"));
    const a2 = file("a.db", dir);
    const b = file("b.db", dir);
    const rca = a2.listActions({ sessionId: s.id }).find((x) => x.what === RCA.what)!;
    a2.changeAction(rca.id, { kind: "done", note: "mailed" }, 10_000);
    b.changeAction(rca.id, { kind: "edit", owner: "Sam", due: "2026-12-01" }, 9_000);
    mergeInto(a2, b);
    mergeInto(b, a2);
    expect(state(b)).toEqual(state(a2));
    expect(a2.listActions({ sessionId: s.id }).find((x) => x.id === rca.id)).toMatchObject({ status: "done", owner: "Sam", due: "2026-12-01", doneAt: 10_000 });
  });

  it("the next update gets the same id in every file, so marking it done elsewhere finds it", () => {
    const a = file("a.db");
    const c = file("c.db");
    const s = call(a, "Acme", 1_000, []);
    const next = a.listActions({ sessionId: s.id })[0]!;
    expect(next.what).toMatch(/^Next update/);
    mergeInto(c, a);
    c.changeAction(next.id, { kind: "done" }, 20_000);
    mergeInto(a, c);
    expect(a.listActions({ sessionId: s.id })[0]).toMatchObject({ id: next.id, status: "done", doneAt: 20_000 });
    expect(state(c)).toEqual(state(a));
  });

  it("a commitment carried into a later call stays carried in the file it is merged into", () => {
    const a = file("a.db");
    const c = file("c.db");
    const first = call(a, "Acme", 1_000, [RCA]);
    const rca = a.listActions({ sessionId: first.id }).find((x) => x.what === RCA.what)!;
    const second = a.createSession(newSession({ source: SOURCE, playbookId: "demo", client: "Acme", at: 50_000 }));
    a.append(second.id, { type: "answered", step: "commit", prompt: "actions", value: [{ ...RCA, id: rca.id, due: "2026-12-24" }] }, 50_100);
    mergeInto(c, a, 3);
    expect(state(c)).toEqual(state(a));
    expect(c.listActions({ sessionId: second.id }).map((x) => [x.id, x.due])).toEqual([[rca.id, "2026-12-24"]]);
    expect(c.listActions().filter((x) => x.id === rca.id)).toHaveLength(1);
  });

  it("refuses a snapshot whose text does not match its hash, and merges nothing of that chunk", () => {
    const a = file("a.db");
    const b = file("b.db");
    call(b, "Acme", 1_000);
    const chunk = new TimelineReader(b.db).next(100)!;
    chunk.snapshots[0]!.source += "# changed\n";
    expect(() => a.merge(chunk, "b.db")).toThrow(/b\.db holds a playbook snapshot whose text does not match its hash/);
    expect(a.listSessions()).toEqual([]);
  });

  it("refuses events of a session the timeline does not bring and this file does not hold", () => {
    const a = file("a.db");
    const b = file("b.db");
    call(b, "Acme", 1_000);
    const chunk = new TimelineReader(b.db).next(100)!;
    chunk.sessions = [];
    expect(() => a.merge(chunk, "b.db")).toThrow(/^b\.db holds events of session [0-9a-f]{12} but not the session; nothing of this part was merged$/);
    expect(a.listSessions()).toEqual([]);
  });

  it("refuses an event that does not check, as an answer typed on the call would be", () => {
    const a = file("a.db");
    const b = file("b.db");
    call(b, "Acme", 1_000);
    const chunk = new TimelineReader(b.db).next(100)!;
    chunk.events[1]!.type = "exploded";
    expect(() => a.merge(chunk, "b.db")).toThrow(/b\.db holds an event .* that trust cannot read/);
    expect(a.listSessions()).toEqual([]);
  });
});

describe("migration 15", () => {
  it("gives the events of an older file an origin, and its next updates the ids every file derives", () => {
    const dir = tempDir();
    const a = file("a.db", dir);
    const s = call(a, "Acme", 1_000, []);
    const next = a.listActions({ sessionId: s.id })[0]!;
    a.changeAction(next.id, { kind: "done" }, 9_000);
    a.close();
    // As schema 14 left it: a random id for the next update, named by the event that marked it done.
    const db = new Database(join(dir, "a.db"));
    backTo14(db);
    const old = "0123456789abcdef0123456789abcdef";
    db.pragma("foreign_keys = OFF");
    db.prepare("UPDATE actions SET id = ? WHERE id = ?").run(old, next.id);
    db.prepare("UPDATE events SET data = replace(data, ?, ?)").run(next.id, old);
    db.close();

    const upgraded = file("a.db", dir);
    const [action] = upgraded.listActions({ sessionId: s.id });
    expect(action).toMatchObject({ status: "done", doneAt: 9_000 });
    expect(action!.id).not.toBe(old);
    expect(upgraded.events(s.id).at(-1)).toMatchObject({ type: "action_done", action: action!.id });
    // A file it is merged into derives the same id.
    const c = file("c.db");
    mergeInto(c, upgraded);
    expect(state(c)).toEqual(state(upgraded));
  });
});
