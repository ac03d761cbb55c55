import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runCli } from "../helpers/cli.js";

/**
 * `trust actions` through the real built CLI (run `npm run build` first). Commitments come from
 * `trust start --answers` (calm.yaml: Dana 2026-01-20, Lee 2026-03-01; tense.yaml: Sam 2026-02-10)
 * and are listed at a pinned later date, when some are overdue.
 */

const ANSWERS = join(ROOT, "tests", "fixtures", "answers");

interface ListedJson {
  id: string;
  session: string;
  what: string;
  owner: string;
  client: string;
  due: string;
  status: string;
  overdue: boolean;
  doneAt: string | null;
  doneNote: string | null;
}

let dir: string;
let calmSession: string;
const trust = (args: string[], now: string, db = "trust.db") =>
  runCli(args, { env: { TRUST_DB: join(dir, db), TRUST_NOW: now, TZ: "UTC" } });

async function start(answers: string, at: string, client: string, owner: string, ...extra: string[]): Promise<string> {
  const r = await trust(
    ["start", "--answers", join(ANSWERS, answers), "--client", client, "--incident", "Incident", "--severity", "high", "--owner", owner, "--json", ...extra],
    at,
  );
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { id: string }).id;
}

async function list(now: string, ...args: string[]): Promise<ListedJson[]> {
  const r = await trust(["actions", "--json", ...args], now);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as ListedJson[];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "trust-actions-"));
  calmSession = await start("calm.yaml", "2026-01-10T10:00:00Z", "Acme", "Dana");
  await start("tense.yaml", "2026-02-05T10:00:00Z", "Beta", "Sam");
  await start("turnaround.yaml", "2026-02-06T10:00:00Z", "Gamma", "Dana", "--rehearsal");
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("trust actions", () => {
  it("lists commitments soonest due first, with overdue worked out against today", async () => {
    const all = await list("2026-02-15T09:00:00Z");
    expect(all.map((a) => [a.due, a.owner, a.client, a.status, a.overdue])).toEqual([
      ["2026-01-20", "Dana", "Acme", "open", true],
      ["2026-02-10", "Sam", "Beta", "open", true],
      ["2026-03-01", "Lee", "Acme", "open", false],
    ]);
    const table = await trust(["actions"], "2026-02-15T09:00:00Z");
    expect(table.stdout.split("\n")[0]).toMatch(/^ID\s+DUE\s+OWNER\s+WHAT\s+CLIENT\s+STATUS$/);
    expect(table.stdout).toMatch(/^[0-9a-f]{8} {2}2026-01-20 {2}Dana .* Acme {4}overdue$/m);
    expect(table.stdout).toMatch(/^[0-9a-f]{8} {2}2026-03-01 {2}Lee .* open$/m);
  });

  it("filters by overdue, owner (any case), client, and takes rehearsals only when asked", async () => {
    const now = "2026-02-15T09:00:00Z";
    const [overdue, dana, beta, rehearsals] = await Promise.all([
      list(now, "--overdue"),
      list(now, "--owner", "dana"),
      list(now, "--client", "Beta"),
      list(now, "--rehearsals", "--client", "Gamma"),
    ]);
    expect(overdue.map((a) => a.owner)).toEqual(["Dana", "Sam"]);
    expect(dana.map((a) => a.due)).toEqual(["2026-01-20"]);
    expect(beta.map((a) => a.owner)).toEqual(["Sam"]);
    expect(rehearsals.map((a) => a.what)).toEqual(["Ship the export fix"]);
  });

  it("with --fail exits 3 after listing when something is overdue, 0 when nothing is", async () => {
    const late = await trust(["actions", "--overdue", "--fail"], "2026-02-15T09:00:00Z");
    expect(late.code).toBe(3);
    expect(late.stdout).toContain("2026-01-20");
    expect(late.stderr).toContain("trust: 2 commitments are overdue (due before 2026-02-15)");
    const early = await trust(["actions", "--overdue", "--fail"], "2026-01-15T09:00:00Z");
    expect(early.code).toBe(0);
    expect(early.stdout).toBe("");
    expect(early.stderr).toBe("Nothing is overdue.\n");
    // Only what is listed counts: Lee's commitment is not overdue yet.
    expect((await trust(["actions", "--owner", "Lee", "--fail"], "2026-02-15T09:00:00Z")).code).toBe(0);
  });

  it("marks one done: no longer open, recorded as an event, and refused a second time", async () => {
    const now = "2026-02-16T11:00:00Z";
    const target = (await list(now, "--owner", "Dana"))[0]!;
    const done = await trust(["actions", "done", target.id.slice(0, 6), "--note", "sent the review", "--json"], now);
    expect(done.stderr).toBe("");
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ id: target.id, status: "done", overdue: false, doneAt: "2026-02-16T11:00:00.000Z", doneNote: "sent the review" });

    expect((await list(now, "--open")).map((a) => a.id)).not.toContain(target.id);
    expect((await list(now)).find((a) => a.id === target.id)?.status).toBe("done");

    const show = await trust(["show", calmSession, "--json"], now);
    const timeline = (JSON.parse(show.stdout) as { timeline: Array<{ type: string; action?: string; note?: string }> }).timeline;
    expect(timeline.at(-1)).toMatchObject({ type: "action_done", action: target.id, note: "sent the review" });

    const again = await trust(["actions", "done", target.id], now);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("is already done");
  });

  it("exits 4 for an unknown action id", async () => {
    const r = await trust(["actions", "done", "ffff0000"], "2026-02-16T11:00:00Z");
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('no action starts with "ffff0000"');
  });

  it("says so when there is nothing to list, and prints [] as JSON", async () => {
    const r = await trust(["actions"], "2026-02-16T11:00:00Z", "empty.db");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("No commitments match.\n");
    expect(await list("2026-02-16T11:00:00Z", "--client", "Nobody")).toEqual([]);
  });
});
