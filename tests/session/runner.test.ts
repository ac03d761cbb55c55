import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InterruptedError } from "../../src/errors.js";
import type { Prompt } from "../../src/playbook/schema.js";
import type { Outcome } from "../../src/session/outcome.js";
import type { AnswerValue, SessionRecord } from "../../src/session/model.js";
import { runSession, type RunnerIo } from "../../src/session/runner.js";
import { openStore, type Store } from "../../src/store/index.js";
import { smallPlaybook } from "./fixtures.js";

type Reply = Outcome | "ack" | "interrupt";
interface Asked {
  prompt: string;
  current?: AnswerValue;
}

/**
 * The runner's screen replaced by a queue of replies: each ask takes the next one, and a
 * question the test did not expect (or one asked after the queue ran dry) fails the test.
 */
function queueIo(replies: Array<[string, Reply]>, notes: string[] = []) {
  const asked: Asked[] = [];
  const steps: string[] = [];
  const said: string[] = [];
  const next = (what: string): Reply => {
    const r = replies.shift();
    if (!r) throw new Error(`unexpected question ${what}: no reply queued`);
    if (r[0] !== what) throw new Error(`expected to be asked ${r[0]}, was asked ${what}`);
    if (r[1] === "interrupt") throw new InterruptedError();
    return r[1];
  };
  const io: RunnerIo = {
    showStep: (v) => steps.push(v.title),
    ask: async (p: Prompt, ctx) => {
      asked.push({ prompt: p.id, current: ctx.current });
      return next(p.id) as Outcome;
    },
    acknowledge: async () => {
      const r = next("(continue)");
      return r === "ack" ? { kind: "answer", value: true } : (r as Outcome);
    },
    askNote: async () => notes.shift() ?? "",
    say: (line) => said.push(line),
  };
  return { io, asked, steps, said, remaining: replies };
}

const answer = (value: AnswerValue): Outcome => ({ kind: "answer", value });

describe("runSession (real store, queued answers)", () => {
  let dir: string;
  let store: Store;
  let session: SessionRecord;
  let t = Date.parse("2026-11-25T10:00:00Z");
  const clock = () => (t += 1000);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "trust-runner-"));
    store = openStore(join(dir, "t.db"));
    session = store.createSession({
      info: { client: "Acme", incident: "Outage", severity: "low", owner: "Dana", attendees: [], contacts: [], rehearsal: false },
      playbookId: smallPlaybook.id,
      playbookVersion: 1,
      playbookSource: "(test)",
      at: clock(),
    });
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("walks every visible step in order, saves each answer, and completes", async () => {
    const q = queueIo([
      ["reviewed", answer(true)],
      ["trust_before", answer(3)],
      ["(continue)", "ack"],
      ["topics", answer(["outage"])],
      ["actions", answer([{ what: "Fix it", owner: "Dana", due: "2026-12-01" }])],
      ["trust_after", answer(6)],
    ]);
    const state = await runSession({ log: store, session, playbook: smallPlaybook, io: q.io, clock });
    expect(q.remaining).toEqual([]);
    expect(q.steps).toEqual(["Prepare", "Listen", "The problem", "Commit"]);
    expect(state.completed).toBe(true);
    expect(store.getSession(session.id)?.status).toBe("completed");
    const types = store.events(session.id).map((e) => e.type);
    expect(types.filter((x) => x === "answered")).toHaveLength(5);
    expect(types.at(-1)).toBe("completed");
    expect(store.listActions({ sessionId: session.id }).map((a) => a.what)).toEqual(["Fix it"]);
  });

  it("hides a step whose condition fails on an earlier answer", async () => {
    const q = queueIo([
      ["reviewed", answer(true)],
      ["trust_before", answer(9)],
      ["(continue)", "ack"],
      ["actions", { kind: "skip" }],
      ["trust_after", answer(9)],
    ]);
    await runSession({ log: store, session, playbook: smallPlaybook, io: q.io, clock });
    expect(q.steps).not.toContain("The problem");
    expect(store.events(session.id).some((e) => e.type === "skipped" && e.prompt === "actions")).toBe(true);
  });

  it("records a note and asks the same question again", async () => {
    const q = queueIo(
      [
        ["reviewed", { kind: "note" }],
        ["reviewed", answer(true)],
        ["trust_before", "interrupt"],
      ],
      ["They asked for a written timeline"],
    );
    await expect(runSession({ log: store, session, playbook: smallPlaybook, io: q.io, clock })).rejects.toThrow(InterruptedError);
    const notes = store.events(session.id).filter((e) => e.type === "note");
    expect(notes).toMatchObject([{ step: "prepare", text: "They asked for a written timeline" }]);
  });

  it("on Ctrl-C keeps every confirmed answer, appends paused, and says how to resume", async () => {
    const q = queueIo([
      ["reviewed", answer(true)],
      ["trust_before", "interrupt"],
    ]);
    const err = await runSession({ log: store, session, playbook: smallPlaybook, io: q.io, clock }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InterruptedError);
    expect((err as InterruptedError).hint).toBe(`continue it with: trust resume ${session.id.slice(0, 8)}`);
    const events = store.events(session.id);
    expect(events.map((e) => e.type)).toEqual(["step_started", "answered", "paused"]);
    expect(store.getSession(session.id)?.status).toBe("in_progress");

    // A second run (resume) starts at the first unanswered prompt.
    const again = queueIo([["trust_before", "interrupt"]]);
    await expect(runSession({ log: store, session, playbook: smallPlaybook, io: again.io, clock })).rejects.toThrow(InterruptedError);
    expect(again.asked.map((a) => a.prompt)).toEqual(["trust_before"]);
  });

  it("goes back a step, offers the old answers as defaults, and keeps both in the timeline", async () => {
    const q = queueIo([
      ["reviewed", answer(true)],
      ["trust_before", answer(3)],
      ["(continue)", "ack"],
      ["topics", { kind: "back" }],
      ["(continue)", { kind: "back" }],
      ["reviewed", answer(false)],
      ["trust_before", answer(8)],
      // trust_before 8 hides "The problem"; the run goes on at the first open prompt.
      ["actions", answer([{ what: "Call back", owner: "Dana", due: "2026-12-01" }])],
      ["trust_after", "interrupt"],
    ]);
    await expect(runSession({ log: store, session, playbook: smallPlaybook, io: q.io, clock })).rejects.toThrow(InterruptedError);
    expect(q.asked.find((a, i) => a.prompt === "reviewed" && i > 0)?.current).toBe(true);
    expect(q.asked.filter((a) => a.prompt === "trust_before").map((a) => a.current)).toEqual([undefined, 3]);
    const events = store.events(session.id);
    expect(events.filter((e) => e.type === "went_back")).toHaveLength(2);
    const reviewed = events.filter((e) => e.type === "answered" && e.prompt === "reviewed");
    expect(reviewed.map((e) => (e.type === "answered" ? e.value : null))).toEqual([true, false]);
  });

  it("skips a whole step", async () => {
    const q = queueIo([
      ["reviewed", { kind: "skip-step" }],
      ["(continue)", "ack"],
      // trust_before was never answered, so "The problem" (trust_before <= 4) is not shown.
      ["actions", "interrupt"],
    ]);
    await expect(runSession({ log: store, session, playbook: smallPlaybook, io: q.io, clock })).rejects.toThrow(InterruptedError);
    expect(store.events(session.id).some((e) => e.type === "skipped" && e.step === "prepare" && e.prompt === undefined)).toBe(true);
  });

  it("reopens a chosen step first with fromStep, then goes on", async () => {
    const first = queueIo([
      ["reviewed", answer(true)],
      ["trust_before", answer(3)],
      ["(continue)", "ack"],
      ["topics", "interrupt"],
    ]);
    await runSession({ log: store, session, playbook: smallPlaybook, io: first.io, clock }).catch(() => undefined);
    const again = queueIo([
      ["reviewed", answer(true)],
      ["trust_before", answer(2)],
      ["topics", "interrupt"],
    ]);
    await runSession({ log: store, session, playbook: smallPlaybook, io: again.io, clock, fromStep: "prepare" }).catch(() => undefined);
    expect(again.remaining).toEqual([]);
    expect(again.asked[1]?.current).toBe(3);
  });

  it("saves the entries of a list or actions prompt as they are typed", async () => {
    const q = queueIo([
      ["reviewed", answer(true)],
      ["trust_before", answer(9)],
      ["(continue)", "ack"],
    ]);
    const io: RunnerIo = {
      ...q.io,
      ask: async (p, ctx) => {
        if (p.id !== "actions") return q.io.ask(p, ctx);
        ctx.onPartial([{ what: "First", owner: "Dana", due: "2026-12-01" }]);
        throw new InterruptedError();
      },
    };
    await runSession({ log: store, session, playbook: smallPlaybook, io, clock }).catch(() => undefined);
    expect(store.listActions({ sessionId: session.id }).map((a) => a.what)).toEqual(["First"]);
  });
});
