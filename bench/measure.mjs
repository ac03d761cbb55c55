// Timing helpers for the bench: run a command several times, keep the wall time of each run and
// the peak memory, and take medians. Runs are interleaved by the caller so that a machine getting
// busier part-way hurts every command alike.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const USAGE = fileURLToPath(new URL("./process-usage.cjs", import.meta.url));

/** The median of a list of numbers (the mean of the middle two for an even count). */
export function median(values) {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Runs `node --require process-usage.cjs ...args` once; returns wall ms, CPU ms, peak RSS in MB,
 * exit code, stdout and stderr. Every command, floors included, carries the same small preload,
 * so it costs them alike. Throws when the command fails, with its stderr.
 */
export function runNode(args, { env = {}, allowFail = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "trust-bench-usage-"));
  const usageFile = join(dir, "usage.json");
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ["--require", USAGE, ...args], {
    env: { ...env, BENCH_USAGE_FILE: usageFile },
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  let rssMb = null;
  let cpuMs = null;
  try {
    const usage = JSON.parse(readFileSync(usageFile, "utf8"));
    rssMb = usage.maxRSS / 1024;
    cpuMs = usage.cpu / 1000;
  } catch {
    // The process died before its exit handler ran.
  }
  rmSync(dir, { recursive: true, force: true });
  if (result.error) throw result.error;
  if (result.status !== 0 && !allowFail) {
    const err = new Error(`node ${args.join(" ")} exited ${result.status ?? result.signal}: ${result.stderr.trim().split("\n")[0] ?? ""}`);
    err.stderr = result.stderr;
    throw err;
  }
  return { ms, cpuMs, rssMb, code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs each named command `runs` times, round-robin, after one untimed warm-up of each (file cache,
 * page cache); returns per name { ms, cpuMs: medians, rssMb: the highest peak, samples, last }.
 */
export function compare(commands, runs) {
  const names = Object.keys(commands);
  const seen = Object.fromEntries(names.map((k) => [k, { ms: [], cpuMs: [], rssMb: [] }]));
  const last = {};
  for (const name of names) last[name] = runNode(commands[name].args, commands[name]);
  for (let i = 0; i < runs; i++) {
    for (const name of names) {
      const r = runNode(commands[name].args, commands[name]);
      seen[name].ms.push(r.ms);
      if (r.cpuMs !== null) seen[name].cpuMs.push(r.cpuMs);
      if (r.rssMb !== null) seen[name].rssMb.push(r.rssMb);
      last[name] = r;
    }
  }
  return Object.fromEntries(
    names.map((name) => {
      const s = seen[name];
      return [name, { ms: median(s.ms), cpuMs: median(s.cpuMs), rssMb: s.rssMb.length ? Math.max(...s.rssMb) : null, samples: s.ms, last: last[name] }];
    }),
  );
}
