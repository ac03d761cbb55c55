import Database from "better-sqlite3";
import { statSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/index.js";
import { START_FLAGS, cli, expectRefusal, startedDb, tempDirs, type Exit } from "./helpers.js";

/**
 * `trust start --answers` is one transaction: stopped by a full disk, by a lock held past the wait
 * or by a clock that makes its dates impossible, it leaves the file holding exactly the sessions
 * it held before (none half-saved for reports to count or `trust resume` to pick up), says so,
 * and the next run succeeds. SIGKILL at random moments is tests/fault/kill.test.ts.
 */

const tempDir = tempDirs("trust-fault-atomic-");

let dir: string;
let db: string;
let answers: string;

/** The sessions in the file and their events, as a fingerprint of what it holds. */
function holdings(file: string): { sessions: number; events: number; unfinished: boolean; integrity: string } {
  const store = openStore(file, { readonly: true });
  let unfinished: boolean;
  try {
    // What `trust resume` would pick up.
    unfinished = store.latestUnfinished() !== undefined;
  } finally {
    store.close();
  }
  const raw = new Database(file, { readonly: true });
  try {
    return {
      sessions: raw.prepare("SELECT count(*) FROM sessions").pluck().get() as number,
      events: raw.prepare("SELECT count(*) FROM events").pluck().get() as number,
      unfinished,
      integrity: raw.prepare("PRAGMA integrity_check").pluck().get() as string,
    };
  } finally {
    raw.close();
  }
}

const start = (extra: string[] = [], env: Record<string, string> = {}) => cli(["start", "--answers", answers, ...START_FLAGS, "--db", db, ...extra], { env });

beforeEach(async () => {
  dir = tempDir();
  // One whole session already there: what every failed run must leave exactly as it is.
  db = await startedDb(dir);
  answers = join(dir, "answers.yaml");
});

describe("a scripted run that cannot finish saves none of its session", () => {
  it("the disk fills while the session is written: exit 1, the message says nothing was written, the file as it was", async () => {
    const before = holdings(db);
    // Room for SQLite's 32 KiB shared-memory file, not for the session's pages in the log.
    // As a full disk would stop it: writes past 40 KiB fail with EFBIG (Node ignores SIGXFSZ).
    const run = await cli(["start", "--answers", answers, ...START_FLAGS, "--db", db], { before: "ulimit -f 40" });
    expectRefusal(run, 1, /^trust: could not read or write .*trust\.db \(input\/output error\)$/);
    expect(run.stderr).toContain("The change that failed was not saved: trust wrote nothing to it.");
    expect(holdings(db)).toEqual(before);
    expect(before).toMatchObject({ sessions: 1, unfinished: false, integrity: "ok" });
    // With room again, the same run saves the whole session.
    const again = await start();
    expect(again.code, again.stderr).toBe(0);
    expect(holdings(db).sessions).toBe(2);
  });

  it("another process holds the write lock past the wait: exit 1, locked, nothing saved", { timeout: 60_000 }, async () => {
    const before = holdings(db);
    const holder = new Database(db);
    holder.exec("BEGIN IMMEDIATE");
    let run: Exit;
    try {
      run = await start();
    } finally {
      holder.exec("ROLLBACK");
      holder.close();
    }
    expectRefusal(run, 1, /is locked by another process$/);
    expect(run.stderr).toMatch(/Wait for the other trust command \(or the program that has the file open/);
    expect(holdings(db)).toEqual(before);
  });

  it("a clock so far ahead that the relative due dates pass the year 9999: exit 2, each date named, nothing saved", async () => {
    const before = holdings(db);
    const size = statSync(db).size;
    const run = await start([], { TRUST_NOW: "9999-12-30T12:00:00Z" });
    // Each commitment's date is a problem of its own, at its own line.
    expectRefusal(run, 2, /^trust: answers file .* has 3 problems$/);
    expect(run.stderr).toContain('commitment 1: due "+3d" falls after the year 9999');
    expect(run.stderr).toContain('commitment 2: due "+1w" falls after the year 9999');
    expect(run.stderr).toContain('next_update: "+2d" falls after the year 9999');
    expect(holdings(db)).toEqual(before);
    expect(statSync(db).size).toBe(size);
  });
});
