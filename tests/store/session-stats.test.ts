import Database from "better-sqlite3";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { SessionEvent } from "../../src/session/model.js";
import { replay } from "../../src/session/state.js";
import { openStore, type Store } from "../../src/store/index.js";
import { migrate } from "../../src/store/migrations.js";
import { stepTimes } from "../helpers/step-times.js";
import { backTo6 } from "../helpers/older-schema.js";
import { newSession, useTempDir } from "./helpers.js";

/**
 * session_stats, the per-session summary the report reads, must always say what the session says
 * through its other ways in (replay() of its timeline, listActions): after every append, after a
 * batch, and after migrations 3 and 4 derived it for a database written before it existed.
 */

const tempDir = useTempDir();
const T0 = Date.UTC(2026, 0, 10, 9, 0);
const S = 1000;
const DAY = 86_400 * S;

/** The builtin playbook, whose ratings trust_before and trust_after carry the metrics of the same names. */
const SOURCE = readFileSync(new URL("../../playbooks/restore-trust.yaml", import.meta.url), "utf8");
/** The same playbook with the first rating renamed: its metric now lives in another prompt. */
const RENAMED = SOURCE.replace("id: trust_before", "id: confidence");

type Timeline = Array<[at: number, event: SessionEvent]>;

interface Stats {
  activeMs: number;
  steps: Array<[string, number]>;
  trustBefore: number | null;
  trustAfter: number | null;
  /** Sorted: the order of commitments does not count. */
  openDue: string[];
  doneMs: number[];
}

/** The summary of a session without events (every session has one since migration 20). */
const NO_STATS: Stats = { activeMs: 0, steps: [], trustBefore: null, trustAfter: null, openDue: [], doneMs: [] };

/** A session's session_stats row, its JSON and step times read. */
function statsOf(store: Store, id: string): Stats | undefined {
  const row = store.db
    .prepare(
      `SELECT st.active_ms, st.step_ms, st.trust_before, st.trust_after, st.open_due, st.done_ms,
         (st.started_month, st.playbook_id, st.rehearsal, st.status, st.source) IS (s.started_month, s.playbook_id, s.rehearsal, s.status, s.source) AS copied
       FROM session_stats st JOIN sessions s ON s.pk = st.session_pk WHERE s.id = ?`,
    )
    .get(id) as { active_ms: number; step_ms: Buffer | null; trust_before: number | null; trust_after: number | null; open_due: string; done_ms: string; copied: number } | undefined;
  if (!row) return undefined;
  // The session's own columns, which the summary carries for the report (migration 20), as the session has them now.
  expect(row.copied, "the session's columns on its summary").toBe(1);
  return {
    activeMs: row.active_ms,
    steps: stepTimes(store.db, row.step_ms),
    trustBefore: row.trust_before,
    trustAfter: row.trust_after,
    openDue: (JSON.parse(row.open_due) as string[]).sort(),
    doneMs: (JSON.parse(row.done_ms) as number[]).sort((a, b) => a - b),
  };
}

/**
 * What the session says through its other ways in: replay() of its timeline for the times and for
 * the ratings of the prompts that carry the metrics in its playbook, listActions for its commitments.
 */
function expected(store: Store, id: string): Stats {
  const [before, after] = store.getSession(id)!.playbookSource === RENAMED ? ["confidence", "trust_after"] : ["trust_before", "trust_after"];
  const state = replay(store.events(id));
  const rating = (prompt: string) => {
    const answer = state.answers.get(prompt);
    return answer?.kind === "answered" && typeof answer.value === "number" ? answer.value : null;
  };
  const actions = store.listActions({ sessionId: id });
  return {
    activeMs: state.activeMs,
    steps: [...state.stepTimes].map(([step, t]) => [step, t.spentMs]),
    trustBefore: rating(before!),
    trustAfter: rating(after!),
    openDue: actions.filter((a) => a.status === "open").map((a) => a.due).sort(),
    doneMs: actions.filter((a) => a.status === "done").map((a) => a.doneAt! - a.createdAt).sort((a, b) => a - b),
  };
}

/** A seeded generator, so a failing timeline can be found again. */
function random(seed: number) {
  return (n: number) => {
    seed = (seed * 48271) % 2147483647;
    return seed % n;
  };
}

const STEPS = ["prepare", "get-facts", "show-empathy", "acknowledge"];
const PROMPTS = ["trust_before", "trust_after", "confidence", "summary", "actions"];
const DUES = ["2026-01-05", "2026-01-20", "2026-02-01"];

/**
 * A random timeline with every kind of event, in orders a live call, a crash or a later command can
 * leave: notes before the first step, pauses, resumes with and without a pause (a killed process),
 * going back, answers that change or are skipped (commitments among them), completion then a
 * resume, clocks that step back.
 */
function randomTimeline(rnd: (n: number) => number): Timeline {
  const out: Timeline = [];
  let t = T0;
  let step = STEPS[0]!;
  if (rnd(4) === 0) out.push([t, { type: "note", text: "before the first step" }]);
  out.push([(t += rnd(3) * S), { type: "step_started", step }]);
  const length = 5 + rnd(25);
  for (let k = 0; k < length; k++) {
    t += rnd(20) === 0 ? -rnd(5) * S : 1 + rnd(90) * S;
    const prompt = PROMPTS[rnd(PROMPTS.length)]!;
    const roll = rnd(20);
    let event: SessionEvent;
    if (roll < 5) event = { type: "step_started", step: (step = STEPS[rnd(STEPS.length)]!) };
    else if (roll < 8 && prompt === "actions") {
      const items = Array.from({ length: rnd(3) }, (_, n) => ({ what: `task ${n}`, owner: "Dana", due: DUES[rnd(DUES.length)]! }));
      event = { type: "answered", step, prompt, value: items };
    } else if (roll < 8) event = { type: "answered", step, prompt, value: prompt === "summary" && rnd(2) === 0 ? "fine" : 1 + rnd(10) };
    else if (roll < 9) event = { type: "skipped", step, prompt };
    else if (roll < 10) event = { type: "skipped", step };
    else if (roll < 11) event = { type: "note", step, text: "n" };
    else if (roll < 12) event = { type: "went_back", step, to: STEPS[rnd(STEPS.length)]! };
    else if (roll < 15) event = { type: "paused" };
    else if (roll < 18) event = { type: "resumed" };
    else event = { type: "completed" };
    out.push([t, event]);
  }
  return out;
}

/** Marks about half of a session's open commitments done, some days after `at`. */
function markSomeDone(store: Store, id: string, rnd: (n: number) => number, at: number): void {
  for (const action of store.listActions({ sessionId: id, open: true })) {
    if (rnd(2) === 0) store.changeAction(action.id, { kind: "done", note: undefined }, at + rnd(10) * DAY);
  }
}

describe("session_stats", () => {
  it("agrees with replay and the actions after every append, through every kind of event", () => {
    const store = openStore(join(tempDir(), "trust.db"));
    const { id } = store.createSession(newSession({ at: T0, source: SOURCE }));
    expect(statsOf(store, id)).toEqual(NO_STATS);
    const timeline: Timeline = [
      [0, { type: "note", text: "dialled in early" }],
      [5, { type: "step_started", step: "prepare" }],
      [10, { type: "answered", step: "prepare", prompt: "trust_before", value: 3 }],
      [20, { type: "answered", step: "prepare", prompt: "trust_before", value: 4 }],
      [30, { type: "step_started", step: "get-facts" }],
      [35, { type: "answered", step: "get-facts", prompt: "facts", value: ["no data lost"] }],
      [40, { type: "skipped", step: "get-facts", prompt: "trust_before" }],
      [45, { type: "paused" }],
      [900, { type: "resumed" }],
      [910, { type: "note", step: "get-facts", text: "back on" }],
      [920, { type: "went_back", step: "get-facts", to: "prepare" }],
      [925, { type: "step_started", step: "prepare" }],
      [930, { type: "answered", step: "prepare", prompt: "trust_before", value: 2 }],
      [940, { type: "skipped", step: "prepare" }],
      [950, { type: "step_started", step: "handle-problem" }],
      [955, { type: "answered", step: "handle-problem", prompt: "actions", value: [{ what: "call back", owner: "Dana", due: "2026-01-12" }] }],
      [
        960,
        {
          type: "answered",
          step: "handle-problem",
          prompt: "actions",
          value: [
            { what: "send the review", owner: "Dana", due: "2026-01-20" },
            { what: "refund", owner: "Lee", due: "2026-02-01" },
          ],
        },
      ],
      // The process was killed here: resumed without a pause.
      [5000, { type: "resumed" }],
      [5010, { type: "answered", step: "handle-problem", prompt: "trust_after", value: 6 }],
      [5020, { type: "completed" }],
      [9000, { type: "resumed" }],
      [9010, { type: "answered", step: "handle-problem", prompt: "trust_after", value: 7 }],
      [9020, { type: "completed" }],
    ];
    for (const [at, event] of timeline) {
      store.append(id, event, T0 + at * S);
      expect(statsOf(store, id), `after ${event.type} at ${at}`).toEqual(expected(store, id));
    }
    const review = store.listActions({ sessionId: id, open: true }).find((a) => a.what === "send the review")!;
    store.changeAction(review.id, { kind: "done", note: "sent" }, T0 + DAY);
    expect(statsOf(store, id)).toEqual(expected(store, id));
    expect(statsOf(store, id)).toMatchObject({ trustBefore: 2, trustAfter: 7, openDue: ["2026-02-01"], doneMs: [DAY - 960 * S] });
    store.close();
  });

  it("agrees on random timelines, appended one by one and in batches, each with its snapshot's metric prompts", () => {
    const store = openStore(join(tempDir(), "trust.db"));
    const rnd = random(7);
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) {
      const { id } = store.createSession(newSession({ at: T0, source: i % 3 === 0 ? RENAMED : SOURCE }));
      const timeline = randomTimeline(rnd);
      if (i % 2 === 0) for (const [at, event] of timeline) store.append(id, event, at);
      else store.batch(() => timeline.forEach(([at, event]) => store.append(id, event, at)));
      markSomeDone(store, id, rnd, timeline.at(-1)![0]);
      ids.push(id);
    }
    ids.forEach((id, i) => expect(statsOf(store, id), `timeline ${i}`).toEqual(expected(store, id)));
    store.close();
  });

  it("comes with the facts of each playbook snapshot, stored with the first session that runs it", () => {
    const store = openStore(join(tempDir(), "trust.db"));
    store.createSession(newSession({ at: T0, source: RENAMED }));
    store.createSession(newSession({ at: T0, source: RENAMED }));
    store.createSession(newSession({ at: T0 }));
    const facts = store.db
      .prepare("SELECT playbook_id, steps, trust_before_prompt, trust_after_prompt FROM snapshot_facts ORDER BY length(steps)")
      .all();
    expect(facts).toEqual([
      { playbook_id: "restore-trust", steps: "[]", trust_before_prompt: null, trust_after_prompt: null },
      {
        playbook_id: "restore-trust",
        steps: expect.stringMatching(/^\["prepare","get-facts",.*"accountability"\]$/),
        trust_before_prompt: "confidence",
        trust_after_prompt: "trust_after",
      },
    ]);
    store.close();
  });

  it("leaves nothing behind when the append's transaction rolls back", () => {
    const store = openStore(join(tempDir(), "trust.db"));
    const { id } = store.createSession(newSession({ at: T0, source: SOURCE }));
    store.append(id, { type: "step_started", step: "prepare" }, T0);
    store.append(id, { type: "answered", step: "prepare", prompt: "trust_before", value: 2 }, T0 + S);
    const before = statsOf(store, id);
    expect(() =>
      store.batch(() => {
        store.append(id, { type: "answered", step: "prepare", prompt: "trust_before", value: 5 }, T0 + 30 * S);
        store.append(id, { type: "completed" }, T0 + 60 * S);
        throw new Error("the caller gave up");
      }),
    ).toThrow("the caller gave up");
    expect(statsOf(store, id)).toEqual(before);
    store.close();
  });
});

describe("migrations 3 and 4", () => {
  /**
   * A version 2 file: sessions written through the store, interleaved as sessions running at the
   * same time leave them (every third one runs RENAMED), then the tables of migration 3 dropped.
   * Migrations 3 and 4 add tables and columns and change nothing else, so what is left is what
   * the version 2 store wrote.
   */
  function createVersion2(path: string, timelines: Timeline[], rnd: (n: number) => number): void {
    const store = openStore(path);
    const ids = timelines.map((_, i) => store.createSession(newSession({ at: T0, source: i % 3 === 0 ? RENAMED : SOURCE })).id);
    const longest = Math.max(...timelines.map((t) => t.length));
    for (let k = 0; k < longest; k++) {
      timelines.forEach((timeline, i) => {
        const entry = timeline[k];
        if (entry) store.append(ids[i]!, entry[1], entry[0]);
      });
    }
    ids.forEach((id) => markSomeDone(store, id, rnd, T0 + DAY));
    store.close();
    const db = new Database(path);
    backTo6(db);
    db.exec(`DROP TABLE session_stats; DROP TABLE snapshot_facts; PRAGMA user_version = 2;
      ALTER TABLE actions DROP COLUMN cancelled_at; ALTER TABLE actions DROP COLUMN cancel_reason; ALTER TABLE sessions DROP COLUMN contacts`);
    const v2 = new Database(":memory:");
    migrate(v2, 2);
    const schema = (d: Database.Database) => d.prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY name").all();
    expect(schema(db)).toEqual(schema(v2));
    v2.close();
    db.close();
  }

  it("derives the facts of every snapshot and the summary of every session, after a backup", () => {
    const path = join(tempDir(), "trust.db");
    const rnd = random(11);
    const timelines = Array.from({ length: 30 }, () => randomTimeline(rnd));
    timelines.push([]); // a session that never got an event
    createVersion2(path, timelines, rnd);

    const store = openStore(path);
    const sessions = store.listSessions({ includeRehearsals: true });
    expect(sessions).toHaveLength(timelines.length);
    for (const { id } of sessions) {
      if (store.events(id).length === 0) expect(statsOf(store, id)).toEqual(NO_STATS);
      else expect(statsOf(store, id), `session ${id}`).toEqual(expected(store, id));
    }
    const hash = (source: string) => createHash("sha256").update(source).digest("hex");
    const steps = JSON.stringify(STEPS.concat(["discuss-facts", "frame-problem", "handle-feelings", "handle-problem", "accountability"]));
    const facts = store.db.prepare("SELECT hash, playbook_id, steps, trust_before_prompt, trust_after_prompt FROM snapshot_facts ORDER BY hash").all();
    expect(facts).toEqual(
      [
        { hash: hash(SOURCE), playbook_id: "restore-trust", steps, trust_before_prompt: "trust_before", trust_after_prompt: "trust_after" },
        { hash: hash(RENAMED), playbook_id: "restore-trust", steps, trust_before_prompt: "confidence", trust_after_prompt: "trust_after" },
      ].sort((a, b) => (a.hash < b.hash ? -1 : 1)),
    );
    store.close();
    expect(existsSync(`${path}.backup-v2`)).toBe(true);
  });

  it("derive again every summary of a version 3 file, whose summaries had no commitments", () => {
    const path = join(tempDir(), "trust.db");
    const rnd = random(5);
    const timelines = Array.from({ length: 10 }, () => randomTimeline(rnd));
    createVersion2(path, timelines, rnd);
    const db = new Database(path);
    migrate(db, 3);
    // What the version 3 store wrote: its summaries, without the columns of version 4.
    db.prepare("INSERT INTO session_stats (session_pk, active_ms, steps) SELECT pk, 1, '[]' FROM sessions").run();
    db.close();

    const store = openStore(path);
    for (const { id } of store.listSessions()) expect(statsOf(store, id), `session ${id}`).toEqual(expected(store, id));
    store.close();
    expect(existsSync(`${path}.backup-v3`)).toBe(true);
  });

  it("lets appends carry on from the derived summary", () => {
    const path = join(tempDir(), "trust.db");
    createVersion2(path, [[[T0, { type: "step_started", step: "prepare" }], [T0 + 30 * S, { type: "paused" }]]], random(3));
    const store = openStore(path);
    const [session] = store.listSessions();
    store.append(session!.id, { type: "resumed" }, T0 + 600 * S);
    store.append(session!.id, { type: "completed" }, T0 + 610 * S);
    expect(statsOf(store, session!.id)).toEqual({ activeMs: 40 * S, steps: [["prepare", 40 * S]], trustBefore: null, trustAfter: null, openDue: [], doneMs: [] });
    store.close();
  });
});
