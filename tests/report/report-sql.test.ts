import Database from "better-sqlite3";
import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { SessionEvent, SessionInfo } from "../../src/session/model.js";
import { buildReport } from "../../src/report/aggregate.js";
import { replay } from "../../src/session/state.js";
import { openStore, type Store } from "../../src/store/index.js";
import { commitmentFacts, reportSource, type BatchKey, type ReportFilter } from "../../src/store/report.js";
import { TimelineReader } from "../../src/store/timeline.js";
import { backTo12, backTo13, backTo18, backTo19 } from "../helpers/older-schema.js";
import { useTempDir } from "../store/helpers.js";
import { decodeStepPairs } from "../../src/report/step-pairs.js";
import { stepTimes } from "../helpers/step-times.js";

/**
 * The report's SQL against real SQLite files written through the store: per-session facts must
 * agree with the session engine's own replay of the same timeline. (session_stats, which the
 * facts come from, is checked against replay on random timelines in tests/store/session-stats.test.ts.)
 */

const SOURCE = readFileSync(new URL("../../playbooks/restore-trust.yaml", import.meta.url), "utf8");
const T0 = Date.UTC(2026, 0, 10, 9, 0);
const S = 1000;
const tempDir = useTempDir();

function open(): Store {
  return openStore(join(tempDir(), "trust.db"));
}

type Timed = [at: number, event: SessionEvent];

function session(store: Store, timeline: Timed[], info: Partial<SessionInfo> = {}, start = T0, playbookSource = SOURCE, how: { source?: "live" | "file"; playbookId?: string } = {}): string {
  const record = store.createSession({
    info: { client: "Acme", incident: "outage", severity: "high", owner: "Dana", attendees: [], contacts: [], rehearsal: false, ...info },
    playbookId: how.playbookId ?? "restore-trust",
    playbookVersion: 1,
    playbookSource,
    at: start,
    source: how.source,
  });
  for (const [at, event] of timeline) store.append(record.id, event, start + at);
  return record.id;
}

/**
 * The report's batches, one per client and month, read back as facts: the sessions these tests
 * compare one by one have clients of their own.
 */
function facts(store: Store, filter: Partial<ReportFilter> = {}) {
  const source = reportSource(store, { today: "2026-02-01", ...filter }, "client");
  return source.batches.map((b) => {
    const numbers = new Float64Array(b.stepMs.length);
    const n = decodeStepPairs(b.stepMs, numbers);
    const stepMs: Array<[string, number]> = [];
    for (let i = 0; i < n; i += 2) stepMs.push([source.stepNames.get(numbers[i]!)!, numbers[i + 1]!]);
    return {
      client: b.key,
      sessions: b.started,
      status: b.completed === b.started ? "completed" : "in_progress",
      activeMs: b.durations.length === 0 ? null : [...Array.from(b.durations)].reduce((x, y) => x + y, 0),
      stepMs,
      trustBefore: b.trustBefore.n === 0 ? null : b.trustBefore.sum / b.trustBefore.n,
      trustAfter: b.trustAfter.n === 0 ? null : b.trustAfter.sum / b.trustAfter.n,
      actionsOpen: b.actionsOpen,
      actionsDone: b.actionsDone,
      actionsOverdue: b.actionsOverdue,
      doneMs: Array.from(b.doneMs),
    };
  });
}

const step = (id: string): SessionEvent => ({ type: "step_started", step: id });
const rate = (prompt: "trust_before" | "trust_after", value: number): SessionEvent => ({
  type: "answered",
  step: prompt === "trust_before" ? "prepare" : "accountability",
  prompt,
  value,
});

/** What the engine says about a stored session, in the report's terms. */
function fromReplay(store: Store, id: string) {
  const state = replay(store.events(id));
  return { activeMs: state.activeMs, steps: Object.fromEntries([...state.stepTimes].map(([k, v]) => [k, v.spentMs])) };
}

describe("report facts from the timeline", () => {
  it("times steps and calls like the engine: pauses and a killed process left out, revisits summed", () => {
    const store = open();
    const paused = session(store, [
      [0, step("prepare")],
      [10 * S, rate("trust_before", 2)],
      [60 * S, step("get-facts")],
      [100 * S, { type: "paused" }],
      [1000 * S, { type: "resumed" }],
      [1100 * S, step("accountability")],
      [1150 * S, rate("trust_after", 4)],
      [1200 * S, { type: "completed" }],
    ], { client: "A" });
    const killed = session(store, [
      [0, step("prepare")],
      [30 * S, { type: "note", step: "prepare", text: "last thing typed before the crash" }],
      [5000 * S, { type: "resumed" }],
      [5060 * S, { type: "completed" }],
    ], { client: "B" });
    const wentBack = session(store, [
      [0, step("prepare")],
      [20 * S, step("get-facts")],
      [40 * S, { type: "went_back", step: "get-facts", to: "prepare" }],
      [50 * S, step("prepare")],
      [80 * S, step("get-facts")],
      [100 * S, { type: "completed" }],
    ], { client: "C" });
    const [a, b, c] = facts(store);
    expect(a!.stepMs).toEqual([["prepare", 60 * S], ["get-facts", 140 * S], ["accountability", 100 * S]]);
    expect(a!.activeMs).toBe(300 * S);
    expect(b!.stepMs).toEqual([["prepare", 90 * S]]);
    expect(c!.stepMs).toEqual([["prepare", 50 * S], ["get-facts", 50 * S]]);
    for (const [id, f] of [[paused, a], [killed, b], [wentBack, c]] as const) {
      expect({ activeMs: f!.activeMs, steps: Object.fromEntries(f!.stepMs) }).toEqual(fromReplay(store, id));
    }
    store.close();
  });

  it("gives open sessions no times, and takes the latest rating (a skip counts as none)", () => {
    const store = open();
    session(store, [
      [0, step("prepare")],
      [5 * S, rate("trust_before", 2)],
      [6 * S, rate("trust_before", 3)],
      [7 * S, step("accountability")],
      [8 * S, rate("trust_after", 4)],
      [9 * S, { type: "skipped", step: "accountability", prompt: "trust_after" }],
    ]);
    const [f] = facts(store);
    expect(f).toMatchObject({ status: "in_progress", activeMs: null, stepMs: [], trustBefore: 3, trustAfter: null });
    store.close();
  });

  it("reads ratings through each session's own playbook snapshot", () => {
    const store = open();
    const renamed = SOURCE.replace("id: trust_before", "id: confidence_at_start");
    session(store, [[0, step("prepare")], [1, { type: "answered", step: "prepare", prompt: "confidence_at_start", value: 5 }]], { client: "A" }, T0, renamed);
    session(store, [[0, step("prepare")], [1, { type: "answered", step: "prepare", prompt: "confidence_at_start", value: 5 }]], { client: "B" });
    expect(facts(store).map((f) => f.trustBefore)).toEqual([5, null]);
    store.close();
  });

  it("counts commitments: superseded left out, overdue against today, time to done", () => {
    const store = open();
    const id = session(store, [
      [0, step("handle-problem")],
      [1, { type: "answered", step: "handle-problem", prompt: "actions", value: [{ what: "old", owner: "Dana", due: "2026-01-01" }] }],
      [
        2,
        {
          type: "answered",
          step: "handle-problem",
          prompt: "actions",
          value: [
            { what: "late", owner: "Dana", due: "2026-01-20" },
            { what: "due today", owner: "Lee", due: "2026-02-01" },
            { what: "finished", owner: "Lee", due: "2026-01-15" },
          ],
        },
      ],
    ]);
    const finished = store.listActions({ sessionId: id }).find((a) => a.what === "finished")!;
    store.changeAction(finished.id, { kind: "done", note: "done" }, T0 + 3 * 86_400_000 + 2);
    const [f] = facts(store);
    expect(f).toMatchObject({ actionsOpen: 2, actionsDone: 1, actionsOverdue: 1, doneMs: [3 * 86_400_000] });
    store.close();
  });

  it("applies every filter, and leaves rehearsals out unless asked", () => {
    const store = open();
    const done: Timed[] = [[0, step("prepare")], [S, { type: "completed" }]];
    session(store, done, { client: "Acme" }, Date.UTC(2026, 0, 5));
    session(store, [[0, step("prepare")]], { client: "Beta", owner: "Lee" }, Date.UTC(2026, 1, 5));
    session(store, done, { client: "acme", rehearsal: true }, Date.UTC(2026, 1, 6));
    const clients = (filter: Partial<ReportFilter>) => facts(store, filter).flatMap((f) => Array<string>(f.sessions).fill(f.client)).sort();
    expect(clients({})).toEqual(["Acme", "Beta"]);
    expect(clients({ includeRehearsals: true })).toEqual(["Acme", "Beta", "acme"]);
    // One client without case, in each month: named as its earliest session wrote it.
    expect(reportSource(store, { today: "2026-03-01", includeRehearsals: true, client: "acme" }, "client").batches.map((b) => [b.key, b.month])).toEqual([
      ["Acme", "2026-01"],
      ["acme", "2026-02"],
    ]);
    expect(clients({ client: "ACME", includeRehearsals: true })).toEqual(["Acme", "acme"]);
    expect(clients({ since: Date.UTC(2026, 1, 1) })).toEqual(["Beta"]);
    expect(clients({ until: Date.UTC(2026, 1, 1) })).toEqual(["Acme"]);
    expect(clients({ status: "in_progress" })).toEqual(["Beta"]);
    expect(clients({ playbook: "service-outage" })).toEqual([]);
    store.close();
  });

  it("gives the same report over a file from before migration 13, once it is upgraded", () => {
    const path = join(tempDir(), "trust.db");
    let store = openStore(path);
    const done: SessionEvent = { type: "completed" };
    session(store, [[0, step("prepare")], [5 * S, rate("trust_before", 2)], [9 * S, step("get-facts")], [40 * S, done]], { client: "Acme" }, Date.UTC(2026, 0, 31, 23, 59));
    session(store, [[0, step("prepare")], [7 * S, step("prepare")], [8 * S, rate("trust_after", 4)], [20 * S, done]], { client: "beta", owner: "Lee" }, Date.UTC(2026, 1, 1));
    session(store, [[0, step("accountability")]], { client: "ACME" }, Date.UTC(2026, 2, 3));
    const figures = (s: Store) =>
      (["client", "session-owner", "playbook", undefined] as const).map((key) => {
        const source = reportSource(s, { today: "2026-03-01" }, key);
        return buildReport(source.batches, key, source);
      });
    const now = figures(store);
    store.close();
    const db = new Database(path);
    backTo12(db);
    db.close();
    store = openStore(path);
    expect(figures(store)).toEqual(now);
    expect(now[0]!.groups.map((g) => g.key)).toEqual(["Acme", "beta"]);
    store.close();
  });

  it("gives the same report and step times over a file from before migration 19, its summaries made again in less space", () => {
    const path = join(tempDir(), "trust.db");
    let store = openStore(path);
    const done: SessionEvent = { type: "completed" };
    // A step of 40 days: more than 32 bits of ms.
    session(store, [[0, step("prepare")], [5 * S, rate("trust_before", 2)], [9 * S, step("get-facts")], [40 * 86_400 * S, done]], { client: "Acme" });
    session(store, [[0, step("prepare")], [7 * S, step("prepare")], [8 * S, rate("trust_after", 4)], [20 * S, done]], { client: "beta" });
    session(store, [[0, step("accountability")]], { client: "ACME" });
    const figures = (s: Store) =>
      (["client", undefined] as const).map((key) => {
        const source = reportSource(s, { today: "2026-03-01" }, key);
        return buildReport(source.batches, key, source);
      });
    const stored = (s: Store) => (s.db.prepare("SELECT session_pk, step_ms FROM session_stats ORDER BY 1").raw(true).all() as Array<[number, Buffer | null]>).map(([pk, b]) => [pk, stepTimes(s.db, b)]);
    const now = figures(store);
    const times = stored(store);
    const ratings = store.db.prepare("SELECT * FROM client_ratings ORDER BY client").all();
    store.close();
    const db = new Database(path);
    backTo18(db);
    const before = db.prepare("SELECT sum(length(step_ms)) FROM session_stats").pluck().get() as number;
    db.close();
    store = openStore(path);
    expect(figures(store)).toEqual(now);
    expect(stored(store)).toEqual(times);
    expect(times[0]![1]).toContainEqual(["get-facts", 40 * 86_400 * S - 9 * S]);
    expect(store.db.prepare("SELECT sum(length(step_ms)) FROM session_stats").pluck().get()).toBeLessThan(before / 2);
    // The index and the triggers that keep the ratings per client came back with the table.
    const schema = store.db.prepare("SELECT type, name FROM sqlite_schema WHERE tbl_name = 'session_stats' ORDER BY 2").raw(true).all();
    expect(schema).toEqual([
      ["trigger", "client_ratings_stats"],
      ["trigger", "client_ratings_stats_changed"],
      ["trigger", "client_ratings_stats_gone"],
      ["table", "session_stats"],
      ["index", "session_stats_report"],
      ["index", "session_stats_trust"],
    ]);
    expect(store.db.prepare("SELECT * FROM client_ratings ORDER BY client").all()).toEqual(ratings);
    session(store, [[0, step("prepare")], [1 * S, rate("trust_after", 5)], [2 * S, done]], { client: "beta" });
    expect(store.db.prepare("SELECT after_n FROM client_ratings WHERE client = 'beta'").pluck().get()).toBe(2);
    store.close();
  });

  it("times calls and steps over live calls only, and filters by how sessions were run", () => {
    const store = open();
    const done: SessionEvent = { type: "completed" };
    session(store, [[0, step("prepare")], [30 * S, done]], { client: "Live" });
    // A file run is written at one instant, as trust start --answers writes it.
    session(store, [[0, step("prepare")], [0, rate("trust_before", 3)], [0, done]], { client: "File" }, T0, SOURCE, { source: "file" });
    const report = (source?: "live" | "file") => {
      const s = reportSource(store, { today: "2026-02-01", source }, undefined);
      return buildReport(s.batches, undefined, s).totals;
    };
    const all = report();
    expect(all.sessions).toEqual({ started: 2, completed: 2, completionRate: 1 });
    // The file run's zero seconds do not pull the median down.
    expect(all.duration).toEqual({ medianMs: 30 * S, p90Ms: 30 * S });
    expect(all.steps.map((x) => [x.step, x.sessions])).toEqual([["prepare", 1]]);
    expect(all.trust.before).toBe(3);
    expect(report("live").sessions.started).toBe(1);
    const file = report("file");
    expect(file.sessions.started).toBe(1);
    expect(file.duration.medianMs).toBeNull();
    expect(store.listSessions({}).map((x) => [x.client, x.source]).sort()).toEqual([["File", "file"], ["Live", "live"]]);
    store.close();
  });

  it("keys steps by playbook: the same step id in two playbooks is two rows, with each one's budget", () => {
    const store = open();
    const done: SessionEvent = { type: "completed" };
    const other = SOURCE.replace(/^id: restore-trust$/m, "id: other-playbook");
    expect(other).not.toBe(SOURCE);
    session(store, [[0, step("prepare")], [10 * S, done]]);
    session(store, [[0, step("prepare")], [50 * S, done]], {}, T0, other, { playbookId: "other-playbook" });
    const s = reportSource(store, { today: "2026-02-01" }, undefined);
    const steps = buildReport(s.batches, undefined, s).totals.steps;
    const budget = s.playbooks.get("restore-trust")!.budgets.get("prepare") ?? null;
    expect(steps).toEqual([
      { playbook: "other-playbook", step: "prepare", sessions: 1, budgetMs: budget, medianMs: 50 * S, p90Ms: 50 * S },
      { playbook: "restore-trust", step: "prepare", sessions: 1, budgetMs: budget, medianMs: 10 * S, p90Ms: 10 * S },
    ]);
    store.close();
  });

  it("orders a playbook's steps as its newest stored version does, whatever order the snapshots were stored in", () => {
    const store = open();
    const done: SessionEvent = { type: "completed" };
    const version = (n: number, steps: string[]) =>
      `id: reordered\ntitle: Reordered\nversion: ${n}\ndescription: Steps moved between versions.\nsteps:\n${steps.map((id) => `  - { id: ${id}, title: ${id} }\n`).join("")}`;
    const how = { playbookId: "reordered" };
    session(store, [[0, step("a")], [10 * S, step("b")], [20 * S, done]], {}, T0, version(1, ["a", "b"]), how);
    session(store, [[0, step("c")], [10 * S, step("b")], [20 * S, step("a")], [30 * S, done]], {}, T0 + 3600 * S, version(2, ["c", "b", "a"]), how);
    const s = reportSource(store, { today: "2026-02-01" }, undefined);
    expect(s.playbooks.get("reordered")!.steps).toEqual(["c", "b", "a"]);
    expect(buildReport(s.batches, undefined, s).totals.steps.map((x) => x.step)).toEqual(["c", "b", "a"]);
    store.close();
  });

  it("groups commitments by their own owner with --group-by owner, and sessions by who ran them with session-owner", () => {
    const store = open();
    const promise = (what: string, owner: string, due: string) => ({ what, owner, due });
    const answer: SessionEvent = {
      type: "answered",
      step: "accountability",
      prompt: "actions",
      value: [promise("Refund", "Alex", "2026-01-20"), promise("Review", "Sam", "2026-03-01"), promise("Call back", "sam", "2026-01-25")],
    };
    // Alex runs four calls but owns one commitment; Sam runs none and owns two.
    for (let i = 0; i < 4; i++) session(store, i === 0 ? [[0, step("accountability")], [S, answer]] : [[0, step("prepare")]], { owner: "Alex", client: `C${i}` });
    const filter = { today: "2026-02-01" };
    const s = reportSource(store, filter, undefined);
    const byOwner = buildReport(s.batches, "owner", { ...s, owners: commitmentFacts(store, filter).owners });
    expect(byOwner.groups).toEqual([]);
    expect(byOwner.owners).toEqual([
      { key: "Alex", commitments: { open: 1, done: 0, overdue: 1, medianTimeToDoneMs: null } },
      { key: "Sam", commitments: { open: 2, done: 0, overdue: 1, medianTimeToDoneMs: null } },
    ]);
    const bySessionOwner = reportSource(store, filter, "session-owner");
    const sessions = buildReport(bySessionOwner.batches, "session-owner", bySessionOwner).groups;
    expect(sessions.map((g) => [g.key, g.figures.sessions.started, g.figures.commitments.open])).toEqual([["Alex", 4, 3]]);
    store.close();
  });

  it("takes an owner with a role in brackets after the name as that person, as the owner filter does", () => {
    const store = open();
    const promise = (what: string, owner: string, due: string) => ({ what, owner, due });
    const answer = (...value: Array<ReturnType<typeof promise>>): SessionEvent => ({ type: "answered", step: "accountability", prompt: "actions", value });
    session(store, [[0, step("accountability")], [S, answer(promise("Refund", "Sam Whitfield (SRE)", "2026-01-20"), promise("Review", "Alex", "2026-03-01"))]], { owner: "Dana (Account manager)", client: "C1" });
    session(store, [[0, step("accountability")], [S, answer(promise("Call back", "sam whitfield", "2026-01-25"), promise("Credit", "Sam Whitfield", "2026-03-02"))]], { owner: "dana", client: "C2" });
    const filter = { today: "2026-02-01" };
    // The counts kept per owner, and every commitment read with its session: the same groups.
    for (const chosen of [filter, { ...filter, since: 0 }]) {
      const s = reportSource(store, chosen, undefined);
      const byOwner = buildReport(s.batches, "owner", { ...s, owners: commitmentFacts(store, chosen).owners });
      expect(byOwner.owners, JSON.stringify(chosen)).toEqual([
        { key: "Alex", commitments: { open: 1, done: 0, overdue: 0, medianTimeToDoneMs: null } },
        // Named as on the earliest commitment.
        { key: "Sam Whitfield (SRE)", commitments: { open: 3, done: 0, overdue: 2, medianTimeToDoneMs: null } },
      ]);
    }
    const listed = store.listActions({ owner: "Sam Whitfield", open: true }).map((a) => a.owner);
    expect(listed.sort()).toEqual(["Sam Whitfield", "Sam Whitfield (SRE)", "sam whitfield"]);
    const bySessionOwner = reportSource(store, filter, "session-owner");
    const sessions = buildReport(bySessionOwner.batches, "session-owner", bySessionOwner).groups;
    expect(sessions.map((g) => [g.key, g.figures.sessions.started])).toEqual([["Dana (Account manager)", 2]]);
    store.close();
  });

  it("migration 14 tells file runs from live calls in a file written before it", () => {
    const path = join(tempDir(), "trust.db");
    let store = openStore(path);
    const done: SessionEvent = { type: "completed" };
    session(store, [[0, step("prepare")], [30 * S, done]], { client: "Live" });
    session(store, [[0, step("prepare")], [0, done]], { client: "File" }, T0, SOURCE, { source: "file" });
    session(store, [[0, step("prepare")]], { client: "Open" });
    store.close();
    const db = new Database(path);
    backTo13(db);
    db.close();
    store = openStore(path);
    expect(store.listSessions({}).map((x) => [x.client, x.source]).sort()).toEqual([["File", "file"], ["Live", "live"], ["Open", "live"]]);
    store.close();
  });

  it("reads an unfiltered report from the summaries alone, as it reads every session joined with its own: after merges, reopening, and an upgrade from before migration 20", () => {
    const path = join(tempDir(), "trust.db");
    let store = openStore(path);
    const done: SessionEvent = { type: "completed" };
    const other = SOURCE.replace(/^id: restore-trust$/m, "id: other-playbook");
    const shared = session(store, [[0, step("prepare")], [5 * S, rate("trust_before", 2)]], { client: "Shared" });
    session(store, [[0, step("prepare")], [9 * S, rate("trust_after", 4)], [20 * S, done]], { client: "Done" }, Date.UTC(2026, 0, 31, 23, 59));
    session(store, [[0, step("prepare")], [3 * S, done], [4 * S, { type: "resumed" }]], { client: "Reopened" }, Date.UTC(2026, 1, 1));
    session(store, [[0, step("prepare")], [8 * S, done]], { client: "Rehearsed", rehearsal: true });
    session(store, [[0, step("prepare")], [0, rate("trust_before", 3)], [0, done]], { client: "File" }, T0, SOURCE, { source: "file" });
    session(store, [[0, step("prepare")], [50 * S, done]], { client: "Other" }, Date.UTC(2026, 2, 3), other, { playbookId: "other-playbook" });
    // A session that never got an event counts as started all the same.
    session(store, [], { client: "Silent" }, Date.UTC(2026, 1, 14));
    store.close();
    // The same session goes on differently in a copy, and the copy comes back: the merge derives
    // its summary again from the union of both timelines.
    const copy = join(tempDir(), "copy.db");
    copyFileSync(path, copy);
    store = openStore(path);
    const theirs = openStore(copy);
    store.append(shared, rate("trust_after", 5), T0 + 30 * S);
    theirs.append(shared, step("get-facts"), T0 + 40 * S);
    theirs.append(shared, done, T0 + 60 * S);
    session(theirs, [[0, step("prepare")], [7 * S, done]], { client: "Theirs" }, Date.UTC(2026, 0, 20));
    const reader = new TimelineReader(theirs.db);
    for (let t = reader.next(5); t; t = reader.next(5)) expect(() => store.merge(t, copy)).not.toThrow();
    theirs.close();

    // Built into the report: the two read each batch's sessions in another order, and the
    // figures (sums, counts, percentiles) do not depend on it.
    const batches = (s: Store, filter: Partial<ReportFilter>, key: BatchKey) => {
      const source = reportSource(s, { today: "2026-03-01", ...filter }, key);
      return buildReport(source.batches, key, source);
    };
    const both = (s: Store) =>
      (["playbook", undefined] as const).flatMap((key) =>
        [false, true].map((includeRehearsals) => {
          const read = batches(s, { includeRehearsals }, key);
          // started_at >= 0 chooses every session by more than rehearsal: the join.
          expect(read, `by ${key ?? "nothing"}, rehearsals ${includeRehearsals}`).toEqual(batches(s, { includeRehearsals, since: 0 }, key));
          return read;
        }),
      );
    const now = both(store);
    // This file's 7 sessions (the silent one too) and the copy's; one of them a rehearsal.
    expect(now[1]!.totals.sessions.started).toBe(8);
    expect(now[0]!.totals.sessions).toEqual({ started: 7, completed: 5, completionRate: 0.7143 });
    store.close();
    const db = new Database(path);
    backTo19(db);
    expect(db.prepare("SELECT count(*) FROM sessions WHERE pk NOT IN (SELECT session_pk FROM session_stats)").pluck().get()).toBe(1);
    db.close();
    store = openStore(path);
    expect(both(store)).toEqual(now);
    store.close();
  });
});
