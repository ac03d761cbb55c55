// Timing helpers for the bench: run a command several times, keep the wall time of each run and
// the peak memory, and take medians. Runs are interleaved by the caller so that a machine getting
// busier part-way hurts every command alike.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const PEAK_RSS = fileURLToPath(new URL("./peak-rss.mjs", import.meta.url));

/** The median of a list of numbers (the mean of the middle two for an even count). */
export function median(values) {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Runs `node [--import peak-rss] ...args` once; returns wall ms, peak RSS in MB (when measured),
 * exit code, stdout and stderr. Throws when the command fails, with its stderr.
 */
export function runNode(args, { env = {}, rss = false, allowFail = false } = {}) {
  const dir = rss ? mkdtempSync(join(tmpdir(), "trust-bench-rss-")) : undefined;
  const rssFile = dir ? join(dir, "rss") : undefined;
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [...(rss ? ["--import", PEAK_RSS] : []), ...args], {
    env: { ...env, ...(rssFile ? { BENCH_RSS_FILE: rssFile } : {}) },
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  let rssMb = null;
  if (rssFile) {
    try {
      rssMb = Number(readFileSync(rssFile, "utf8")) / 1024;
    } catch {
      rssMb = null;
    }
    rmSync(dir, { recursive: true, force: true });
  }
  if (result.error) throw result.error;
  if (result.status !== 0 && !allowFail) {
    const err = new Error(`node ${args.join(" ")} exited ${result.status ?? result.signal}: ${result.stderr.trim().split("\n")[0] ?? ""}`);
    err.stderr = result.stderr;
    throw err;
  }
  return { ms, rssMb, code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs each named command `runs` times, round-robin, after one untimed warm-up of each (file cache,
 * page cache); returns per name { ms: median, rssMb: max peak, samples, last }.
 */
export function compare(commands, runs) {
  const samples = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  const rss = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  const last = {};
  for (const [name, c] of Object.entries(commands)) last[name] = runNode(c.args, c);
  for (let i = 0; i < runs; i++) {
    for (const [name, c] of Object.entries(commands)) {
      const r = runNode(c.args, c);
      samples[name].push(r.ms);
      if (r.rssMb !== null) rss[name].push(r.rssMb);
      last[name] = r;
    }
  }
  return Object.fromEntries(
    Object.keys(commands).map((name) => [
      name,
      { ms: median(samples[name]), rssMb: rss[name].length ? Math.max(...rss[name]) : null, samples: samples[name], last: last[name] },
    ]),
  );
}
