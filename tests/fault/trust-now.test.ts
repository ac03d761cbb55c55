import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { START_FLAGS, cli, expectRefusal, folderState, namesIn, tempDirs, writeAnswers } from "./helpers.js";

/**
 * A TRUST_NOW that is set but is not a real ISO 8601 date-time (it used to be ignored, so the
 * real clock was used, or rolled over: 30 February became 2 March) is refused before any
 * command starts: exit 2, one `trust:` line naming TRUST_NOW with a hint giving the accepted
 * form, and nothing written (no session, no --out file, no database).
 */

const tempDir = tempDirs("trust-fault-now-");

const BAD = ["2026-02-30T10:00Z", "2025-02-29T10:00:00Z", "2026-11-31T09:00:00Z", "2026-11-09T24:00:00Z", "1", "tomorrow", "2026-11-09", "09/11/2026 10:00", "2026-11-09T10:00:00+25:00", "\u001b[31mred"];

let dir: string;
let answers: string;
let db: string;
let id: string;

beforeAll(async () => {
  dir = tempDir();
  answers = writeAnswers(dir);
  db = join(dir, "trust.db");
  const run = await cli(["start", "--answers", answers, ...START_FLAGS, "--json", "--db", db]);
  expect(run.code).toBe(0);
  id = (JSON.parse(run.stdout) as { id: string }).id;
});

describe("TRUST_NOW that is not a real date-time: exit 2, nothing written", () => {
  for (const value of BAD) {
    it(JSON.stringify(value), async () => {
      const fresh = tempDir();
      const before = folderState(dir);
      const runs = await Promise.all([
        cli(["start", "--answers", answers, ...START_FLAGS, "--db", join(fresh, "new.db")], { env: { TRUST_NOW: value } }),
        cli(["start", "--answers", answers, ...START_FLAGS, "--db", db], { env: { TRUST_NOW: value } }),
        cli(["letter", id, "--db", db, "--record", "--out", join(fresh, "letter.md")], { env: { TRUST_NOW: value } }),
        cli(["sessions", "--db", db], { env: { TRUST_NOW: value } }),
        cli(["actions", "--db", db], { env: { TRUST_NOW: value } }),
      ]);
      for (const run of runs) {
        expectRefusal(run, 2, /^trust: TRUST_NOW=".*" is not a date and time trust can use$/);
        expect(run.stderr).toMatch(/\nhint: give an ISO 8601 date-time like 2026-11-09T10:00:00Z/);
      }
      expect(namesIn(fresh)).toEqual([]);
      expect(folderState(dir)).toEqual(before);
    });
  }

  it("a real date-time, even 29 February of a leap year or with an offset, is used as given", async () => {
    for (const [value, shown] of [["2028-02-29T10:00:00Z", "2028-02-29 10:00"], ["2026-11-09T10:00:00+01:00", "2026-11-09 09:00"]]) {
      const d = tempDir();
      const run = await cli(["start", "--answers", answers, ...START_FLAGS, "--db", join(d, "t.db")], { env: { TRUST_NOW: value! } });
      expect(run.code).toBe(0);
      const list = await cli(["sessions", "--db", join(d, "t.db")], { env: { TRUST_NOW: value! } });
      expect(list.stdout).toContain(shown);
    }
  });

  it("--help still works, since it reads no clock", async () => {
    const run = await cli(["--help"], { env: { TRUST_NOW: "tomorrow" } });
    expect(run.code).toBe(0);
  });
});
