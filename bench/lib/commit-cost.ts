import Database from "better-sqlite3";
import { rmSync } from "node:fs";
import { openStore } from "../../src/store/index.js";

/**
 * What one answer costs to commit on a live call: `store.append` of an answer (validation, the
 * insert, the session's summary and updated time, one fsynced IMMEDIATE transaction), timed one
 * by one in rehearsal sessions of the given database, each as long as a real call (a new one
 * every SESSION_LENGTH answers: an append re-reads its session's events). Its floor is the bare
 * cost of SQLite committing one row with the same pragmas (WAL, synchronous=FULL) on the same disk.
 */

export interface CommitCost {
  p50: number;
  p99: number;
  max: number;
  floorP50: number;
  floorP99: number;
  samples: number;
}

/** Answers per session: a long call (the generated sessions have about 30 events). */
const SESSION_LENGTH = 60;
const VALUES = [3, "They heard about it from their own customers first.", ["No data was lost", "Fixed since 11:40"], true, "wary"];

/** Times `count` answers committed through the store into `db`, and as many bare SQLite commits into `floorDb`. */
export function measureCommits(db: string, floorDb: string, count: number, now: number): CommitCost {
  const store = openStore(db);
  const times: number[] = [];
  try {
    const newSession = () =>
      store.createSession({
        info: { client: "Bench Rehearsal", incident: "commit timing", severity: "low", owner: "bench", attendees: [], contacts: [], rehearsal: true },
        playbookId: "bench",
        playbookVersion: 1,
        playbookSource: "id: bench\n",
        at: now,
      });
    let session = newSession();
    const warmUp = Math.min(10, count);
    for (let i = 0; i < count + warmUp; i++) {
      if (i > 0 && i % SESSION_LENGTH === 0) session = newSession();
      const event = { type: "answered" as const, step: "bench", prompt: `p${i % 30}`, value: VALUES[i % VALUES.length]! };
      const t = performance.now();
      store.append(session.id, event, now + i);
      if (i >= warmUp) times.push(performance.now() - t);
    }
  } finally {
    store.close();
  }
  const floor = bareCommits(floorDb, count);
  return {
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    max: Math.max(...times),
    floorP50: percentile(floor, 50),
    floorP99: percentile(floor, 99),
    samples: times.length,
  };
}

function bareCommits(file: string, count: number): number[] {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  const db = new Database(file);
  const times: number[] = [];
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.exec("CREATE TABLE events (id INTEGER PRIMARY KEY, session_pk INTEGER, at INTEGER, type TEXT, step TEXT, prompt TEXT, data TEXT, num REAL)");
    const insert = db.prepare("INSERT INTO events (session_pk, at, type, step, prompt, data) VALUES (1, ?, 'answered', 'bench', ?, ?)");
    for (let i = 0; i < count + 10; i++) {
      const t = performance.now();
      insert.run(i, `p${i % 30}`, JSON.stringify({ value: VALUES[i % VALUES.length] }));
      if (i >= 10) times.push(performance.now() - t);
    }
  } finally {
    db.close();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  }
  return times;
}

/** The p-th percentile (nearest rank) of `values`. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
