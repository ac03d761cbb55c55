import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS } from "../../src/store/migrations.js";
import { SCHEMA_VERSION } from "../../src/store/schema-version.js";
import { clientDb } from "../helpers/client-db.js";
import { HEAVY, loadedFiles } from "../helpers/load-trace.js";

/**
 * `trust client` answers within a little more than Node's own start-up (issue 16): on a current
 * database it reads through src/store/reader.ts and loads neither zod nor yaml (nor the call
 * screen), which cost more than the whole page. Run `npm run build` first.
 */

const dir = mkdtempSync(join(tmpdir(), "trust-client-startup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let db: string;
beforeAll(async () => {
  const made = clientDb(dir, "startup");
  await made.call({
    at: "2026-01-10T10:00:00Z", client: "Acme", trust: [2, 4], contacts: ["Priya Raman <priya@acme.example>"],
    actions: [{ what: "Send the incident review", owner: "Dana", due: "2026-01-20" }],
  });
  db = made.db;
}, 30_000);

describe("the client pages' start-up path", () => {
  for (const args of [["client", "Acme"], ["client", "ACME", "--json"], ["client", "acme", "--format", "md"], ["clients"], ["clients", "--json"]]) {
    it(`trust ${args.join(" ")} loads neither yaml, zod nor the call screen`, () => {
      const files = loadedFiles(dir, args, { TRUST_DB: db, TRUST_NOW: "2026-03-15T12:00:00Z", TZ: "UTC" });
      // It did read the database: the check is not passing on a command that stopped early.
      expect(files.some((f) => f.includes(join("node_modules", "better-sqlite3")))).toBe(true);
      for (const f of files.filter((f) => f.includes("dist"))) {
        const text = readFileSync(f, "utf8");
        for (const name of ["yaml", "zod", "the call screen"]) expect(HEAVY[name]!.test(text), `${f} holds ${name}`).toBe(false);
      }
    });
  }

  it("the schema version the reader checks, kept apart from the migrations' code, is the last migration's", () => {
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.at(-1)!.version);
  });

  it("the check can fail: a command that needs the schemas does load zod", () => {
    const files = loadedFiles(dir, ["playbook", "schema"], { TRUST_DB: db, TZ: "UTC" });
    expect(files.some((f) => HEAVY.zod!.test(readFileSync(f, "utf8")))).toBe(true);
  });
});
