import Database from "better-sqlite3";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runCli } from "../helpers/cli.js";
import { markDone, timedCall } from "../helpers/live-calls.js";

/**
 * What the report's figures mean (issue 12), through the real built CLI over live calls with
 * real timelines and one file run, checked against figures worked out by hand and kept in
 * golden files:
 *
 *   day    client  owner  playbook        source  minutes (prepare, facts, problem, accountability)  commitments (owner, due)
 *   04-02  Acme    Dana   restore-trust   live    4 2 3 3  = 12                                      Lee 04-10 (done 04-08), Dana 05-20
 *   04-09  Beta    Dana   restore-trust   live    6 4 5 5  = 20                                      Sam 04-20
 *   04-16  Acme    Sam    service-outage  live    5 8 7 4  = 24                                      Lee 05-01 (done 05-05)
 *   05-03  Beta    Sam    service-outage  live    3 6 6 3  = 18                                      Dana 06-30
 *   05-04  Gamma   Dana   restore-trust   file    0                                                  Alex 05-10
 *
 * The report runs at 2026-05-15: Sam's 04-20 and Alex's 05-10 are overdue.
 */

const GOLDEN = join(ROOT, "tests", "report", "__golden__");
const NOW = "2026-05-15T12:00:00Z";
const MIN = 60_000;

let dir: string;
const report = async (...args: string[]) => {
  const r = await runCli(["report", ...args], { env: { TRUST_DB: join(dir, "trust.db"), TRUST_NOW: NOW, TZ: "UTC" } });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return r.stdout;
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (...args: string[]): Promise<any> => JSON.parse(await report("--json", ...args));

function golden(name: string, actual: string): void {
  const file = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === "1") writeFileSync(file, actual);
  if (!existsSync(file)) throw new Error(`golden file ${name} is missing: run with UPDATE_GOLDEN=1 and review it`);
  expect(actual).toBe(readFileSync(file, "utf8"));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "trust-report-live-"));
  const db = join(dir, "trust.db");
  timedCall(db, {
    day: "2026-04-02",
    client: "Acme",
    owner: "Dana",
    trust: [2, 4],
    minutes: [4, 2, 3, 3],
    actions: [
      { what: "Refund the double charge", owner: "Lee", due: "2026-04-10" },
      { what: "Weekly status mail", owner: "Dana", due: "2026-05-20" },
    ],
  });
  timedCall(db, { day: "2026-04-09", client: "Beta", owner: "Dana", trust: [1, 3], minutes: [6, 4, 5, 5], actions: [{ what: "Send the review", owner: "Sam", due: "2026-04-20" }] });
  timedCall(db, {
    day: "2026-04-16",
    client: "Acme",
    owner: "Sam",
    playbook: "service-outage",
    trust: [3, 4],
    minutes: [5, 8, 7, 4],
    actions: [{ what: "Credit the SLA", owner: "Lee", due: "2026-05-01" }],
  });
  timedCall(db, {
    day: "2026-05-03",
    client: "Beta",
    owner: "Sam",
    playbook: "service-outage",
    trust: [2, 5],
    minutes: [3, 6, 6, 3],
    actions: [{ what: "Monthly review", owner: "Dana", due: "2026-06-30" }],
  });
  timedCall(db, { day: "2026-05-04", client: "Gamma", owner: "Dana", source: "file", trust: [3, 3], actions: [{ what: "Call back", owner: "Alex", due: "2026-05-10" }] });
  markDone(db, "Refund the double charge", "2026-04-08T12:00:00Z");
  markDone(db, "Credit the SLA", "2026-05-05T12:00:00Z");
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("trust report over live calls and a file run", () => {
  it("times live calls only: the file run's zero minutes do not pull the median down", async () => {
    const all = await json();
    expect(all.generatedFor.source).toBe("all");
    expect(all.totals.sessions.started).toBe(5);
    // Live calls of 12, 18, 20 and 24 minutes; with the file run's 0 it would be 18.
    expect(all.totals.duration.medianMs).toBe(19 * MIN);
    const live = await json("--source", "live");
    expect(live.totals.sessions.started).toBe(4);
    expect(live.totals.duration.medianMs).toBe(19 * MIN);
    const file = await json("--source", "file");
    expect(file.totals.sessions.started).toBe(1);
    expect(file.totals.duration.medianMs).toBeNull();
    expect(file.totals.steps).toEqual([]);
  });

  it("keeps steps of different playbooks apart, in each playbook's order, with their budgets", async () => {
    const { steps } = (await json()).totals;
    expect(steps.map((s: { playbook: string; step: string }) => `${s.playbook}/${s.step}`)).toEqual([
      "restore-trust/prepare",
      "restore-trust/get-facts",
      "restore-trust/handle-problem",
      "restore-trust/accountability",
      "service-outage/prepare",
      "service-outage/get-facts",
      "service-outage/handle-problem",
      "service-outage/accountability",
    ]);
    const prepare = steps.filter((s: { step: string }) => s.step === "prepare");
    expect(prepare.map((s: { medianMs: number }) => s.medianMs)).toEqual([5 * MIN, 4 * MIN]);
    expect(prepare.map((s: { sessions: number }) => s.sessions)).toEqual([2, 2]);
    // restore-trust gives get-facts 8 minutes, service-outage 7.
    const facts = steps.filter((s: { step: string }) => s.step === "get-facts");
    expect(facts.map((s: { budgetMs: number }) => s.budgetMs)).toEqual([8 * MIN, 7 * MIN]);
    const table = await report();
    expect(table).toMatch(/PLAYBOOK/);
    expect(table).toMatch(/service-outage\s+get-facts/);
  });

  it("groups commitments by their own owner, and sessions by who ran them under session-owner", async () => {
    const { groups } = await json("--group-by", "owner");
    const byOwner = Object.fromEntries(groups.map((g: { key: string; commitments: unknown }) => [g.key, g.commitments]));
    expect(Object.keys(byOwner)).toEqual(["Alex", "Dana", "Lee", "Sam"]);
    // Alex ran no call but owns one commitment, overdue; Dana ran three calls but owns two open ones.
    expect(byOwner.Alex).toMatchObject({ open: 1, overdue: 1, done: 0 });
    expect(byOwner.Dana).toMatchObject({ open: 2, overdue: 0, done: 0 });
    expect(byOwner.Lee).toMatchObject({ open: 0, overdue: 0, done: 2 });
    expect(byOwner.Sam).toMatchObject({ open: 1, overdue: 1, done: 0 });
    const sessions = await json("--group-by", "session-owner");
    expect(sessions.groups.map((g: { key: string; sessions: { started: number } }) => [g.key, g.sessions.started])).toEqual([
      ["Dana", 3],
      ["Sam", 2],
    ]);
  });

  it("writes the same figures in every format (golden files)", async () => {
    const formats = ["table", "md", "json", "csv"] as const;
    const ext = { table: "txt", md: "md", json: "json", csv: "csv" } as const;
    const [plain, byOwner] = await Promise.all([
      Promise.all(formats.map((f) => report("--format", f))),
      Promise.all(formats.map((f) => report("--group-by", "owner", "--format", f))),
    ]);
    formats.forEach((f, i) => {
      golden(`report-live.${ext[f]}`, plain[i]!);
      golden(`report-by-owner.${ext[f]}`, byOwner[i]!);
    });
  });

  it("says step times edited by hand are unreadable in one line (no \"please report it\"), in every format, and leaves the file as it was", async () => {
    const edited = join(dir, "edited.db");
    copyFileSync(join(dir, "trust.db"), edited);
    const db = new Database(edited);
    // A step id no step_names row could have: seven bytes of LEB128.
    db.prepare("UPDATE session_stats SET step_ms = x'FFFFFFFFFFFF7F05' WHERE session_pk = (SELECT min(session_pk) FROM session_stats WHERE step_ms IS NOT NULL)").run();
    db.close();
    const before = readFileSync(edited);
    for (const format of ["table", "json", "html"]) {
      const r = await runCli(["report", "--format", format], { env: { TRUST_DB: edited, TRUST_NOW: NOW, TZ: "UTC" } });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(`trust: ${edited} holds step times that trust cannot read (a step id of 562949953421311)\nhint: They may have been edited by hand; trust left the file as it was.\n`);
    }
    expect(readFileSync(edited).equals(before)).toBe(true);
  });
});
