import Database from "better-sqlite3";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openStore } from "../../src/store/index.js";
import { MIGRATIONS, SCHEMA_VERSION, migrate, type Migration } from "../../src/store/migrations.js";
import { modeOf, newSession, useTempDir } from "./helpers.js";

const tempDir = useTempDir();

function userVersion(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma("user_version", { simple: true }) as number;
  } finally {
    db.close();
  }
}

/** A database at version 1 holding one session, as an older trust would have left it. */
function createVersion1(path: string): void {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  migrate(db, 1);
  db.prepare("INSERT INTO playbook_snapshots (hash, source) VALUES ('h1', 'id: old\n')").run();
  db.prepare(
    `INSERT INTO sessions (id, playbook_id, playbook_version, playbook_hash, client, incident, severity, owner, attendees,
       rehearsal, status, started_at, updated_at)
     VALUES ('0123456789abcdef0123456789abcdef', 'old', 1, 'h1', 'Initech', 'lost data', 'critical', 'Peter', '["Bill"]',
       0, 'in_progress', 1000, 2000)`,
  ).run();
  db.prepare("INSERT INTO events (session_pk, at, type, step, prompt, data, num) VALUES (1, 1500, 'answered', 's', 'p', '{\"value\":4}', 4)").run();
  db.close();
}

describe("migrations", () => {
  it("bring an empty file to the latest version without a backup", () => {
    const dir = tempDir();
    const path = join(dir, "trust.db");
    openStore(path).close();
    expect(userVersion(path)).toBe(SCHEMA_VERSION);
    expect(readdirSync(dir).filter((name) => name.includes("backup"))).toEqual([]);
  });

  it("upgrade a version 1 file, keeping its rows and a private backup of it first", () => {
    const dir = tempDir();
    const path = join(dir, "trust.db");
    createVersion1(path);

    const store = openStore(path);
    const session = store.resolveSession("0123");
    expect(session).toMatchObject({ client: "Initech", attendees: [{ name: "Bill" }], contacts: [], playbookSource: "id: old\n", updatedAt: 2000 });
    expect(store.events(session.id)).toEqual([{ type: "answered", step: "s", prompt: "p", value: 4, seq: 1, at: 1500 }]);
    store.close();

    expect(userVersion(path)).toBe(SCHEMA_VERSION);
    const backup = `${path}.backup-v1`;
    expect(userVersion(backup)).toBe(1);
    expect(modeOf(backup)).toBe("600");
    const copy = new Database(backup, { readonly: true });
    expect(copy.prepare("SELECT client FROM sessions").all()).toEqual([{ client: "Initech" }]);
    copy.close();
  });

  it("never overwrite an earlier backup", () => {
    const dir = tempDir();
    const path = join(dir, "trust.db");
    createVersion1(path);
    openStore(path).close();
    // Another version 1 file later takes the same name: its backup must not replace the first.
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
    createVersion1(path);
    openStore(path).close();
    expect(readdirSync(dir).filter((name) => name.includes("backup")).sort()).toEqual(["trust.db.backup-v1", "trust.db.backup-v1.2"]);
  });

  it("each run in one transaction: a failing migration leaves the previous version and nothing of itself", () => {
    const path = join(tempDir(), "trust.db");
    const db = new Database(path);
    const broken: Migration = { version: 2, description: "broken", sql: "CREATE TABLE half (x); SELECT * FROM no_such_table;" };
    expect(() => migrate(db, 2, [MIGRATIONS[0]!, broken])).toThrow(/no such table/);
    expect(db.pragma("user_version", { simple: true })).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'half'").all()).toEqual([]);
    db.close();
  });

  it("roll back their SQL when their code step fails", () => {
    const path = join(tempDir(), "trust.db");
    const db = new Database(path);
    const broken: Migration = {
      version: 2,
      description: "fills a table, then fails",
      sql: "CREATE TABLE filled (x)",
      run: (conn) => {
        conn.prepare("INSERT INTO filled VALUES (1)").run();
        throw new Error("could not compute the rows");
      },
    };
    expect(() => migrate(db, 2, [MIGRATIONS[0]!, broken])).toThrow(/could not compute the rows/);
    expect(db.pragma("user_version", { simple: true })).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'filled'").all()).toEqual([]);
    db.close();
  });

  it("run once when two connections migrate the same file", () => {
    const path = join(tempDir(), "trust.db");
    const a = new Database(path);
    const b = new Database(path);
    expect(migrate(a)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(migrate(b)).toEqual([]);
    a.close();
    b.close();
  });

  it("let a read-only open of an older file upgrade it, then read it", () => {
    const path = join(tempDir(), "trust.db");
    createVersion1(path);
    const store = openStore(path, { readonly: true });
    expect(store.listSessions({}).map((s) => s.client)).toEqual(["Initech"]);
    store.close();
    expect(userVersion(path)).toBe(SCHEMA_VERSION);
    expect(existsSync(`${path}.backup-v1`)).toBe(true);
  });

  it("keep data written through the store readable after reopening", () => {
    const path = join(tempDir(), "trust.db");
    const store = openStore(path);
    const s = store.createSession(newSession());
    store.close();
    const again = openStore(path, { readonly: true });
    expect(again.getSession(s.id)).toEqual(s);
    again.close();
  });
});
