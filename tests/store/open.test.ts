import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { TrustError } from "../../src/errors.js";
import { SCHEMA_VERSION, openStore } from "../../src/store/index.js";
import { folderState, modeOf, newSession, useTempDir } from "./helpers.js";

const tempDir = useTempDir();
const require = createRequire(import.meta.url);

/** A real trust database with some rows, closed (so its WAL is folded back into the file). */
function populated(path: string, sessions = 200): void {
  const store = openStore(path);
  store.batch(() => {
    for (let i = 0; i < sessions; i++) {
      const s = store.createSession(newSession({ client: `Client ${i}`, at: 1_000 + i }));
      store.append(s.id, { type: "note", text: "x".repeat(200) }, 2_000 + i);
    }
  });
  store.close();
}

const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/**
 * Opening `path` (writable, then read-only) is refused with `message`, and no file in its folder
 * changes. Only where SQLite itself must read the file to find the damage, a read-only connection
 * may leave the empty -wal and the -shm index SQLite keeps beside any WAL database it reads.
 */
function expectRefused(path: string, message: RegExp, opts: { readonlySideFiles?: boolean } = {}): void {
  const dir = join(path, "..");
  const before = folderState(dir);
  for (const readonly of [false, true]) {
    const allowed = readonly && opts.readonlySideFiles ? new Set([`${basename(path)}-wal`, `${basename(path)}-shm`]) : new Set();
    let error: unknown;
    try {
      openStore(path, { readonly }).close();
    } catch (err) {
      error = err;
    }
    expect(error, `readonly: ${readonly}`).toBeInstanceOf(TrustError);
    const trustError = error as TrustError;
    expect(trustError.message).toMatch(message);
    expect(trustError.message).not.toContain("\n");
    expect(trustError.exitCode).toBe(1);
    expect(trustError.hint).toBeTruthy();
    const after = folderState(dir);
    // The -shm file is SQLite's shared-memory index of the -wal, holding no data of its own: any
    // reader rebuilds it after a crash. It may change; it must not appear or vanish.
    for (const name of Object.keys(after)) {
      if (name.endsWith("-shm") && name in before) after[name] = before[name]!;
    }
    for (const name of Object.keys(after)) {
      if (name in before || !allowed.has(name)) continue;
      if (name.endsWith("-wal")) expect(after[name], "a new -wal file must be empty").toBe(EMPTY_SHA256);
      delete after[name];
    }
    expect(after).toEqual(before);
  }
}

describe("opening a database", () => {
  it("creates its folder 0700 and the file, -wal and -shm 0600", () => {
    const dir = join(tempDir(), "data", "trust");
    const path = join(dir, "trust.db");
    const store = openStore(path);
    store.createSession(newSession());
    // Checked while open: the -wal and -shm files exist only then.
    expect(modeOf(dir)).toBe("700");
    expect(modeOf(join(dir, "..")).toString()).toBe("700");
    for (const file of ["trust.db", "trust.db-wal", "trust.db-shm"]) expect(modeOf(join(dir, file)), file).toBe("600");
    store.close();
  });

  it("leaves the mode of a folder that already exists alone", () => {
    const dir = tempDir();
    const before = statSync(dir).mode;
    openStore(join(dir, "trust.db")).close();
    expect(statSync(dir).mode).toBe(before);
  });

  it("uses WAL, foreign keys, a busy timeout and full syncs", () => {
    const path = join(tempDir(), "trust.db");
    const store = openStore(path);
    // The pragmas are per connection: read them through the store's own connection.
    const db = (store as unknown as { db: Database.Database }).db;
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(db.pragma("busy_timeout", { simple: true })).toBe(5000);
    expect(db.pragma("synchronous", { simple: true })).toBe(2);
    store.close();
  });

  it("read-only, on a path with no file, gives an empty store and creates nothing", () => {
    const dir = tempDir();
    const path = join(dir, "missing", "trust.db");
    const store = openStore(path, { readonly: true });
    expect(store.listSessions({ includeRehearsals: true })).toEqual([]);
    expect(store.listActions({})).toEqual([]);
    expect(store.latestUnfinished()).toBeUndefined();
    expect(store.path).toBe(path);
    expect(() => store.createSession(newSession())).toThrow(TrustError);
    store.close();
    expect(existsSync(join(dir, "missing"))).toBe(false);
  });

  it("read-only, on an empty file, gives an empty store and leaves the file empty", () => {
    const path = join(tempDir(), "trust.db");
    writeFileSync(path, "");
    const store = openStore(path, { readonly: true });
    expect(store.listSessions({})).toEqual([]);
    store.close();
    expect(readFileSync(path).length).toBe(0);
  });
});

describe("refusing hostile files, leaving them as they were", () => {
  it("a database from a newer trust", () => {
    const path = join(tempDir(), "trust.db");
    populated(path);
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expectRefused(path, new RegExp(`was written by a newer version of trust \\(schema ${SCHEMA_VERSION + 1}, this build knows ${SCHEMA_VERSION}\\); upgrade trust$`));
  });

  it("a database from a newer trust that was killed with commits still in its -wal file", () => {
    const path = join(tempDir(), "trust.db");
    populated(path);
    // A newer trust bumps the version and is killed before anything folds its -wal into the file.
    const script = `
      const Database = require(${JSON.stringify(require.resolve("better-sqlite3"))});
      const db = new Database(${JSON.stringify(path)});
      db.pragma("user_version = ${SCHEMA_VERSION + 1}");
      db.exec("UPDATE sessions SET incident = 'newer'");
      process.kill(process.pid, "SIGKILL");`;
    const run = spawnSync(process.execPath, ["-e", script]);
    expect(run.signal).toBe("SIGKILL");
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
    expectRefused(path, new RegExp(`was written by a newer version of trust \\(schema ${SCHEMA_VERSION + 1}, this build knows ${SCHEMA_VERSION}\\); upgrade trust$`));
  });

  it("a text file", () => {
    const path = join(tempDir(), "notes.txt");
    writeFileSync(path, "These are my meeting notes, not a database.\n".repeat(50));
    expectRefused(path, /notes\.txt is not a trust database \(it is not a SQLite file\)/);
  });

  it("a file shorter than a SQLite header", () => {
    const path = join(tempDir(), "tiny.db");
    writeFileSync(path, "hi");
    expectRefused(path, /tiny\.db is not a trust database/);
  });

  it("a database cut short inside its header", () => {
    const path = join(tempDir(), "trust.db");
    populated(path, 1);
    truncateSync(path, 50);
    expectRefused(path, /trust\.db is damaged or truncated/);
  });

  it("a database cut in half", () => {
    const path = join(tempDir(), "trust.db");
    populated(path);
    truncateSync(path, Math.floor(statSync(path).size / 2));
    expectRefused(path, /trust\.db is damaged or truncated/, { readonlySideFiles: true });
  });

  it("a database with a damaged page, when it is upgraded", () => {
    const dir = tempDir();
    const path = join(dir, "trust.db");
    populated(path);
    const db = new Database(path);
    db.pragma("user_version = 1"); // so that opening it migrates, which checks the whole file first
    db.close();
    const bytes = readFileSync(path);
    const pageSize = bytes.readUInt16BE(16);
    bytes.fill(0x5a, pageSize * 3 + 8, pageSize * 4); // scribble over page 4, keeping its header
    writeFileSync(path, bytes);
    expectRefused(path, /trust\.db is damaged or truncated/);
    expect(existsSync(`${path}.backup-v1`)).toBe(false);
  });

  it("a SQLite database that belongs to something else", () => {
    const path = join(tempDir(), "other.db");
    const db = new Database(path);
    db.exec("CREATE TABLE recipes (name TEXT)");
    db.close();
    expectRefused(path, /other\.db is a SQLite database, but not one of trust's/);
  });

  it("a folder", () => {
    const path = join(tempDir(), "a-folder");
    mkdirSync(path);
    expect(() => openStore(path)).toThrow(/a-folder is a folder, not a database file/);
    expect(() => openStore(path, { readonly: true })).toThrow(/a-folder is a folder, not a database file/);
  });

  it("a database another process keeps locked past the busy timeout", () => {
    const dir = tempDir();
    const path = join(dir, "trust.db");
    populated(path, 1);
    // Rollback-journal mode, so that an exclusive lock also keeps readers out.
    const other = new Database(path);
    other.pragma("journal_mode = DELETE");
    other.exec("BEGIN EXCLUSIVE");
    other.prepare("UPDATE sessions SET incident = incident").run();
    copyFileSync(path, join(dir, "snapshot"));
    const before = folderState(dir);
    expect(() => openStore(path, { busyTimeoutMs: 100 })).toThrow(/trust\.db is locked by another process$/);
    expect(() => openStore(path, { readonly: true, busyTimeoutMs: 100 })).toThrow(/is locked by another process/);
    expect(folderState(dir)).toEqual(before);
    other.exec("ROLLBACK");
    other.close();
  });

  it("a write that waits past the busy timeout on another writer", () => {
    const path = join(tempDir(), "trust.db");
    const store = openStore(path, { busyTimeoutMs: 100 });
    const s = store.createSession(newSession());
    const other = new Database(path);
    other.exec("BEGIN IMMEDIATE");
    expect(() => store.append(s.id, { type: "paused" }, 1)).toThrow(/is locked by another process/);
    other.exec("ROLLBACK");
    other.close();
    expect(store.append(s.id, { type: "paused" }, 2).type).toBe("paused");
    store.close();
  });
});
