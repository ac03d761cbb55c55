#!/usr/bin/env node
// npm run bench: generates (or reuses) the benchmark databases through the project's store, then
// times the built CLI against its floors measured in the same run, and writes bench/results.latest.json
// (ignored by git, so a run leaves the tree clean); --out bench/results.json updates the committed
// figures, a deliberate change.
//   node bench/run.mjs [--sessions 100000] [--small 10000] [--runs 7] [--startup-runs 20]
//                      [--commits 500] [--keys 200] [--dir bench] [--out bench/results.latest.json] [--quick]
// --quick: a tiny database (200 sessions), one run of each: for the smoke test, not for figures.
import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ROOT, loadBenchLib } from "./bundle.mjs";
import { ensureDatabase } from "./generate.mjs";
import { measureEcho } from "./keystroke-echo.mjs";
import { measureSync } from "./sync.mjs";
import { compare } from "./measure.mjs";
import { printTable, targets } from "./report-results.mjs";

const BIN = join(ROOT, "bin", "trust.cjs");
const BASELINE = join(ROOT, "bench", "baseline-report.mjs");
const GATE_FLOOR = join(ROOT, "bench", "gate-floor.cjs");

const { values } = parseArgs({
  options: {
    sessions: { type: "string" },
    small: { type: "string" },
    runs: { type: "string" },
    "startup-runs": { type: "string" },
    commits: { type: "string" },
    keys: { type: "string" },
    dir: { type: "string" },
    out: { type: "string" },
    quick: { type: "boolean", default: false },
  },
});
const quick = values.quick;
const num = (v, fallback) => (v === undefined ? fallback : Number(v));
const sessions = num(values.sessions, quick ? 200 : 100_000);
const small = num(values.small, Math.max(20, Math.round(sessions / 10)));
const runs = num(values.runs, quick ? 1 : 7);
const startupRuns = num(values["startup-runs"], quick ? 1 : 20);
const commits = num(values.commits, quick ? 20 : 1000);
const keys = num(values.keys, quick ? 20 : 200);
const dir = resolve(values.dir ?? join(ROOT, "bench"));
const out = resolve(values.out ?? join(ROOT, "bench", "results.latest.json"));
for (const [name, v] of Object.entries({ sessions, small, runs, startupRuns, commits, keys })) {
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a whole number above 0`);
}

const log = (line) => process.stderr.write(`${line}\n`);
const loadStart = os.loadavg()[0];
const lib = await loadBenchLib();
const big = await ensureDatabase({ sessions, db: join(dir, `trust-${sessions}.db`), log }, lib);
const smallDb = await ensureDatabase({ sessions: small, db: join(dir, `trust-${small}.db`), log }, lib);
const bigPath = join(dir, `trust-${sessions}.db`);
const smallPath = join(dir, `trust-${small}.db`);
// A database from an older trust is upgraded (with a VACUUM INTO backup: slow, once) by the first
// command that opens it. ensureDatabase opens a reused one through the store first, the warm-up
// open; no timed run may pay for a migration, so make sure it did.
for (const file of [bigPath, smallPath]) {
  if (schemaOf(file) !== lib.SCHEMA_VERSION) throw new Error(`${file} is not at schema ${lib.SCHEMA_VERSION} after the warm-up open`);
}

// The CLI as a user runs it, pinned to the generator's "now" so --since 30d and "overdue" are stable.
const home = mkdtempSync(join(os.tmpdir(), "trust-bench-home-"));
const env = {
  PATH: process.env.PATH ?? "",
  HOME: home,
  XDG_DATA_HOME: join(home, "data"),
  XDG_CONFIG_HOME: join(home, "config"),
  TZ: "UTC",
  NO_COLOR: "1",
  TRUST_NOW: lib.BENCH_NOW_ISO,
};
const today = lib.BENCH_NOW_ISO.slice(0, 10);
const trust = (args, extra = {}) => ({ args: [BIN, ...args], env, ...extra });

try {
  log(`startup: ${startupRuns} runs each`);
  const startup = compare({ node: { args: ["-e", "0"], env }, version: trust(["--version"]), help: trust(["--help"]) }, startupRuns);

  log(`report over ${sessions} sessions: ${runs} runs, and the plain better-sqlite3 scripts`);
  const report = compare(
    {
      trust: trust(["report", "--format", "json", "--db", bigPath]),
      // The HTML page over the same sessions, written to stdout: the JSON figures plus the pages'
      // charts, per-client and per-owner tables.
      html: trust(["report", "--format", "html", "--db", bigPath]),
      baseline: { args: [BASELINE, bigPath, today, "stats"], env },
      fromEvents: { args: [BASELINE, bigPath, today, "events"], env },
    },
    runs,
  );
  const agreement = sameFigures(report.trust.last.stdout, report.baseline.last.stdout);
  const eventsAgreement = sameFigures(report.trust.last.stdout, report.fromEvents.last.stdout);
  if (!/^<!doctype html>/i.test(report.html.last.stdout) || !report.html.last.stdout.includes("</html>")) throw new Error("trust report --format html did not write a page");

  log(`report over ${small} sessions: ${runs} runs`);
  const reportSmall = compare({ trust: trust(["report", "--format", "json", "--db", smallPath]) }, runs);

  const exportId = newestCompleted(bigPath);
  const gateOwner = ownerWithFewOverdue(bigPath, today);
  log(`export and show ${exportId.slice(0, 8)}, the CI gate for ${gateOwner.owner} (${gateOwner.overdue} overdue), sessions --since 30d: ${startupRuns} runs each, with bare node start-up`);
  const reads = compare(
    {
      node: { args: ["-e", "0"], env },
      export: trust(["export", exportId, "--db", bigPath]),
      show: trust(["show", exportId, "--db", bigPath]),
      // The CI gate: exit 3 when the owner has overdue commitments, which is the point of it.
      gate: trust(["actions", "--overdue", "--fail", "--owner", gateOwner.owner, "--db", bigPath], { allowFail: true }),
      // The same commitments from better-sqlite3 and one query, nothing else: how much of the gate is Node and SQLite.
      gateFloor: { args: [GATE_FLOOR, bigPath, gateOwner.owner, today], env, allowFail: true },
      sessions: trust(["sessions", "--json", "--since", "30d", "--db", bigPath]),
    },
    startupRuns,
  );
  if (reads.gate.last.code !== 3 || !reads.gate.last.stdout.includes(gateOwner.owner)) throw new Error(`the CI gate did not fail on ${gateOwner.owner}'s overdue commitments: ${reads.gate.last.stderr}`);
  const floorRows = reads.gateFloor.last.stdout.split("\n").filter(Boolean).length;
  if (reads.gateFloor.last.code !== 3 || floorRows !== gateOwner.overdue) throw new Error(`the CI gate's SQL floor listed ${floorRows} commitments, not ${gateOwner.overdue}: ${reads.gateFloor.last.stderr}`);

  const busiest = pickClient(bigPath, "busiest");
  const typical = pickClient(bigPath, "median");
  log(`client "${busiest.client}" (${busiest.calls} calls), "${typical.client}" (${typical.calls}), and clients: ${startupRuns} runs each, with bare node start-up`);
  const pages = compare(
    {
      node: { args: ["-e", "0"], env },
      client: trust(["client", busiest.client, "--json", "--db", bigPath]),
      typical: trust(["client", typical.client, "--json", "--db", bigPath]),
      clients: trust(["clients", "--json", "--db", bigPath]),
    },
    startupRuns,
  );
  const page = JSON.parse(pages.client.last.stdout);
  if (page.summary.calls !== busiest.calls) throw new Error(`trust client found ${page.summary.calls} calls for ${busiest.client}, SQL ${busiest.calls}`);

  log(`answer commits: ${commits} through the store (into a copy of the big database), and as many bare SQLite commits`);
  // A copy, so the cached database stays exactly as generated.
  const trial = join(dir, "commit-trial.db");
  copyFileSync(bigPath, trial);
  let commit;
  let integrity;
  try {
    commit = lib.measureCommits(trial, join(dir, "commit-floor.db"), commits, lib.BENCH_NOW);
    log("the write-time integrity check: a writing command on the copy, checked (no record) and recorded sound");
    integrity = measureIntegrityCheck(trial);
  } finally {
    for (const suffix of ["", "-wal", "-shm", "-verified"]) rmSync(trial + suffix, { force: true });
  }

  log(`keystroke echo: ${keys} keys on the call screen at 80x24, and on a bare raw-mode echo`);
  const echo = await measureEcho({ bin: BIN, keys, log });

  log("the team server: push, pull and an incremental sync against a private PostgreSQL");
  const sync = await measureSync({ lib, bin: BIN, env, bigPath, dir, runs, log });

  const round = (v, d = 1) => (v === null || v === undefined || Number.isNaN(v) ? null : Math.round(v * 10 ** d) / 10 ** d);
  const results = {
    generated_at: new Date().toISOString(),
    quick,
    machine: {
      node: process.version,
      cpu: os.cpus()[0]?.model ?? "unknown",
      cores: os.cpus().length,
      memory_gb: round(os.totalmem() / 1024 ** 3),
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      load_average_start: round(loadStart, 2),
      load_average_end: round(os.loadavg()[0], 2),
    },
    dataset: {
      sessions,
      events: big.events,
      commitments: big.actions,
      db_mb: round(statSync(bigPath).size / 1024 ** 2),
      small_sessions: small,
      small_events: smallDb.events,
      generator_version: big.generator_version,
      seed: big.seed,
      now: lib.BENCH_NOW_ISO,
    },
    runs,
    startup_runs: startupRuns,
    node_floor_ms: round(startup.node.ms),
    trust_version_ms: round(startup.version.ms),
    trust_help_ms: round(startup.help.ms),
    startup_version_ratio: round(startup.version.ms / startup.node.ms, 2),
    startup_help_ratio: round(startup.help.ms / startup.node.ms, 2),
    startup_ratio: round(Math.max(startup.version.ms, startup.help.ms) / startup.node.ms, 2),
    // CPU time (user + system) of the same runs: steadier than wall time on a busy machine.
    node_floor_cpu_ms: round(startup.node.cpuMs),
    trust_version_cpu_ms: round(startup.version.cpuMs),
    trust_help_cpu_ms: round(startup.help.cpuMs),
    startup_cpu_ratio: round(Math.max(startup.version.cpuMs, startup.help.cpuMs) / startup.node.cpuMs, 2),
    report_ms: round(report.trust.ms),
    report_baseline_ms: round(report.baseline.ms),
    report_ratio: round(report.trust.ms / report.baseline.ms, 2),
    report_cpu_ms: round(report.trust.cpuMs),
    report_baseline_cpu_ms: round(report.baseline.cpuMs),
    report_cpu_ratio: round(report.trust.cpuMs / report.baseline.cpuMs, 2),
    report_peak_rss_mb: round(report.trust.rssMb),
    // Issue 12: the HTML report against the JSON report of the same sessions, in the same runs.
    report_html_ms: round(report.html.ms),
    report_html_ratio: round(report.html.ms / report.trust.ms, 2),
    report_html_peak_rss_mb: round(report.html.rssMb),
    report_html_kb: round(Buffer.byteLength(report.html.last.stdout) / 1024),
    report_baseline_peak_rss_mb: round(report.baseline.rssMb),
    report_matches_baseline: agreement.same,
    report_mismatch: agreement.same ? null : agreement.detail,
    // The same figures derived from the raw events instead of the store's per-session summary.
    report_from_events_ms: round(report.fromEvents.ms),
    report_matches_events: eventsAgreement.same,
    report_events_mismatch: eventsAgreement.same ? null : eventsAgreement.detail,
    report_small_ms: round(reportSmall.trust.ms),
    report_growth_ratio: round(report.trust.ms / reportSmall.trust.ms, 2),
    report_growth_vs_linear: round(report.trust.ms / reportSmall.trust.ms / (sessions / small), 2),
    report_small_cpu_ms: round(reportSmall.trust.cpuMs),
    report_growth_cpu_ratio: round(report.trust.cpuMs / reportSmall.trust.cpuMs, 2),
    reads_node_floor_ms: round(reads.node.ms),
    export_ms: round(reads.export.ms),
    export_ratio: round(reads.export.ms / reads.node.ms, 2),
    export_cpu_ms: round(reads.export.cpuMs),
    show_ms: round(reads.show.ms),
    show_ratio: round(reads.show.ms / reads.node.ms, 2),
    show_cpu_ms: round(reads.show.cpuMs),
    gate_owner_overdue: gateOwner.overdue,
    gate_ms: round(reads.gate.ms),
    gate_ratio: round(reads.gate.ms / reads.node.ms, 2),
    gate_cpu_ms: round(reads.gate.cpuMs),
    gate_sql_floor_ms: round(reads.gateFloor.ms),
    gate_sql_floor_ratio: round(reads.gateFloor.ms / reads.node.ms, 2),
    sessions_since_30d_ms: round(reads.sessions.ms),
    sessions_since_30d_cpu_ms: round(reads.sessions.cpuMs),
    sessions_since_30d_count: JSON.parse(reads.sessions.last.stdout).length,
    // trust client on the client with the most calls, against bare node start-up in the same runs.
    client_name: busiest.client,
    client_calls: busiest.calls,
    client_node_floor_ms: round(pages.node.ms),
    client_ms: round(pages.client.ms),
    client_ratio: round(pages.client.ms / pages.node.ms, 2),
    client_cpu_ms: round(pages.client.cpuMs),
    client_node_floor_cpu_ms: round(pages.node.cpuMs),
    client_cpu_ratio: round(pages.client.cpuMs / pages.node.cpuMs, 2),
    client_peak_rss_mb: round(pages.client.rssMb),
    // The same for the client with the median number of calls: what most pages cost.
    client_typical_name: typical.client,
    client_typical_calls: typical.calls,
    client_typical_ms: round(pages.typical.ms),
    client_typical_ratio: round(pages.typical.ms / pages.node.ms, 2),
    clients_ms: round(pages.clients.ms),
    clients_cpu_ms: round(pages.clients.cpuMs),
    clients_count: JSON.parse(pages.clients.last.stdout).clients.length,
    answer_commit_p50_ms: round(commit.p50, 2),
    answer_commit_p99_ms: round(commit.p99, 2),
    // A command that writes checks a file it has not seen sound (PRAGMA quick_check), and skips
    // the check when the file is as the last trust writer left it (src/store/integrity.ts).
    write_open_checked_ms: round(integrity.checked),
    write_open_recorded_ms: round(integrity.recorded),
    answer_commit_max_ms: round(commit.max, 2),
    answer_commit_floor_p50_ms: round(commit.floorP50, 2),
    answer_commit_floor_p99_ms: round(commit.floorP99, 2),
    answer_commits: commit.samples,
    keystroke_echo_p50_ms: round(echo.trust.p50, 2),
    keystroke_echo_p99_ms: round(echo.trust.p99, 2),
    keystroke_echo_max_ms: round(echo.trust.max, 2),
    keystroke_echo_floor_p50_ms: round(echo.floor.p50, 2),
    keystroke_echo_floor_p99_ms: round(echo.floor.p99, 2),
    keystroke_echo_keys: echo.trust.samples,
    // Issue 14: the team server (PostgreSQL, started as the tests start it).
    sync_server: sync.server,
    sync_push_events: sync.push_events,
    sync_push_ms: round(sync.push_ms),
    sync_push_peak_rss_mb: round(sync.push_peak_rss_mb),
    sync_pull_events: sync.pull_events,
    sync_pull_ms: round(sync.pull_ms),
    sync_pull_peak_rss_mb: round(sync.pull_peak_rss_mb),
    sync_copy_floor_ms: round(sync.copy_floor_ms),
    sync_server_matches: sync.server_events === big.events && sync.pull_events === big.events,
    sync_incremental_ms: round(sync.incremental_ms),
    sync_incremental_node_floor_ms: round(sync.incremental_node_floor_ms),
  };
  results.targets = targets(results);

  const tmp = `${out}.tmp`;
  writeFileSync(tmp, JSON.stringify(results, null, 2) + "\n");
  renameSync(tmp, out);
  printTable(results);
  log(`wrote ${out}`);
} finally {
  rmSync(home, { recursive: true, force: true });
}

/** The newest completed session that is not a rehearsal: a full timeline to export. */
function newestCompleted(file) {
  const db = new Database(file, { readonly: true });
  try {
    const row = db.prepare("SELECT id FROM sessions WHERE status = 'completed' AND rehearsal = 0 ORDER BY pk DESC LIMIT 1").get();
    if (!row) throw new Error(`${file} has no completed session to export`);
    return row.id;
  } finally {
    db.close();
  }
}

/** The owner with the fewest overdue commitments (at least one), so the CI gate lists few rows and fails. */
function ownerWithFewOverdue(file, today) {
  const db = new Database(file, { readonly: true });
  try {
    const row = db
      .prepare(
        `SELECT a.owner, count(*) AS overdue FROM actions a JOIN sessions s ON s.pk = a.session_pk
         WHERE a.status = 'open' AND a.due < ? AND s.rehearsal = 0 GROUP BY a.owner ORDER BY overdue, a.owner LIMIT 1`,
      )
      .get(today);
    if (!row) throw new Error(`${file} has no overdue commitment for the CI gate`);
    return row;
  } finally {
    db.close();
  }
}

/** PRAGMA user_version of a database file. */
function schemaOf(file) {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma("user_version", { simple: true });
  } finally {
    db.close();
  }
}

/**
 * The client with the most calls, or the median number of calls (rehearsals left out, spellings
 * in ASCII case together), as trust client counts them.
 */
function pickClient(file, which) {
  const db = new Database(file, { readonly: true });
  try {
    const counted = "SELECT client, count(*) AS calls FROM sessions WHERE rehearsal = 0 GROUP BY client";
    const row =
      which === "busiest"
        ? db.prepare(`${counted} ORDER BY calls DESC, client LIMIT 1`).get()
        : db.prepare(`${counted} ORDER BY calls, client LIMIT 1 OFFSET (SELECT count(DISTINCT client) FROM sessions WHERE rehearsal = 0) / 2`).get();
    if (!row) throw new Error(`${file} has no sessions`);
    return row;
  } finally {
    db.close();
  }
}

/**
 * `trust actions done` with an id no commitment has (it opens the file for writing, then exits
 * 4), three times each: with the record of a sound file taken away (so it runs quick_check on
 * the whole file) and with the record its previous run left. Medians, wall time.
 */
function measureIntegrityCheck(file) {
  const run = () => {
    const started = performance.now();
    const r = spawnSync(process.execPath, [BIN, "actions", "done", "ffff0000", "--db", file], { env, encoding: "utf8" });
    if (r.status !== 4) throw new Error(`trust actions done exited ${r.status}: ${r.stderr}`);
    return performance.now() - started;
  };
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const checked = [];
  const recorded = [];
  for (let i = 0; i < 3; i++) {
    rmSync(`${file}-verified`, { force: true });
    checked.push(run());
    recorded.push(run());
  }
  return { checked: median(checked), recorded: median(recorded) };
}

/** Whether trust's JSON report and the baseline's agree on every figure they both compute. */
function sameFigures(trustJson, baselineJson) {
  const a = JSON.parse(trustJson);
  const b = JSON.parse(baselineJson);
  for (const key of ["sessions", "duration", "steps", "trust", "commitments"]) {
    if (JSON.stringify(a.totals?.[key]) !== JSON.stringify(b.totals?.[key])) {
      return { same: false, detail: `totals.${key}: trust ${JSON.stringify(a.totals?.[key]).slice(0, 200)} vs baseline ${JSON.stringify(b.totals?.[key]).slice(0, 200)}` };
    }
  }
  if (JSON.stringify(a.trend) !== JSON.stringify(b.trend)) return { same: false, detail: "trend differs" };
  return { same: true };
}
