import Database from "better-sqlite3";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionEvent, TimedEvent } from "../../src/session/model.js";
import { openStore } from "../../src/store/index.js";
import { START_FLAGS, cli, inBatches, nonEmpty, seeded, spawnCli, tempDirs, writeAnswers } from "./helpers.js";
import { rounds } from "../helpers/node-line.js";

/**
 * `trust start --answers` SIGKILLed at random moments: while node starts, while the database is
 * created and migrated, and while the session is written. A file run is one transaction: after
 * every kill the file is intact and holds either no session or the whole of it, never a half
 * session that reports would count and `trust resume` would pick up.
 */

const tempDir = tempDirs("trust-fault-kill-");
const RUNS = rounds(60, 15);
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
  kind: "no file" | "no session" | "completed";
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
    expect(actions.filter((a) => a.prompt === "actions")).toHaveLength(
      actionsAnswer && actionsAnswer.type === "answered" && Array.isArray(actionsAnswer.value) ? actionsAnswer.value.length : 0,
    );
    // And the day of the next update, a commitment of its own, with the answer that gave it.
    const nextUpdate = events.some((e) => e.type === "answered" && e.prompt === "next_update");
    expect(actions.filter((a) => a.prompt === "next_update")).toHaveLength(nextUpdate ? 1 : 0);

    // All or nothing: a session in the file is the whole run.
    expect(events).toHaveLength(expected.length);
    expect(session.status).toBe("completed");
    return { kind: "completed", db };
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

describe("a scripted session killed with SIGKILL at random moments", () => {
  const outcomes: Outcome[] = [];

  it(`keeps the file intact and either no session or the whole of it, ${RUNS} times`, { timeout: 120_000 }, async () => {
    const random = seeded(0x7e57);
    // Spread over the whole run, a little past it: some land before the file exists, some while
    // the session's transaction is being written, some after it committed.
    const delays = Array.from({ length: RUNS }, () => Math.round(random() * fullRunMs * 1.1));
    const dir = tempDir();
    const results = await inBatches(RUNS, PARALLEL, async (i) => {
      const db = join(dir, `run-${i}.db`);
      await killAfter(db, delays[i]!);
      return checkAfterKill(db);
    });
    outcomes.push(...results);
  });

  it("leaves nothing for `trust resume` to continue", () => {
    for (const { db } of outcomes.filter((o) => o.kind !== "no file")) {
      const store = openStore(db, { readonly: true });
      try {
        expect(store.latestUnfinished()).toBeUndefined();
      } finally {
        store.close();
      }
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
