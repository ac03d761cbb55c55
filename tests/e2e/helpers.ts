import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runCli } from "../helpers/cli.js";
import { KEY, TerminalSession } from "../helpers/pty.js";

/**
 * Shared pieces of the end-to-end tests: a private database per test, the CLI in a pty, and
 * the stored session read back through `trust show --json`, as a user would check it.
 */

/** A Monday, so "friday" and "+2d" resolve to different, known dates. */
export const NOW = "2026-11-09T10:00:00Z";
export const FRIDAY = "2026-11-13";
export const PLUS_2D = "2026-11-11";

/** Per test: a safety net for a loaded machine, far above what a flow takes (a few seconds). */
export const E2E_TIMEOUT = 90_000;

export const START_ARGS = ["start", "--client", "Acme", "--incident", "API outage", "--severity", "high", "--owner", "Dana"];

export interface Sandbox {
  dir: string;
  db: string;
  env: Record<string, string>;
  /** Terminals opened through `open`, killed at cleanup if a test failed half way. */
  terms: TerminalSession[];
  open(args: string[], size?: { cols: number; rows: number }): TerminalSession;
  cleanup(): void;
}

/** A temp dir with its own database; `env` points the CLI at it (and pins the clock unless told not to). */
export function sandbox(opts: { pinClock?: boolean } = {}): Sandbox {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trust-e2e-"));
  const db = path.join(dir, "trust.db");
  const env: Record<string, string> = { TRUST_DB: db, XDG_DATA_HOME: path.join(dir, "data") };
  if (opts.pinClock !== false) env.TRUST_NOW = NOW;
  const terms: TerminalSession[] = [];
  return {
    dir,
    db,
    env,
    terms,
    open(args, size) {
      const t = new TerminalSession(args, env, size);
      terms.push(t);
      return t;
    },
    cleanup() {
      for (const t of terms) if (t.exitCode === undefined) t.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ShownAnswer {
  step: string;
  prompt: string;
  type: string;
  skipped: boolean;
  value: unknown;
  at: string;
}

export interface ShownSession {
  session: { id: string; status: string; attendees: string[]; completedAt: string | null };
  answers: ShownAnswer[];
  notes: Array<{ step: string | null; text: string; at: string }>;
  actions: Array<{ id: string; prompt: string; what: string; owner: string; due: string; status: string }>;
  timeline: Array<{ seq: number; type: string; at: string; step?: string; prompt?: string; to?: string; value?: unknown }>;
}

/** `trust show <id> --json`, parsed; fails with the CLI's stderr when it does not exit 0. */
export async function showJson(box: Sandbox, id: string): Promise<ShownSession> {
  const r = await runCli(["show", id, "--json", "--db", box.db], { env: box.env });
  if (r.code !== 0) throw new Error(`trust show exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as ShownSession;
}

/** The ids of all sessions in the sandbox's database, newest first. */
export async function sessionIds(box: Sandbox): Promise<string[]> {
  const r = await runCli(["sessions", "--json", "--db", box.db], { env: box.env });
  if (r.code !== 0) throw new Error(`trust sessions exited ${r.code}: ${r.stderr}`);
  return (JSON.parse(r.stdout) as Array<{ id: string }>).map((s) => s.id);
}

/** The short session id the screen shows when a session pauses or ends. */
export function shortIdOn(screen: string): string {
  const id = /Session ([0-9a-f]{8}) (?:paused|completed)/.exec(screen)?.[1];
  if (!id) throw new Error(`no session id on screen:\n${screen}`);
  return id;
}

/** The only session in the database. */
export async function onlySession(box: Sandbox): Promise<string> {
  const ids = await sessionIds(box);
  if (ids.length !== 1) throw new Error(`expected one session, found ${ids.length}`);
  return ids[0]!;
}

/** The current answer to one prompt, as show --json reports it. */
export function answer(shown: ShownSession, prompt: string): ShownAnswer | undefined {
  return shown.answers.find((a) => a.prompt === prompt);
}

/** The last screen line that contains `text`, for checks about one prompt's line. */
export function lineWith(screen: string, text: string): string | undefined {
  return screen.split("\n").filter((l) => l.includes(text)).pop();
}

/**
 * The question being asked: from the screen's last line starting with "?" (inquirer's mark for
 * an open prompt) to the end, its rows joined as typed text wraps across them.
 */
export function activePrompt(screen: string): string | undefined {
  const lines = screen.split("\n");
  const at = lines.findLastIndex((l) => l.startsWith("? "));
  return at < 0 ? undefined : lines.slice(at).join("");
}

/**
 * Polls the rendered screen until `ok` holds; fails with the screen when the process exits or
 * the timeout (a safety net, not a synchroniser) runs out. Polls more often than the shared
 * harness's waitFor: a whole session waits on the screen a hundred times.
 */
async function until(t: TerminalSession, ok: (screen: string) => boolean, what: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await t.screen();
    if (ok(s)) {
      if (process.env.E2E_DEBUG) console.log(`---- ${Date.now() % 100000} ${what}\n${s}`);
      return s;
    }
    if (t.exitCode !== undefined || Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${t.exitCode !== undefined ? ` (exited ${t.exitCode})` : ""}; screen:\n${s}`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Waits until the screen shows `text`. */
export function see(t: TerminalSession, text: string | RegExp, timeoutMs = 10_000): Promise<string> {
  return until(t, (s) => (typeof text === "string" ? s.includes(text) : text.test(s)), String(text), timeoutMs);
}

/**
 * Waits until the open prompt contains `text`. A prompt asked again (after a note, or when a
 * step is revisited) has the same words as the finished one above it, so the screen alone is
 * not enough: the last "?" line must be the one.
 */
export function waitForPrompt(t: TerminalSession, text: string, timeoutMs = 10_000): Promise<string> {
  return until(t, (s) => activePrompt(s)?.includes(text) ?? false, `the prompt "${text}"`, timeoutMs);
}

/** Types text as a person would, waits for its echo on the open prompt, then presses Enter. */
export async function typeIn(t: TerminalSession, text: string): Promise<void> {
  t.press(text);
  await until(t, (s) => activePrompt(s)?.includes(text) ?? false, `the echo of "${text}"`, 10_000);
  t.press(KEY.enter);
}

/** Answers the attendees question that `trust start` asks first. */
export async function answerAttendees(t: TerminalSession, names = ""): Promise<void> {
  await waitForPrompt(t, "Who is on the call?");
  if (names) await typeIn(t, names);
  else t.press(KEY.enter);
}

export { KEY };

/** Answers a yes/no prompt with `key` ("y" or "n") once its hint echoes it. */
export async function confirmWith(t: TerminalSession, question: string, key: "y" | "n"): Promise<void> {
  await waitForPrompt(t, question);
  t.press(key);
  await see(t, `(Y/n) ${key}`);
  t.press(KEY.enter);
}

/** Picks a point on a rating scale by its digit. */
export async function rate(t: TerminalSession, question: string, n: number): Promise<void> {
  await waitForPrompt(t, question);
  t.press(String(n));
  await see(t, `[${n}]`);
  t.press(KEY.enter);
}

/** Answers restore-trust's first step ("Be prepared"): read the timeline?, what we know, trust before. */
export async function answerPrepare(t: TerminalSession, a: { reviewed: "y" | "n"; known: string; trust: number }): Promise<void> {
  await confirmWith(t, "Have you read the full timeline", a.reviewed);
  await waitForPrompt(t, "What do we know for sure");
  await typeIn(t, a.known);
  await rate(t, "How much does Acme trust us right now?", a.trust);
}
