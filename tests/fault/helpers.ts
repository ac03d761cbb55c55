import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, expect } from "vitest";
import { BIN, ROOT } from "../helpers/cli.js";

/**
 * Shared pieces of the fault suite: private temp folders, the real built CLI as a child process
 * that can be killed at any moment, a scripted restore-trust session, and file fingerprints.
 */

/** Monday 9 November 2026: the clock every scripted run is pinned to. */
export const NOW = "2026-11-09T10:00:00Z";

/** Distinctive values for the two `sensitive` prompts of restore-trust, easy to grep for. */
export const SECRET_PEOPLE = "Zq-secret-person-7781 (zq.secret@example.com)";
export const SECRET_TERMS = "Zq-secret-credit-4402 EUR approved by Zq-finance";

/** Answers to every prompt of restore-trust for a high-severity session, as `trust start --answers` takes them. */
export const ANSWERS = {
  timeline_reviewed: true,
  known_and_open: "Known: the queue stalled at 09:05. Open: why nobody was paged.",
  trust_before: 2,
  client_facts: ["Checkout failed for three hours", "About 300 orders were abandoned"],
  business_impact: "Two wholesale customers cancelled standing orders.",
  affected_people: SECRET_PEOPLE,
  client_feelings: "They felt left in the dark.",
  apologised: true,
  apology_reception: "Accepted, still wary.",
  current_actions: "Replaying every failed order.",
  lead_contact: "Dana Whitfield",
  senior_sponsor: "Marcus Lee",
  shared_facts: ["The 09:05 deploy stalled the workers"],
  open_questions: ["Why the alert did not page anyone"],
  root_cause_notes: "Likely the new retry setting.",
  problem_statement: "Orders failed for three hours and nobody told them.",
  problem_kind: "reliability",
  problem_agreed: true,
  client_mood: "wary",
  remaining_concerns: "Whether it happens again before their sale.",
  conversation_tone: 3,
  churn_risk: "medium",
  fix_summary: "Workers fixed, alert rerouted.",
  actions: [
    { what: "Replay the failed orders", owner: "Dana", due: "+3d" },
    { what: "Add an alert on queue depth", owner: "Lee", due: "+1w" },
  ],
  goodwill: "service-credit",
  goodwill_terms: SECRET_TERMS,
  next_update: "+2d",
  proof_of_fix: "A weekly queue-depth chart for a month.",
  trust_after: 4,
  follow_through: ["written-summary", "check-in"],
};

export const START_FLAGS = ["--client", "Acme", "--incident", "API outage", "--severity", "high", "--owner", "Dana"];

/** A fresh folder per call, removed when the test file ends. */
export function tempDirs(prefix = "trust-fault-"): () => string {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}

/** Writes the answers file into `dir` and returns its path. */
export function writeAnswers(dir: string, answers: unknown = ANSWERS, name = "answers.yaml"): string {
  const file = join(dir, name);
  writeFileSync(file, typeof answers === "string" ? answers : stringify(answers));
  return file;
}

/**
 * A database `name` in `dir` holding `sessions` whole sessions, made by the built CLI's
 * `trust start --answers` (its answers.yaml is written in `dir` too): what most fault tests start from.
 */
export async function startedDb(dir: string, { name = "trust.db", sessions = 1 } = {}): Promise<string> {
  const answers = writeAnswers(dir);
  const db = join(dir, name);
  for (let i = 0; i < sessions; i++) {
    const run = await cli(["start", "--answers", answers, ...START_FLAGS, "--db", db]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  }
  return db;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** The environment of a CLI run: no user data, a pinned clock, no colour. */
export function cliEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/tmp",
    XDG_DATA_HOME: "/nonexistent-trust-fault-data",
    XDG_CONFIG_HOME: "/nonexistent-trust-fault-config",
    TZ: "UTC",
    NO_COLOR: "1",
    TRUST_NOW: NOW,
    ...extra,
  };
}

export interface CliOptions {
  env?: Record<string, string>;
  /** Run as this user (with the same gid); pass `bin` and `cwd` of a copy that user can read (tests/helpers/other-user.ts). */
  uid?: number;
  bin?: string;
  cwd?: string;
  /** Standard input: none (the default), a pipe the test writes to, or an open file descriptor. */
  stdin?: "ignore" | "pipe" | number;
  /** A bash command run first in the same process, which then becomes the CLI: `umask 000`, `ulimit -f 40` (KiB). */
  before?: string;
}

/** Starts the built CLI; `exited` resolves however it ends (exit code or signal). */
export function spawnCli(args: string[], opts: CliOptions = {}): { child: ChildProcess; exited: Promise<Exit> } {
  const started = performance.now();
  const command = [process.execPath, opts.bin ?? BIN, ...args];
  const [file, ...argv] = opts.before === undefined ? command : ["bash", "-c", `${opts.before}; exec "$0" "$@"`, ...command];
  const child = spawn(file!, argv, {
    cwd: opts.cwd ?? ROOT,
    env: cliEnv(opts.env),
    stdio: [opts.stdin ?? "ignore", "pipe", "pipe"],
    ...(opts.uid === undefined ? {} : { uid: opts.uid, gid: opts.uid }),
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const exited = new Promise<Exit>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started });
    });
  });
  return { child, exited };
}

/** Runs the built CLI to its end. */
export function cli(args: string[], opts: CliOptions = {}): Promise<Exit> {
  return spawnCli(args, opts).exited;
}

/** A refusal must come at once: a run that has not ended by then fails its test (and is killed at 30 s). */
export const HANG = 10_000;

/**
 * What every refusal shares: the documented code, a plain `trust: ...` line, no stack trace, and
 * the message on one line: on stderr, or for `playbook validate` (a report of problems, which is
 * its output) on stdout with the summary on stderr.
 */
export function expectRefusal(run: Exit, code: number, message: RegExp, where: "stderr" | "stdout" = "stderr"): void {
  expect(run.signal).toBeNull();
  expect(run.code).toBe(code);
  const [first = "", ...rest] = run.stderr.trimEnd().split("\n");
  expect(first).toMatch(/^trust: /);
  expect(first).not.toMatch(/unexpected error/);
  expect(rest.every((line) => line.startsWith("  ") || line.startsWith("hint: ") || line.startsWith("trust: "))).toBe(true);
  expect(run.stderr + run.stdout).not.toMatch(/^\s+at /m);
  const line = (where === "stderr" ? first : run.stdout.trimEnd().split("\n")[0]) ?? "";
  expect(line).toMatch(message);
  expect(line.length).toBeLessThan(400);
  if (where === "stderr") expect(run.stdout).toBe("");
  expect(run.ms).toBeLessThan(HANG);
}

/** Every name in a folder, whatever it is (a file, a FIFO, a link): what a refusal must not add to. */
export function namesIn(dir: string): string[] {
  return readdirSync(dir).sort();
}

/** sha256 of every file in a folder (not recursive), by name: what a refusal must leave as it was. */
export function folderState(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .filter((name) => statSync(join(dir, name)).isFile())
      .map((name) => [name, createHash("sha256").update(readFileSync(join(dir, name))).digest("hex")]),
  );
}

/** The permission bits of a path as an octal string, e.g. "600". */
export function modeOf(path: string): string {
  return (statSync(path).mode & 0o777).toString(8);
}

/** Whether a path exists and holds any bytes. */
export function nonEmpty(path: string): boolean {
  return existsSync(path) && statSync(path).size > 0;
}

/** Runs `tasks` with at most `limit` at a time, in order of the list. */
export async function inBatches<T>(count: number, limit: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < count; i = next++) results[i] = await task(i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, lane));
  return results;
}

/** A small seeded generator (mulberry32): the kill moments are random but the same on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
