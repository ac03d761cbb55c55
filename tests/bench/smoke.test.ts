import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { snapshotPlaybook } from "../../src/commands/snapshot.js";
import { openStore } from "../../src/store/index.js";
import { validateAnswer } from "../../src/session/validate.js";
import { ROOT } from "../helpers/cli.js";
import { ON_ANOTHER_NODE } from "../helpers/node-line.js";

/**
 * The bench scripts run (no timings are checked here: they belong to `npm run bench`): the
 * generator fills a small database through the store with data the engine accepts, the same seed
 * gives the same data, and `bench/run.mjs --quick` writes every figure to results.json.
 */

const dir = mkdtempSync(join(tmpdir(), "trust-bench-smoke-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function node(args: string[]): { stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  if (run.status !== 0) throw new Error(`node ${args.join(" ")} exited ${run.status}:\n${run.stderr}`);
  return { stdout: run.stdout, stderr: run.stderr };
}

function dump(file: string): unknown[] {
  const db = new Database(file, { readonly: true });
  try {
    return [
      db.prepare("SELECT id, playbook_id, client, owner, severity, status, started_at, updated_at FROM sessions ORDER BY pk").all(),
      db.prepare("SELECT session_pk, at, type, step, prompt, data FROM events ORDER BY id").all(),
      db.prepare("SELECT id, what, owner, due, status, done_at FROM actions ORDER BY rowid").all(),
    ];
  } finally {
    db.close();
  }
}

describe("the bench generator", () => {
  it("makes the same database, ids included, from the same seed", { timeout: 60_000 }, () => {
    const [a, b] = ["a.db", "b.db"].map((name) => join(dir, name));
    for (const db of [a!, b!]) node(["bench/generate.mjs", "--sessions", "30", "--db", db]);
    expect(dump(a!)).toEqual(dump(b!));
    expect((dump(a!)[0] as unknown[]).length).toBe(30);
  });

  it("writes sessions whose every answer the engine accepts for its playbook", { timeout: 60_000 }, async () => {
    const db = join(dir, "valid.db");
    const info = JSON.parse(node(["bench/generate.mjs", "--sessions", "60", "--db", db]).stdout) as { events: number; sessions: number };
    expect(info.sessions).toBe(60);
    const store = openStore(db, { readonly: true });
    try {
      const sessions = store.listSessions({ includeRehearsals: true });
      expect(sessions).toHaveLength(60);
      let events = 0;
      for (const session of sessions) {
        const playbook = await snapshotPlaybook(store, session);
        const prompts = new Map(playbook.steps.flatMap((s) => s.prompts.map((p) => [p.id, p] as const)));
        const timeline = store.events(session.id);
        events += timeline.length;
        for (const event of timeline) {
          if (event.type !== "answered") continue;
          const prompt = prompts.get(event.prompt);
          expect(prompt, `${session.playbookId} has prompt ${event.prompt}`).toBeDefined();
          const checked = validateAnswer(prompt!, event.value, { now: new Date(session.startedAt), owner: session.owner });
          expect(checked, `${event.prompt} = ${JSON.stringify(event.value)}`).toMatchObject({ ok: true });
        }
      }
      expect(events).toBe(info.events);
    } finally {
      store.close();
    }
  });
});

// The bench is a developer's tool, timed on the machine's Node; its generator (above) runs on every Node line.
describe.skipIf(ON_ANOTHER_NODE)("bench/run.mjs --quick", () => {
  it("generates its databases, runs every measurement once and writes results.json", { timeout: 180_000 }, () => {
    const out = join(dir, "results.json");
    const { stdout } = node(["bench/run.mjs", "--quick", "--dir", dir, "--out", out]);
    expect(stdout).toMatch(/startup: --help/);
    const results = JSON.parse(readFileSync(out, "utf8")) as Record<string, unknown>;
    const numbers = [
      "node_floor_ms", "trust_version_ms", "trust_help_ms", "startup_ratio", "report_ms", "report_baseline_ms", "report_ratio",
      "report_peak_rss_mb", "report_small_ms", "report_growth_ratio", "export_ms", "sessions_since_30d_ms",
      "reads_node_floor_ms", "export_ratio", "show_ms", "show_ratio", "gate_ms", "gate_ratio", "gate_owner_overdue", "gate_sql_floor_ms", "gate_sql_floor_ratio",
      "answer_commit_p50_ms", "answer_commit_p99_ms", "answer_commit_floor_p99_ms",
      "client_node_floor_ms", "client_ms", "client_ratio", "client_calls", "client_typical_ms", "client_typical_ratio", "client_typical_calls", "write_open_checked_ms", "write_open_recorded_ms", "clients_ms", "clients_count",
      "keystroke_echo_p50_ms", "keystroke_echo_p99_ms", "keystroke_echo_floor_p99_ms",
    ];
    for (const key of numbers) expect(results[key], key).toEqual(expect.any(Number));
    expect(results.machine).toMatchObject({ node: process.version, cores: expect.any(Number), cpu: expect.any(String) });
    expect(results.dataset).toMatchObject({ sessions: 200, events: expect.any(Number) });
    // The report and the hand-written SQL compute the same figures.
    expect(results.report_matches_baseline).toBe(true);
    expect(Object.keys(results.targets as object)).toEqual(
      expect.arrayContaining(["startup_version_ratio", "startup_help_ratio", "export_ratio", "show_ratio", "gate_ratio", "report_ratio", "client_ratio", "client_typical_ratio", "report_ms", "report_peak_rss_mb", "answer_commit_p99_ms", "keystroke_echo_p99_ms"]),
    );
    // The page timed is the busiest client's, and the table says how it compares.
    expect(results.client_name).toEqual(expect.any(String));
    expect(results.clients_count).toBeGreaterThan(1);
    expect(stdout).toMatch(new RegExp(`client --json, ${results.client_calls} calls`));
    expect(stdout).toMatch(/actions --overdue --fail --owner \(\d+ rows\)/);
    expect(stdout).toMatch(/its plain-SQL floor: better-sqlite3, one query/);
  });
});
