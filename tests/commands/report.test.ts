import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runCli, withoutPastDays } from "../helpers/cli.js";

/**
 * `trust report` through the real built CLI (run `npm run build` first), over sessions made with
 * `trust start --answers` at pinned times, checked against figures worked out by hand:
 *
 *   session      started     client  owner  playbook        trust  commitments (due)
 *   calm         2026-01-10  Acme    Dana   restore-trust   2 → 4  Dana 01-20 (done 01-25), Lee 03-01
 *   tense        2026-02-05  Beta    Sam    restore-trust   3 → 3  Sam 02-10
 *   turnaround   2026-02-20  Acme    Dana   service-outage  1 → 5  Dana 06-30
 *   rehearsal    2026-02-21  Gamma   Dana   restore-trust   2 → 4  (left out unless --rehearsals)
 *
 * The report runs at 2026-03-15: the commitments due 02-10 and 03-01 are overdue.
 * Scripted sessions answer everything at one instant: they are file runs, not live calls, and
 * have no call or step times (times from real timelines are checked in tests/report/report-sql.test.ts).
 */

const ANSWERS = join(ROOT, "tests", "fixtures", "answers");
const GOLDEN = join(ROOT, "tests", "report", "__golden__");
const NOW = "2026-03-15T12:00:00Z";
const DAY = 86_400_000;

let dir: string;
const trust = (args: string[], now = NOW) => runCli(args, { env: { TRUST_DB: join(dir, "trust.db"), TRUST_NOW: now, TZ: "UTC" } });
const report = async (...args: string[]) => {
  const r = await trust(["report", ...args]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return r.stdout;
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (...args: string[]): Promise<any> => JSON.parse(await report("--json", ...args));

async function start(answers: string, at: string, ...args: string[]): Promise<string> {
  const r = await trust(["start", ...args, "--answers", join(ANSWERS, answers), "--incident", "Incident", "--severity", "high", "--json"], at);
  expect(withoutPastDays(r.stderr)).toBe("");
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { id: string }).id;
}

function golden(name: string, actual: string): void {
  const file = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === "1") writeFileSync(file, actual);
  if (!existsSync(file)) throw new Error(`golden file ${name} is missing: run with UPDATE_GOLDEN=1 and review it`);
  expect(actual).toBe(readFileSync(file, "utf8"));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "trust-report-"));
  await start("calm.yaml", "2026-01-10T10:00:00Z", "--client", "Acme", "--owner", "Dana");
  await start("tense.yaml", "2026-02-05T10:00:00Z", "--client", "Beta", "--owner", "Sam");
  await start("turnaround.yaml", "2026-02-20T10:00:00Z", "service-outage", "--client", "Acme", "--owner", "Dana");
  await start("calm.yaml", "2026-02-21T10:00:00Z", "--client", "Gamma", "--owner", "Dana", "--rehearsal");
  const list = await trust(["actions", "--json", "--client", "Acme"]);
  const review = (JSON.parse(list.stdout) as Array<{ id: string; what: string }>).find((a) => a.what === "Send the incident review")!;
  expect((await trust(["actions", "done", review.id], "2026-01-25T10:00:00Z")).code).toBe(0);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("trust report", () => {
  it("gives the totals as versioned JSON", async () => {
    const r = await json();
    expect(Object.keys(r)).toEqual(["format", "version", "generatedFor", "totals", "groups", "trend"]);
    expect(r.format).toBe("trust.report");
    expect(r.version).toBe(2);
    expect(r.generatedFor).toEqual({
      since: null, until: null, client: null, playbook: null, status: null, rehearsals: false, source: "all", groupBy: null, asOf: "2026-03-15",
    });
    expect(r.totals.sessions).toEqual({ started: 3, completed: 3, completionRate: 1 });
    // File runs are not timed: a median of 0 s would say the calls took no time.
    expect(r.totals.duration).toEqual({ medianMs: null, p90Ms: null });
    expect(r.totals.trust).toEqual({ before: 2, after: 4, change: 2, ratedBoth: 3 });
    // The review was done 15 days after the call that promised it.
    expect(r.totals.commitments).toEqual({ open: 3, done: 1, overdue: 2, medianTimeToDoneMs: 15 * DAY });
    expect(r.totals.steps).toEqual([]);
    expect(r.groups).toEqual([]);
    expect(r.trend).toEqual([
      { month: "2026-01", sessions: 1, trustBefore: 2, trustAfter: 4 },
      { month: "2026-02", sessions: 2, trustBefore: 2, trustAfter: 4 },
    ]);
  });

  it("groups by client, session owner, playbook and month, keys in order", async () => {
    const summary = (g: { key: string; sessions: { started: number }; trust: { before: number; after: number }; commitments: { open: number; overdue: number } }) =>
      [g.key, g.sessions.started, g.trust.before, g.trust.after, g.commitments.open, g.commitments.overdue];
    const [client, owner, playbook, month] = await Promise.all(["client", "session-owner", "playbook", "month"].map((by) => json("--group-by", by)));
    expect(client.groups.map(summary)).toEqual([
      ["Acme", 2, 1.5, 4.5, 2, 1],
      ["Beta", 1, 3, 3, 1, 1],
    ]);
    expect(owner.groups.map(summary)).toEqual([
      ["Dana", 2, 1.5, 4.5, 2, 1],
      ["Sam", 1, 3, 3, 1, 1],
    ]);
    expect(playbook.groups.map(summary)).toEqual([
      ["restore-trust", 2, 2.5, 3.5, 2, 2],
      ["service-outage", 1, 1, 5, 1, 0],
    ]);
    expect(month.groups.map(summary)).toEqual([
      ["2026-01", 1, 2, 4, 1, 1],
      ["2026-02", 2, 2, 4, 2, 1],
    ]);
  });

  it("groups commitments by their own owner with --group-by owner, not by who ran the call", async () => {
    const r = await json("--group-by", "owner");
    expect(r.generatedFor.groupBy).toBe("owner");
    // Lee ran no call but owes one commitment; Dana ran two and owes two, one done.
    expect(r.groups).toEqual([
      { key: "Dana", commitments: { open: 1, done: 1, overdue: 0, medianTimeToDoneMs: 15 * DAY } },
      { key: "Lee", commitments: { open: 1, done: 0, overdue: 1, medianTimeToDoneMs: null } },
      { key: "Sam", commitments: { open: 1, done: 0, overdue: 1, medianTimeToDoneMs: null } },
    ]);
    expect(r.totals.commitments).toEqual({ open: 3, done: 1, overdue: 2, medianTimeToDoneMs: 15 * DAY });
    const table = await report("--group-by", "owner");
    expect(table).toMatch(/^OWNER\s+OPEN\s+OVERDUE\s+DONE\s+MEDIAN TO DONE$/m);
    expect(table).toMatch(/^Lee\s+1\s+1\s+0\s+–$/m);
  });

  it("tells file runs from live calls: --source filters, and sessions --json says which", async () => {
    const started = async (...args: string[]) => (await json(...args)).totals.sessions.started;
    expect(await Promise.all([started("--source", "file"), started("--source", "live"), started("--source", "all")])).toEqual([3, 0, 3]);
    expect((await json("--source", "live")).generatedFor.source).toBe("live");
    const sessions = JSON.parse((await trust(["sessions", "--json"])).stdout) as Array<{ source: string }>;
    expect(sessions.map((s) => s.source)).toEqual(["file", "file", "file"]);
    expect(JSON.parse((await trust(["sessions", "--json", "--source", "live"])).stdout)).toEqual([]);
    const bad = await trust(["report", "--source", "phone"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--source");
  });

  it("filters by time, client, playbook and status; rehearsals only when asked", async () => {
    const started = async (...args: string[]) => (await json(...args)).totals.sessions.started;
    const counts = await Promise.all([
      started("--since", "2026-02-01"),
      started("--until", "2026-02-01"),
      started("--since", "30d"), // since 2026-02-13 12:00
      started("--client", "beta"),
      started("--playbook", "service-outage"),
      started("--status", "in_progress"),
      started("--rehearsals"),
    ]);
    expect(counts).toEqual([2, 1, 1, 1, 1, 0, 4]);
    const r = await json("--since", "2026-02-01", "--client", "Acme", "--rehearsals");
    expect(r.generatedFor).toMatchObject({ since: "2026-02-01T00:00:00.000Z", client: "Acme", rehearsals: true });
    expect(r.totals.trust).toEqual({ before: 1, after: 5, change: 4, ratedBoth: 1 });
  });

  it("gives zeros and nulls, not an error, when nothing matches", async () => {
    const r = await json("--client", "Nobody");
    expect(r.totals.sessions).toEqual({ started: 0, completed: 0, completionRate: null });
    expect(r.totals.trust).toEqual({ before: null, after: null, change: null, ratedBoth: 0 });
    const table = await trust(["report", "--client", "Nobody"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toBe("");
    expect(table.stderr).toContain("No sessions match");
  });

  it("writes the same markdown, JSON, CSV and table on every run (golden files)", async () => {
    const [md, again, asJson, csv, table] = await Promise.all(
      [["md"], ["md"], ["json"], ["csv"], ["table"]].map(([format]) => report("--group-by", "client", "--format", format!)),
    );
    // Both lines in colours of their own, named under the chart (mermaid's xychart has no legend).
    expect(md).toMatch(/```mermaid\n%%\{init: \{"themeVariables": \{"xyChart": \{"plotColorPalette": "#e8590c, #1971c2"\}\}\}\}%%\nxychart-beta\n/);
    expect(md).toContain("Trust per month: orange, the average rating before the call; blue, after it.");
    expect(again).toBe(md);
    golden("report-by-client.md", md!);
    golden("report-by-client.json", asJson!);
    golden("report-by-client.csv", csv!);
    golden("report-by-client.txt", table!);
  });

  it("rejects a bad time window and an unknown format", async () => {
    const bad = await trust(["report", "--since", "last tuesday"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--since "last tuesday" is not a point in time');
    // A window that ends before it starts, in both commands that take one, quick read path included.
    for (const command of ["report", "sessions"]) {
      for (const json of [[], ["--json"]]) {
        const backwards = await trust([command, "--since", "2026-03-01", "--until", "2026-02-01", ...json]);
        expect(backwards.code, command).toBe(2);
        expect(backwards.stdout).toBe("");
        expect(backwards.stderr.split("\n")[0]).toBe("trust: --until must be later than --since");
      }
    }
    expect((await trust(["report", "--format", "xml"])).code).toBe(2);
    // An empty value is a bad value, not no filter: `--since "$SINCE"` with the variable unset
    // must not report every session without a word.
    for (const args of [["report", "--since", ""], ["report", "--until="], ["sessions", "--since="], ["sessions", "--until", ""]]) {
      const empty = await trust(args);
      expect(empty.code, args.join(" ")).toBe(2);
      expect(empty.stderr).toMatch(/^trust: --(since|until) "" is not a point in time\n/);
    }
  });
});
