import Database from "better-sqlite3";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { START_FLAGS, cli, expectRefusal, folderState, namesIn, startedDb, tempDirs } from "./helpers.js";

/**
 * A file whose recorded schema version (PRAGMA user_version) does not tell the truth about its
 * tables, as a hand edit or another program leaves it: every command refuses it the same way,
 * writes nothing (not even a backup per run), and `trust doctor` fails on it instead of passing it
 * as upgradable. A lock held by another program is not called damage.
 */

const tempDir = tempDirs("trust-fault-schema-");

/** A current trust database, then its recorded version set to `version` by another program. */
async function fileClaiming(version: number): Promise<{ dir: string; db: string }> {
  const dir = tempDir();
  const db = await startedDb(dir);
  const raw = new Database(db);
  raw.pragma(`user_version = ${version}`);
  raw.pragma("wal_checkpoint(TRUNCATE)");
  raw.close();
  return { dir, db };
}

const COMMANDS: Array<[string, (dir: string, db: string) => string[]]> = [
  ["sessions", (_dir, db) => ["sessions", "--db", db]],
  ["report", (_dir, db) => ["report", "--db", db]],
  ["client", (_dir, db) => ["client", "Acme", "--db", db]],
  ["start --answers", (dir, db) => ["start", "--answers", join(dir, "answers.yaml"), ...START_FLAGS, "--db", db]],
];

describe("a file that says it is older than its tables are", () => {
  for (const [name, args] of COMMANDS) {
    it(`${name}: one truthful line, exit 1, the folder exactly as it was (no backup left behind), twice`, async () => {
      const { dir, db } = await fileClaiming(3);
      const before = folderState(dir);
      const names = namesIn(dir);
      for (let run = 0; run < 2; run++) {
        const ran = await cli(args(dir, db));
        expectRefusal(ran, 1, /^trust: .*trust\.db cannot be upgraded from schema 3: migration 4 failed: duplicate column name/);
        expect(ran.stderr).toContain("trust left it as it was.");
        expect(ran.stderr).not.toMatch(/unexpected error|please report/);
        expect(namesIn(dir)).toEqual(names);
        expect(folderState(dir)).toEqual(before);
      }
    });
  }

  it("trust doctor fails on it (exit 3) and says why", async () => {
    const { dir, db } = await fileClaiming(3);
    const before = folderState(dir);
    const ran = await cli(["doctor", "--db", db]);
    expect(ran.code).toBe(3);
    expect(ran.stdout).toMatch(/✗ schema: version 3, but the upgrade to \d+ cannot apply: migration 4 failed: duplicate column name/);
    expect(folderState(dir)).toEqual(before);
  });
});

describe("a negative recorded version is a version from the future, for every command and doctor", () => {
  it("sessions, start and doctor agree", async () => {
    const { dir, db } = await fileClaiming(-5);
    const before = folderState(dir);
    for (const args of [["sessions", "--db", db], ["start", "--answers", join(dir, "answers.yaml"), ...START_FLAGS, "--db", db]]) {
      expectRefusal(await cli(args), 1, /written by a newer version of trust \(schema 4294967291/);
    }
    const doctor = await cli(["doctor", "--db", db]);
    expect(doctor.code).toBe(3);
    expect(doctor.stdout).toMatch(/✗ schema: .*newer version of trust \(schema 4294967291/);
    expect(folderState(dir)).toEqual(before);
  });
});

describe("a file another program holds locked", () => {
  it("doctor says it could not check, and why, not that the file is damaged", { timeout: 60_000 }, async () => {
    const { db } = await fileClaiming(10);
    const holder = new Database(db);
    holder.pragma("locking_mode = EXCLUSIVE");
    holder.exec("BEGIN EXCLUSIVE");
    let ran;
    try {
      ran = await cli(["doctor", "--db", db]);
    } finally {
      holder.exec("ROLLBACK");
      holder.close();
    }
    expect(ran.code).toBe(3);
    expect(ran.stdout).toMatch(/✗ integrity: could not be checked: .*trust\.db is locked by another process/);
    expect(ran.stdout).toMatch(/fix: Wait for the other trust command/);
    expect(ran.stdout).not.toMatch(/Restore it from a copy/);
  });
});
