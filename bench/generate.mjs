#!/usr/bin/env node
// Fills a trust database with generated sessions, through the project's own store code.
//   node bench/generate.mjs [--sessions 100000] [--db bench/trust-100000.db] [--seed 20261101] [--force]
// A database made by the same generator version with the same count and seed is reused, since
// generating 100,000 sessions takes minutes; --force makes it again.
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ROOT, loadBenchLib } from "./bundle.mjs";

export const DEFAULT_SESSIONS = 100_000;
export const DEFAULT_SEED = 20261101;

/** bench/trust-<N>.db: gitignored (bench/*.db). */
export function defaultDbPath(sessions) {
  return join(ROOT, "bench", `trust-${sessions}.db`);
}

/**
 * Makes sure `db` holds `sessions` generated sessions; returns what the side file records about it
 * (generator version, count, seed, events...) and whether it was generated now.
 */
export async function ensureDatabase({ sessions, db, seed = DEFAULT_SEED, force = false, log = () => {} }, lib) {
  const stamp = `${db}-info.json`;
  const bench = lib ?? (await loadBenchLib());
  if (!force && existsSync(db) && existsSync(stamp)) {
    let info;
    try {
      info = JSON.parse(readFileSync(stamp, "utf8"));
    } catch {
      info = undefined; // An unreadable stamp: generate again.
    }
    if (info?.generator_version === bench.GENERATOR_VERSION && info.sessions === sessions && info.seed === seed) {
      try {
        upgrade(db, bench);
        log(`reusing ${db} (${sessions} sessions, generator v${info.generator_version})`);
        return { ...info, reused: true };
      } catch (err) {
        log(`cannot reuse ${db}: ${err.message}; generating it again`);
      }
    }
  }
  for (const suffix of ["", "-wal", "-shm", "-info.json"]) rmSync(db + suffix, { force: true });
  log(`generating ${sessions} sessions into ${db} ...`);
  let lastShown = 0;
  const result = bench.generateDatabase({
    db,
    sessions,
    seed,
    root: ROOT,
    onProgress: (done, total) => {
      if (performance.now() - lastShown > 5000 || done === total) {
        lastShown = performance.now();
        log(`  ${done}/${total} sessions`);
      }
    },
  });
  const info = {
    generator_version: bench.GENERATOR_VERSION,
    sessions,
    seed,
    now: bench.BENCH_NOW_ISO,
    events: result.events,
    actions: result.actions,
    actions_done: result.actionsDone,
    generate_ms: Math.round(result.ms),
  };
  writeFileSync(stamp, JSON.stringify(info, null, 2) + "\n");
  log(`  done in ${(result.ms / 1000).toFixed(1)} s: ${result.events} events, ${result.actions} commitments`);
  return { ...info, reused: false };
}

/**
 * Brings a reused database to this build's schema through the store, as any trust command would,
 * so no timed run pays for a migration; the copy the store keeps before migrating is bench data,
 * not worth 300 MB, and is removed.
 */
function upgrade(db, bench) {
  bench.openStore(db).close();
  const prefix = `${basename(db)}.backup-v`;
  for (const name of readdirSync(dirname(db))) if (name.startsWith(prefix)) rmSync(join(dirname(db), name), { force: true });
}

async function main() {
  const { values } = parseArgs({
    options: {
      sessions: { type: "string", default: String(DEFAULT_SESSIONS) },
      db: { type: "string" },
      seed: { type: "string", default: String(DEFAULT_SEED) },
      force: { type: "boolean", default: false },
    },
  });
  const sessions = Number(values.sessions);
  if (!Number.isInteger(sessions) || sessions < 1) throw new Error(`--sessions must be a whole number above 0, got ${values.sessions}`);
  const db = values.db ? resolve(values.db) : defaultDbPath(sessions);
  const info = await ensureDatabase({ sessions, db, seed: Number(values.seed), force: values.force, log: (l) => console.error(l) });
  console.log(JSON.stringify({ db, ...info }));
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
