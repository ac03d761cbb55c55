// The team server's figures for npm run bench (issue 14), with a private PostgreSQL started the
// way the tests start it (tests/helpers/postgres.ts, bundled into the bench library): a push of
// the big database to an empty server, a pull of it into an empty file (wall time and peak
// memory, one run each: they take a minute), and the incremental sync of one new session when
// nothing else changed (median of `runs`), beside the plain floor of the same work: a COPY of the
// same event rows into PostgreSQL by psql, and bare node start-up.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { median, runNode } from "./measure.mjs";

export async function measureSync({ lib, bin, env, bigPath, dir, runs, log }) {
  const pg = await lib.startPostgres();
  const work = mkdtempSync(join(os.tmpdir(), "trust-bench-sync-"));
  try {
    const remote = pg.url();
    const trust = (args, db) => runNode([bin, ...args, "--db", db, "--remote", remote], { env });
    const pushed = join(work, "pushed.db");
    copyFileSync(bigPath, pushed);

    log("sync: push of the big database to an empty server");
    const push = trust(["sync", "--push", "--json"], pushed);
    const pushOut = JSON.parse(push.stdout);
    const serverEvents = Number(pg.psql("SELECT count(*) FROM trust.events").trim());

    log("sync: pull of it into an empty file");
    const pulledDb = join(work, "pulled.db");
    const pull = trust(["sync", "--pull", "--json"], pulledDb);
    const pullOut = JSON.parse(pull.stdout);

    log(`sync: ${runs} incremental syncs, one new session each`);
    const incremental = [];
    for (let i = 0; i < runs + 1; i++) {
      addSession(lib, pushed, i);
      const r = trust(["sync", "--json"], pushed);
      if (i > 0) incremental.push(r.ms);
      const out = JSON.parse(r.stdout);
      if (out.pushed.sessions !== 1) throw new Error(`an incremental sync pushed ${out.pushed.sessions} sessions, not 1`);
    }
    const floor = runNode(["-e", "0"], { env });

    log("sync: the floor, psql's COPY of the same event rows into a bare table");
    const copyFloorMs = copyFloor(pg, bigPath, work);

    return {
      server: pg.psql("SHOW server_version").trim(),
      push_events: pushOut.pushed.events,
      server_events: serverEvents,
      push_ms: push.ms,
      push_peak_rss_mb: push.rssMb,
      pull_events: pullOut.pulled.events,
      pull_ms: pull.ms,
      pull_peak_rss_mb: pull.rssMb,
      copy_floor_ms: copyFloorMs,
      incremental_ms: median(incremental),
      incremental_node_floor_ms: floor.ms,
    };
  } finally {
    pg.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/** One small completed call, as a person would add between two syncs. */
function addSession(lib, db, i) {
  const store = lib.openStore(db);
  try {
    const source = store.db.prepare("SELECT source FROM playbook_snapshots LIMIT 1").pluck().get();
    const playbookId = store.db.prepare("SELECT playbook_id FROM sessions LIMIT 1").pluck().get();
    const at = lib.BENCH_NOW + i * 60_000;
    const s = store.createSession({
      info: { client: "Bench Incremental", incident: `Sync ${i}`, severity: "low", owner: "Bench", attendees: [], contacts: [], rehearsal: false },
      playbookId,
      playbookVersion: 1,
      playbookSource: source,
      at,
    });
    store.append(s.id, { type: "note", text: "one more call" }, at + 1000);
    store.append(s.id, { type: "completed" }, at + 2000);
  } finally {
    store.close();
  }
}

/** psql COPYing every event row of the file (as text) into an unindexed table: what moving the bytes alone costs. */
function copyFloor(pg, file, work) {
  const db = new Database(file, { readonly: true });
  const tsv = join(work, "events.tsv");
  try {
    const esc = (v) => (v === null ? "\\N" : String(v).replace(/[\\\n\r\t]/g, (c) => ({ "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" })[c]));
    const lines = [];
    for (const row of db.prepare("SELECT id, session_pk, at, type, step, prompt, data, num FROM events").raw(true).iterate()) lines.push(row.map(esc).join("\t"));
    writeFileSync(tsv, lines.join("\n") + "\n");
  } finally {
    db.close();
  }
  pg.psql("CREATE TABLE floor (id bigint, session_pk bigint, at bigint, type text, step text, prompt text, data text, num double precision)");
  const start = process.hrtime.bigint();
  const r = spawnSync("psql", ["-X", "-q", "-h", "127.0.0.1", "-p", String(pg.port), "-U", "admin", "-d", "trust", "-c", `\\copy floor FROM '${tsv}'`], {
    env: { ...process.env, PGPASSWORD: "admin-pw" },
    encoding: "utf8",
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`psql \\copy failed: ${r.stderr}`);
  return ms;
}
