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
  /** The CLI in a new pty; `env` is added to the sandbox's (e.g. FORCE_COLOR: "1"). */
  open(args: string[], size?: { cols: number; rows: number }, env?: Record<string, string>): TerminalSession;
  cleanup(): void;
}

/** A temp dir with its own database; `env` points the CLI at it (and pins the clock unless told not to). */
export function sandbox(opts: { pinClock?: boolean } = {}): Sandbox {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trust-e2e-"));
  const db = path.join(dir, "trust.db");
  const env: Record<string, string> = { TRUST_DB: db, XDG_DATA_HOME: path.join(dir, "data"), XDG_CONFIG_HOME: path.join(dir, "config") };
  if (opts.pinClock !== false) env.TRUST_NOW = NOW;
  const terms: TerminalSession[] = [];
  return {
    dir,
    db,
    env,
    terms,
    open(args, size, extra = {}) {
      const t = new TerminalSession(args, { ...env, ...extra }, size);
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
  session: { id: string; status: string; attendees: Array<{ name: string; email?: string }>; contacts: Array<{ name: string; email?: string }>; completedAt: string | null };
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

/**
 * An answer's value without the ids the store gives commitments (random, so a test compares
 * what was typed): commitments become { what, owner, due }.
 */
export function typedValue(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((v) => (typeof v === "object" && v !== null ? (({ id: _id, ...rest }) => rest)(v as { id?: string }) : v));
}

/** The current answer to one prompt, as show --json reports it. */
export function answer(shown: ShownSession, prompt: string): ShownAnswer | undefined {
  return shown.answers.find((a) => a.prompt === prompt);
}

/** The last screen line that contains `text`, for checks about one prompt's line. */
export function lineWith(screen: string, text: string): string | undefined {
  return screen.split("\n").filter((l) => l.includes(text)).pop();
}

/** The row of hotkeys the call screen keeps at its bottom, in its long or short form. */
export const HOTKEY_ROW = /^\^X .*\^C/;

/** Runs of white space as one space: rows wrapped by the screen read as the text that was wrapped. */
export function squash(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

/**
 * The rows of the question being asked: from the screen's last row starting with "? " (the
 * call screen's mark for its question) down to the row above the hotkey row, trailing blank
 * rows left out. Undefined when no question is on screen.
 */
export function questionRows(screen: string): string[] | undefined {
  const lines = screen.split("\n");
  const at = lines.findLastIndex((l) => l.startsWith("? "));
  if (at < 0) return undefined;
  let end = lines.length;
  if (HOTKEY_ROW.test(lines[end - 1] ?? "")) end--;
  const rows = lines.slice(at, Math.max(at + 1, end));
  while (rows.length > 1 && rows.at(-1)!.trim() === "") rows.pop();
  return rows;
}

/** The question being asked, all its rows (message, help, entries, input, hints) as one squashed line. */
export function activePrompt(screen: string): string | undefined {
  const rows = questionRows(screen);
  return rows && squash(rows.join(" "));
}

/** The editor's key hint, the question's last row ("Enter confirms", "Enter new line · ^D done"...). */
const HINT_ROW = /^ {2}(?=\S).*(Enter|\^D|←\/→|↑↓|Space)/;

/**
 * The input of the question, as one squashed line without the "›": its row, and the rows under
 * it that are indented (the typed text wrapped or on more lines, a date's meaning), up to an
 * error or notice row (they start with their mark: ✖, ✎, ↷...) or the editor's key hint.
 */
export function inputOf(screen: string): string | undefined {
  const rows = questionRows(screen);
  if (!rows) return undefined;
  const at = rows.findLastIndex((l) => l.startsWith("›"));
  if (at < 0) return undefined;
  const end = HINT_ROW.test(rows.at(-1) ?? "") ? rows.length - 1 : rows.length;
  const input = [rows[at]!];
  for (let i = at + 1; i < end && rows[i]!.startsWith("  "); i++) input.push(rows[i]!);
  return squash(input.join(" ").slice(1));
}

/** The rows under the input that are neither typed text nor the key hint: errors (✖) and notices (✎, ↷...). */
export function noticesOf(screen: string): string[] {
  const rows = questionRows(screen) ?? [];
  const at = rows.findLastIndex((l) => l.startsWith("›") || l.startsWith("❯"));
  return rows.slice(at + 1).filter((l) => l.trim() !== "" && !l.startsWith("  "));
}

/** The entries of a list or of commitments shown above the input ("  • entry" rows). */
export function entriesOf(screen: string): string[] {
  return (questionRows(screen) ?? []).filter((l) => l.startsWith("  • ")).map((l) => l.slice(4));
}

/**
 * Polls the rendered screen until `ok` holds; fails with the screen when the process exits or
 * the timeout (a safety net, not a synchroniser) runs out. A terminal with an `inspect` check
 * is only looked at once its output has paused (so never half way through a frame), and the
 * check runs on the screen that satisfied `ok`.
 */
export async function until(t: TerminalSession, ok: (screen: string) => boolean, what: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await t.screenRows();
    const settled = !t.inspect || t.quietMs >= 25 || t.exitCode !== undefined;
    const s = rows.map((r) => r.text).join("\n").replace(/\n+$/, "");
    if (settled && ok(s)) {
      if (process.env.E2E_DEBUG) console.log(`---- ${Date.now() % 100000} ${what}\n${s}`);
      await t.inspect?.(rows);
      return s;
    }
    if (t.exitCode !== undefined || Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${t.exitCode !== undefined ? ` (exited ${t.exitCode})` : ""}; screen:\n${s}`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Waits until the screen shows `text`. */
export function see(t: TerminalSession, text: string | RegExp, timeoutMs = 15_000): Promise<string> {
  return until(t, (s) => (typeof text === "string" ? s.includes(text) : text.test(s)), String(text), timeoutMs);
}

/** Waits until the open question contains `text` (compared with white space squashed, as rows wrap). */
export function waitForPrompt(t: TerminalSession, text: string, timeoutMs = 15_000): Promise<string> {
  return until(t, (s) => activePrompt(s)?.includes(squash(text)) ?? false, `the prompt "${text}"`, timeoutMs);
}

/** Waits until the open question's input shows `text`. */
export function waitForInput(t: TerminalSession, text: string, timeoutMs = 15_000): Promise<string> {
  return until(t, (s) => inputOf(s)?.includes(squash(text)) ?? false, `the input "${text}"`, timeoutMs);
}

/** Types a line as a person would, waits for its echo in the input, then presses Enter. */
export async function typeIn(t: TerminalSession, text: string): Promise<void> {
  t.press(text);
  await waitForInput(t, text);
  t.press(KEY.enter);
}

/**
 * Types a multi-line answer (a longtext or a note): Enter between the lines, waits for the
 * echo, then ^D, which finishes it.
 */
export async function typeLong(t: TerminalSession, text: string): Promise<void> {
  t.press(text.split("\n").join(KEY.enter));
  await waitForInput(t, text);
  t.press(KEY.ctrlD);
}

/**
 * Adds entries to the list being asked: each typed and confirmed, then seen among the entries
 * with the input empty again. Enter on the empty input (`finishList`) ends the list.
 */
export async function addEntries(t: TerminalSession, entries: string[]): Promise<void> {
  for (const e of entries) {
    await typeIn(t, e);
    await until(t, (s) => entriesOf(s).some((shown) => sameEntry(shown, e)) && inputOf(s) === "", `the entry "${e}" in the list`);
  }
}

/** Whether an entry row shows `entry`: in full, or cut with "…" to the width. */
export function sameEntry(shown: string, entry: string): boolean {
  return shown === entry || (shown.endsWith("…") && entry.startsWith(shown.slice(0, -1).trimEnd()));
}

/** Adds one commitment: what, then the owner (kept, typed over, or Tab and appended to), then the due date (kept or typed). */
export async function addCommitment(
  t: TerminalSession,
  c: { what: string; owner?: string; appendOwner?: string; due?: string; expectDue?: string },
): Promise<void> {
  await until(t, (s) => /commitment \d+: what will we do\?/.test(activePrompt(s) ?? "") && inputOf(s) === "", "a new commitment");
  await typeIn(t, c.what);
  await waitForPrompt(t, `who owns “${c.what}”?`);
  if (c.appendOwner) {
    t.press(KEY.tab);
    await until(t, (s) => (activePrompt(s) ?? "").includes("Enter confirms"), "the owner made editable by Tab");
    await typeIn(t, c.appendOwner);
  } else if (c.owner) {
    await typeIn(t, c.owner);
  } else {
    t.press(KEY.enter);
  }
  await waitForPrompt(t, "due by? (2026-12-01, friday, +3d)");
  if (c.due) {
    t.press(c.due);
    await waitForInput(t, c.expectDue ? `${c.due} → ${c.expectDue}` : c.due);
  }
  t.press(KEY.enter);
  await until(t, (s) => entriesOf(s).some((e) => sameEntry(e, c.what) || e.startsWith(c.what)), `the commitment "${c.what}" in the list`);
}

/** Answers who is on the call, the client's people first, then ours: the questions `trust start` asks first. */
export async function answerAttendees(t: TerminalSession, ours = "", theirs = ""): Promise<void> {
  await waitForPrompt(t, "Who is on the call from");
  if (theirs) await typeIn(t, theirs);
  else t.press(KEY.enter);
  await waitForPrompt(t, "from our side");
  if (ours) await typeIn(t, ours);
  else t.press(KEY.enter);
}

export { KEY };

/** Answers a yes/no prompt with `key` ("y" or "n") once the input echoes it. */
export async function confirmWith(t: TerminalSession, question: string, key: "y" | "n"): Promise<void> {
  await waitForPrompt(t, question);
  t.press(key);
  await until(t, (s) => /^\((Y\/n|y\/N)\) /.test(inputOf(s) ?? "") && inputOf(s)!.endsWith(` ${key}`), `the answer "${key}"`);
  t.press(KEY.enter);
}

/** Picks a point on a rating scale by its digit. */
export async function rate(t: TerminalSession, question: string, n: number): Promise<void> {
  await waitForPrompt(t, question);
  t.press(String(n));
  await until(t, (s) => activePrompt(s)?.includes(`[${n}]`) ?? false, `the point [${n}]`);
  t.press(KEY.enter);
}

/** Answers restore-trust's first step ("Be prepared"): read the timeline?, what we know (longtext), trust before. */
export async function answerPrepare(t: TerminalSession, a: { reviewed: "y" | "n"; known: string; trust: number }): Promise<void> {
  await confirmWith(t, "Have you read the full timeline", a.reviewed);
  await waitForPrompt(t, "What do we know for sure");
  await typeLong(t, a.known);
  await rate(t, "How much does Acme trust us right now?", a.trust);
}

/** Waits for the CLI to exit and gives its exit code and what it left on the normal screen (scrollback too). */
export async function finish(t: TerminalSession): Promise<{ code: number; normal: string; buffer: "normal" | "alternate" }> {
  const code = await t.exited;
  return { code, normal: await t.normalScreen(), buffer: await t.bufferType() };
}

/** From a new restore-trust call, nobody named on it: past its first step (^K) to the list of facts as the client saw them. */
export async function toTheFactsList(t: TerminalSession): Promise<void> {
  await answerAttendees(t);
  await waitForPrompt(t, "Have you read the full timeline");
  t.press(KEY.ctrlK);
  await waitForPrompt(t, "What happened, as Acme saw it?");
}

/** From the first step of restore-trust, ^K through the steps to its commitments step, at its first question ("What is the fix"). */
export async function skipToTheFix(t: TerminalSession): Promise<void> {
  for (const title of ["2. Get the facts", "3. Show empathy", "4. We have it covered", "5. Discuss the facts", "6. Frame the problem", "7. Handle the feelings", "8. Handle the problem"]) {
    t.press(KEY.ctrlK);
    await see(t, title);
  }
  await waitForPrompt(t, "What is the fix, in plain words?");
}
