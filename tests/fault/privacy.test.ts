import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { SECRET_PEOPLE, SECRET_TERMS, START_FLAGS, cli, modeOf, tempDirs, writeAnswers, type Exit } from "./helpers.js";

/**
 * What a session reveals: the database and its folder are private to the user even under a
 * permissive umask, and an export made with --redact never holds a `sensitive` answer, in any
 * format or audience. (restore-trust marks affected_people and goodwill_terms sensitive.)
 */

const tempDir = tempDirs("trust-fault-privacy-");

/** The CLI under `umask 000`, so any mode it gets right is its own doing. */
function cliWithOpenUmask(args: string[], env: Record<string, string> = {}): Promise<Exit> {
  return cli(args, { env, before: "umask 000" });
}

describe("files the CLI creates", () => {
  it("a database under --db: every new folder 0700, the file 0600, even with umask 000", async () => {
    const dir = tempDir();
    const db = join(dir, "new", "nested", "trust.db");
    const run = await cliWithOpenUmask(["start", "--answers", writeAnswers(dir), ...START_FLAGS, "--db", db]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(modeOf(join(dir, "new"))).toBe("700");
    expect(modeOf(join(dir, "new", "nested"))).toBe("700");
    expect(modeOf(db)).toBe("600");
    for (const side of ["-wal", "-shm"]) if (existsSync(db + side)) expect(modeOf(db + side)).toBe("600");
  });

  it("the default database in the XDG data folder: trust/ 0700, trust.db 0600", async () => {
    const dir = tempDir();
    const data = join(dir, "data");
    const run = await cliWithOpenUmask(["start", "--answers", writeAnswers(dir), ...START_FLAGS], { XDG_DATA_HOME: data });
    expect(run.code).toBe(0);
    expect(modeOf(join(data, "trust"))).toBe("700");
    expect(modeOf(join(data, "trust", "trust.db"))).toBe("600");
  });
});

describe("exports with --redact", () => {
  let db: string;
  let dir: string;
  let id: string;

  beforeAll(async () => {
    dir = tempDir();
    db = join(dir, "trust.db");
    const run = await cli(["start", "--answers", writeAnswers(dir), ...START_FLAGS, "--json", "--db", db]);
    expect(run.code).toBe(0);
    id = (JSON.parse(run.stdout) as { id: string }).id;
  });

  const secrets = [SECRET_PEOPLE, SECRET_TERMS, "Zq-secret", "zq.secret@example.com", "Zq-finance"];

  it("without --redact, the team export does hold the sensitive answers (so the checks below can fail)", async () => {
    const run = await cli(["export", id, "--db", db]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(SECRET_PEOPLE);
    expect(run.stdout).toContain(SECRET_TERMS);
  });

  for (const [name, args] of [
    ["team markdown", []],
    ["team JSON", ["--format", "json"]],
    ["client letter", ["--audience", "client"]],
    ["client JSON", ["--audience", "client", "--format", "json"]],
  ] as const) {
    it(`${name}: no sensitive value, not even in part`, async () => {
      const run = await cli(["export", id, "--redact", ...args, "--db", db]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout.length).toBeGreaterThan(200);
      for (const secret of secrets) expect(run.stdout).not.toContain(secret);
    });
  }

  it("--out: the file is written 0600 and holds no sensitive value", async () => {
    const out = join(dir, "letter.md");
    const run = await cliWithOpenUmask(["export", id, "--redact", "--audience", "client", "--out", out, "--db", db]);
    expect(run.code).toBe(0);
    expect(modeOf(out)).toBe("600");
    const text = readFileSync(out, "utf8");
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
