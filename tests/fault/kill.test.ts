import Database from "better-sqlite3";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { snapshotPlaybook } from "../../src/commands/snapshot.js";
import { fillTemplate, templateValues } from "../../src/playbook/template.js";
import { nextPosition } from "../../src/session/engine.js";
import type { SessionEvent, TimedEvent } from "../../src/session/model.js";
import { replay } from "../../src/session/state.js";
import { openStore } from "../../src/store/index.js";
import { KEY, TerminalSession } from "../helpers/pty.js";
import { START_FLAGS, cli, cliEnv, inBatches, nonEmpty, seeded, spawnCli, tempDirs, writeAnswers } from "./helpers.js";

/**
 * `trust start --answers` SIGKILLed at random moments: while node starts, while the database is
 * created and migrated, and between (or during) the commits of a session's answers. After every
 * kill the file must be intact, hold a prefix of the session's timeline (never half a
 * transaction: an answer without its commitments, say), and an unfinished session must be one
 * that `trust resume` continues at a prompt that was really left unanswered.
 */

const tempDir = tempDirs("trust-fault-kill-");
const RUNS = 60;
const PARALLEL = 4;

type Plain = SessionEvent;
let expected: Plain[];
let answersFile: string;
let fullRunMs: number;

/** An event without its place and time, and without the ids the store gives new commitments (random each run). */
const plain = ({ seq: _seq, at: _at, ...rest }: TimedEvent): Plain => {
  if (rest.type !== "answered" || !Array.isArray(rest.value)) return rest as Plain;
  const value = (rest.value as unknown[]).map((v) => (typeof v === "object" && v !== null ? (({ id: _id, ...item }) => item)(v as { id?: string }) : v));
  return { ...rest, value } as Plain;
};

function startArgs(db: string): string[] {
  return ["start", "--answers", answersFile, ...START_FLAGS, "--db", db];
}

beforeAll(async () => {
  const dir = tempDir();
  answersFile = writeAnswers(dir);
  const db = join(dir, "reference.db");
  const run = await cli(startArgs(db));
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  fullRunMs = run.ms;
  const store = openStore(db, { readonly: true });
  const [session] = store.listSessions();
  expected = store.events(session!.id).map(plain);
  store.close();
  // The timeline is long enough for kills to land between commits.
  expect(expected.length).toBeGreaterThan(30);
});

interface Outcome {
  kind: "no file" | "no session" | "partial" | "completed";
  /** An unfinished session, for the resume check. */
  sessionId?: string;
  db: string;
}

/** Everything that must hold after a kill; returns what the kill left. */
function checkAfterKill(db: string): Outcome {
  if (!nonEmpty(db)) return { kind: "no file", db };
  const raw = new Database(db);
  expect(raw.pragma("integrity_check", { simple: true })).toBe("ok");
  raw.close();

  const store = openStore(db);
  try {
    const sessions = store.listSessions({ includeRehearsals: true });
    expect(sessions.length).toBeLessThanOrEqual(1);
    const session = sessions[0];
    if (!session) return { kind: "no session", db };

    const events = store.events(session.id).map(plain);
    expect(events).toEqual(expected.slice(0, events.length));

    // The commitments were written in the same transaction as the answer that holds them.
    const actionsAnswer = events.find((e) => e.type === "answered" && e.prompt === "actions");
    const actions = store.listActions({ sessionId: session.id, includeSuperseded: true });
    expect(actions).toHaveLength(actionsAnswer && actionsAnswer.type === "answered" && Array.isArray(actionsAnswer.value) ? actionsAnswer.value.length : 0);

    const completed = events.at(-1)?.type === "completed";
    expect(session.status).toBe(completed ? "completed" : "in_progress");
    if (completed) return { kind: "completed", db };

    // What resume would do: continue at a prompt the killed run had not saved yet, or (when only
    // the final `completed` was missing) finish the session at once.
    const playbook = snapshotPlaybook(session);
    const position = nextPosition(playbook, replay(store.events(session.id)), session);
    const saved = new Set(events.flatMap((e) => ("prompt" in e && e.prompt ? [e.prompt] : [])));
    const pending = expected.slice(events.length).flatMap((e) => ("prompt" in e && e.prompt && !saved.has(e.prompt) ? [e.prompt] : []));
    if (pending.length === 0) expect(position).toBeNull();
    else expect(pending).toContain(position?.prompt?.id);
    return { kind: "partial", sessionId: session.id, db };
  } finally {
    store.close();
  }
}

/** Kills after `delayMs`, wherever the run is by then (starting node, migrating, writing). */
async function killAfter(db: string, delayMs: number): Promise<void> {
  const { child, exited } = spawnCli(startArgs(db));
  const timer = setTimeout(() => child.kill("SIGKILL"), delayMs);
  await exited;
  clearTimeout(timer);
}

/** Kills as soon as another connection sees `events` rows committed: always in the middle of the writes. */
async function killAtEvent(db: string, events: number): Promise<void> {
  openStore(db).close();
  const watcher = new Database(db, { readonly: true });
  const count = watcher.prepare("SELECT count(*) AS n FROM events").pluck();
  const { child, exited } = spawnCli(startArgs(db));
  const poll = setInterval(() => {
    if ((count.get() as number) >= events) child.kill("SIGKILL");
  }, 1);
  await exited;
  clearInterval(poll);
  watcher.close();
}

describe("a scripted session killed with SIGKILL at random moments", () => {
  const outcomes: Outcome[] = [];

  it(`keeps the file intact and a clean prefix of the timeline, ${RUNS} times`, { timeout: 120_000 }, async () => {
    const random = seeded(0x7e57);
    const plans = Array.from({ length: RUNS }, (_, i) =>
      i % 2 === 0
        ? { by: "time" as const, delayMs: Math.round(random() * fullRunMs * 1.1) }
        : { by: "event" as const, events: 1 + Math.floor(random() * (expected.length - 1)) },
    );
    const dir = tempDir();
    const results = await inBatches(RUNS, PARALLEL, async (i) => {
      const db = join(dir, `run-${i}.db`);
      const plan = plans[i]!;
      if (plan.by === "time") await killAfter(db, plan.delayMs);
      else await killAtEvent(db, plan.events);
      return checkAfterKill(db);
    });
    outcomes.push(...results);
    // The event-triggered half always lands inside the writes, so these runs test something.
    expect(results.filter((r) => r.kind === "partial").length).toBeGreaterThanOrEqual(RUNS / 4);
  });

  it("leaves unfinished sessions that `trust resume` continues at their first open prompt", { timeout: 90_000 }, async () => {
    const partial = outcomes.filter((o) => o.kind === "partial").slice(0, 3);
    expect(partial.length).toBeGreaterThan(0);
    for (const { db, sessionId } of partial) {
      const store = openStore(db, { readonly: true });
      const session = store.getSession(sessionId!)!;
      const position = nextPosition(snapshotPlaybook(session), replay(store.events(session.id)), session);
      const before = store.events(session.id).length;
      store.close();
      if (!position?.prompt) continue;

      const term = new TerminalSession(["resume", sessionId!.slice(0, 8), "--db", db], cliEnv());
      try {
        const message = fillTemplate(position.prompt.message, templateValues(session));
        await term.waitFor(message.slice(0, 40), 30_000);
        term.press(KEY.ctrlC);
        expect(await term.exited).toBe(130);
      } finally {
        term.kill();
      }
      const after = openStore(db, { readonly: true });
      const types = after.events(session.id).slice(before).map((e) => e.type);
      after.close();
      expect(types[0]).toBe("resumed");
      expect(types.at(-1)).toBe("paused");
    }
  });

  it("a killed run never stops the next one: `trust start` on each killed file succeeds", { timeout: 90_000 }, async () => {
    const sample = outcomes.filter((o) => o.kind !== "completed").slice(0, 4);
    for (const { db } of sample) {
      const run = await cli(startArgs(db));
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
    }
  });
});
