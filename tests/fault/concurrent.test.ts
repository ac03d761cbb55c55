import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openStore } from "../../src/store/index.js";
import { START_FLAGS, cli, tempDirs, writeAnswers } from "./helpers.js";

/**
 * Four `trust start --answers` processes writing to one database at the same moment, several
 * sessions each. Each answer is its own IMMEDIATE transaction, so the writers take turns on every
 * commit; the busy timeout must hide that from the user entirely. (tests/store/processes.test.ts
 * does the same one level down, through the store API.)
 */

const tempDir = tempDirs("trust-fault-concurrent-");
const WRITERS = 4;
const SESSIONS_EACH = 2;

describe("four CLI processes writing sessions to one database at once", () => {
  it("all succeed, no SQLITE_BUSY reaches anyone, and no row is lost", { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const db = join(dir, "shared.db");
    const answers = writeAnswers(dir);
    // The first writer may find no file: creating and migrating it races with the others too.
    const lanes = await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        const runs = [];
        for (let i = 0; i < SESSIONS_EACH; i++) {
          runs.push(await cli(["start", "--answers", answers, ...START_FLAGS, "--client", `Writer ${w} client ${i}`, "--json", "--db", db]));
        }
        return runs;
      }),
    );
    const runs = lanes.flat();
    for (const run of runs) {
      expect(run.stderr).not.toMatch(/SQLITE_BUSY|locked/i);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
    }
    const reported = runs.map((run) => (JSON.parse(run.stdout) as { id: string }).id);
    expect(new Set(reported).size).toBe(WRITERS * SESSIONS_EACH);

    const store = openStore(db, { readonly: true });
    try {
      const sessions = store.listSessions();
      expect(sessions.map((s) => s.id).sort()).toEqual([...reported].sort());
      const lengths = new Set(sessions.map((s) => store.events(s.id).length));
      // Every session has the whole timeline of the same answers file: none lost an event.
      expect(lengths.size).toBe(1);
      expect(sessions.every((s) => s.status === "completed")).toBe(true);
      // Two commitments each, and the next update (next_update, marked letter: next) the store tracks as a third.
      expect(store.listActions({ open: true })).toHaveLength(WRITERS * SESSIONS_EACH * 3);
    } finally {
      store.close();
    }
  });
});
