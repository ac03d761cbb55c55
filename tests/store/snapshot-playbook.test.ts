import Database from "better-sqlite3";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { snapshotPlaybook } from "../../src/commands/snapshot.js";
import { parsePlaybook } from "../../src/playbook/load.js";
import { openStore } from "../../src/store/index.js";
import { openReadStore } from "../../src/store/read.js";
import { backTo12 } from "../helpers/older-schema.js";
import { newSession, useTempDir } from "./helpers.js";

/**
 * A session's playbook is read back as the JSON it was checked into when its snapshot was stored
 * (snapshot_facts.playbook, migration 11), the same playbook a parse of its source gives, so
 * reading never parses YAML or builds a schema.
 */

const tempDir = useTempDir();
const SOURCE = readFileSync(new URL("../../playbooks/restore-trust.yaml", import.meta.url), "utf8");
const parsed = () => {
  const r = parsePlaybook(SOURCE, "restore-trust.yaml");
  if (!r.ok) throw new Error("the builtin does not parse");
  return r.playbook;
};

describe("the stored playbook of a snapshot", () => {
  it("is the parsed playbook, whether the caller passed it or the store parsed the source itself", async () => {
    const path = join(tempDir(), "trust.db");
    const store = openStore(path);
    const withObject = store.createSession({ ...newSession({ source: SOURCE, playbookId: "restore-trust" }), playbook: parsed() });
    const other = SOURCE.replace("version: ", "# another snapshot\nversion: ");
    const fromSource = store.createSession(newSession({ source: other, playbookId: "restore-trust" }));
    store.close();
    const reader = await openReadStore(path);
    try {
      expect(reader.snapshotPlaybook(withObject)).toEqual(parsed());
      expect(reader.snapshotPlaybook(fromSource)).toEqual(parsed());
      expect(await snapshotPlaybook(reader, reader.getSession(withObject.id)!)).toEqual(parsed());
    } finally {
      reader.close();
    }
  });

  it("a source that does not check is kept as none, and reading it says so with the problems", async () => {
    const path = join(tempDir(), "trust.db");
    const store = openStore(path);
    const s = store.createSession(newSession({ source: "id: restore-trust\nversion: 1\nsteps: []\n" }));
    expect(store.snapshotPlaybook(s)).toBeNull();
    await expect(snapshotPlaybook(store, s)).rejects.toThrow(/the playbook stored with session \w+ can no longer be read/);
    store.close();
  });

  it("migration 11 fills it, and the next-update prompt, for snapshots stored before it", async () => {
    const path = join(tempDir(), "trust.db");
    const store = openStore(path);
    const s = store.createSession(newSession({ source: SOURCE, playbookId: "restore-trust" }));
    store.close();
    const db = new Database(path);
    backTo12(db);
    db.exec("ALTER TABLE snapshot_facts DROP COLUMN playbook; ALTER TABLE snapshot_facts DROP COLUMN next_update_prompt; DROP INDEX actions_owner; PRAGMA user_version = 10;");
    db.close();
    const upgraded = openStore(path);
    try {
      expect(upgraded.snapshotPlaybook(s)).toEqual(parsed());
      const raw = upgraded.db.prepare("SELECT next_update_prompt FROM snapshot_facts").pluck().get();
      expect(raw).toBe("next_update");
    } finally {
      upgraded.close();
    }
  });
});
