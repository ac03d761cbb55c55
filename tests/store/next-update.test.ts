import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { replay } from "../../src/session/state.js";
import { openStore, type Store } from "../../src/store/index.js";
import { newSession, useTempDir } from "./helpers.js";

/**
 * The day of the next update (the date prompt marked `letter: next`) becomes a commitment of the
 * session owner when it is answered, in the transaction of the answer.
 */

const SOURCE = `id: demo
title: Demo
version: 1
description: For tests.
steps:
  - id: close
    title: Close
    prompts:
      - { id: next_update, type: date, message: When is the next update?, letter: next }
      - { id: review_date, type: date, message: When is the review? }
`;

const tempDir = useTempDir();
let store: Store;

beforeEach(() => {
  store = openStore(join(tempDir(), "trust.db"));
});
afterEach(() => store.close());

const answer = (id: string, prompt: string, value: string, at: number) => store.append(id, { type: "answered", step: "close", prompt, value }, at);
const held = (id: string) =>
  store.listActions({ sessionId: id, includeSuperseded: true }).map((a) => [a.prompt, a.what, a.owner, a.due, a.status]);

describe("the next update as a commitment", () => {
  it("is the owner's, due on the day answered, and only for the prompt marked letter: next", () => {
    const s = store.createSession(newSession({ source: SOURCE }));
    answer(s.id, "review_date", "2026-11-20", 1_000);
    answer(s.id, "next_update", "2026-11-16", 2_000);
    expect(held(s.id)).toEqual([["next_update", "Next update to Acme, news or not", "Ann", "2026-11-16", "open"]]);
  });

  it("moves with a changed answer, keeping its id; a skipped answer drops it; a new answer tracks it again", () => {
    const s = store.createSession(newSession({ source: SOURCE }));
    answer(s.id, "next_update", "2026-11-16", 1_000);
    const [first] = store.listActions({ sessionId: s.id });
    answer(s.id, "next_update", "2026-11-18", 2_000);
    expect(store.listActions({ sessionId: s.id }).map((a) => [a.id, a.due])).toEqual([[first!.id, "2026-11-18"]]);
    store.append(s.id, { type: "skipped", step: "close", prompt: "next_update" }, 3_000);
    expect(held(s.id).map((a) => a.at(-1))).toEqual(["superseded"]);
    answer(s.id, "next_update", "2026-11-19", 4_000);
    expect(held(s.id).filter((a) => a[4] === "open").map((a) => a[3])).toEqual(["2026-11-19"]);
  });

  it("once done, stays done; a later day is a new commitment, the same day is not", () => {
    const s = store.createSession(newSession({ source: SOURCE }));
    answer(s.id, "next_update", "2026-11-16", 1_000);
    const [first] = store.listActions({ sessionId: s.id });
    store.changeAction(first!.id, { kind: "done", note: "sent" }, 2_000);
    answer(s.id, "next_update", "2026-11-16", 3_000);
    expect(held(s.id).map((a) => [a[3], a[4]])).toEqual([["2026-11-16", "done"]]);
    answer(s.id, "next_update", "2026-11-23", 4_000);
    expect(held(s.id).map((a) => [a[3], a[4]])).toEqual([["2026-11-16", "done"], ["2026-11-23", "open"]]);
  });

  it("is nothing in a session whose playbook marks no next update", () => {
    const s = store.createSession(newSession({ source: SOURCE.replace(", letter: next", "") }));
    answer(s.id, "next_update", "2026-11-16", 1_000);
    expect(held(s.id)).toEqual([]);
  });

  it("a recorded letter leaves the call clock alone", () => {
    const s = store.createSession(newSession({ source: SOURCE }));
    store.append(s.id, { type: "step_started", step: "close" }, 1_000);
    store.append(s.id, { type: "completed" }, 61_000);
    store.append(s.id, { type: "letter", format: "md", text: "Dear Priya,", sha256: "a".repeat(64) }, 3_600_000);
    const state = replay(store.events(s.id));
    expect(state.activeMs).toBe(60_000);
    expect(state.lastCallAt).toBe(61_000);
  });
});
