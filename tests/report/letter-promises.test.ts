import { describe, expect, it } from "vitest";
import { promisesSinceLetter, type LetterScope } from "../../src/report/letter-promises.js";
import type { SessionEvent } from "../../src/session/model.js";
import type { ActionRecord, TimedEvent } from "../../src/session/records.js";

/** The rules on their own: which promises of the last recorded letter are said to be broken or moved. */

const A = "a".repeat(32);
const B = "b".repeat(32);
const N = "c".repeat(32);
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 2, 9);

function timeline(...events: SessionEvent[]): TimedEvent[] {
  return events.map((e, i) => ({ ...e, seq: i + 1, at: T0 + i * DAY }) as TimedEvent);
}
const letter: SessionEvent = { type: "letter", format: "md", text: "Dear Priya", sha256: "0".repeat(64) };
const answered = (items: Array<{ id: string; what: string; due: string }>, prompt = "actions"): SessionEvent => ({
  type: "answered",
  step: "handle",
  prompt,
  value: items.map((i) => ({ ...i, owner: "Dana" })),
});

function action(id: string, fields: Partial<ActionRecord> = {}): ActionRecord {
  return {
    id,
    sessionId: "s".repeat(32),
    prompt: "actions",
    position: 0,
    what: `thing ${id[0]}`,
    owner: "Dana",
    due: "2026-11-10",
    status: "open",
    createdAt: T0,
    doneAt: null,
    doneNote: null,
    cancelledAt: null,
    cancelReason: null,
    ...fields,
  };
}

const ALL: LetterScope = { listed: () => true, nextPrompt: "next_update" };
const first = [answered([{ id: A, what: "thing a", due: "2026-11-10" }, { id: B, what: "thing b", due: "2026-11-12" }])];

describe("promisesSinceLetter", () => {
  it("says nothing without a recorded letter, or when nothing changed since", () => {
    expect(promisesSinceLetter(timeline(...first), [action(A), action(B, { due: "2026-11-12" })], ALL)).toEqual([]);
    expect(promisesSinceLetter(timeline(...first, letter), [action(A), action(B, { due: "2026-11-12" })], ALL)).toEqual([]);
  });

  it("a promise dropped from the answer after the letter (the answer changed on a resumed call)", () => {
    const events = timeline(...first, letter, answered([{ id: A, what: "thing a", due: "2026-11-10" }]));
    const [warning, ...rest] = promisesSinceLetter(events, [action(A), action(B, { due: "2026-11-12", status: "superseded" })], ALL);
    expect(rest).toEqual([]);
    expect(warning).toBe('the letter recorded on 2026-11-03 promised "thing b" by 2026-11-12, and it has since been dropped from the answer on the call: this letter leaves it out, so tell them why with --edit before you send this');
  });

  it("a day moved earlier, or a promise done since, is no broken promise", () => {
    const events = timeline(...first, letter, { type: "action_edited", action: A, due: "2026-11-08" }, { type: "action_done", action: B });
    expect(promisesSinceLetter(events, [action(A, { due: "2026-11-08" }), action(B, { due: "2026-11-12", status: "done" })], ALL)).toEqual([]);
  });

  it("a commitment the letter said was done, reopened since", () => {
    const events = timeline(...first, { type: "action_done", action: B }, letter, { type: "action_reopened", action: B, note: "the fix did not hold" });
    expect(promisesSinceLetter(events, [action(A), action(B, { due: "2026-11-12" })], ALL)).toEqual([
      'the letter recorded on 2026-11-04 said "thing b" was done, and it has since been reopened: say what is still to do, and by when, with --edit before you send this',
    ]);
    // Done and still done: nothing.
    expect(promisesSinceLetter(events.slice(0, -1), [action(A), action(B, { status: "done" })], ALL)).toEqual([]);
  });

  it("compares with the letter as it stood: a change made before it was in it", () => {
    const events = timeline(...first, { type: "action_edited", action: A, due: "2026-11-20" }, { type: "action_cancelled", action: B, reason: "not needed" }, letter);
    expect(promisesSinceLetter(events, [action(A, { due: "2026-11-20" }), action(B, { status: "cancelled", cancelReason: "not needed" })], ALL)).toEqual([]);
    // Reopened and cancelled again after the letter: it was not in it, so still nothing to say.
    const again = timeline(...first, { type: "action_cancelled", action: B, reason: "not needed" }, letter, { type: "action_reopened", action: B }, { type: "action_cancelled", action: B, reason: "x" });
    expect(promisesSinceLetter(again, [action(A), action(B, { status: "cancelled", cancelReason: "x" })], ALL)).toEqual([]);
  });

  it("only the prompts the letter lists, and the last letter of several", () => {
    const events = timeline(...first, letter, { type: "action_edited", action: A, due: "2026-11-30" });
    const now = [action(A, { due: "2026-11-30" }), action(B, { due: "2026-11-12" })];
    expect(promisesSinceLetter(events, now, { listed: (p) => p !== "actions", nextPrompt: undefined })).toEqual([]);
    expect(promisesSinceLetter([...events, { ...letter, seq: 9, at: T0 + 9 * DAY } as TimedEvent], now, ALL)).toEqual([]);
    expect(promisesSinceLetter(events, now, ALL)).toHaveLength(1);
  });

  it("the next update: its day as last answered or edited before the letter, a later answer or edit after it moving it", () => {
    const nextAnswer = (due: string): SessionEvent => ({ type: "answered", step: "close", prompt: "next_update", value: due });
    const tracked = action(N, { prompt: "next_update", what: "Next update to Acme, news or not", due: "2026-11-19" });
    // Edited to the 9th before the letter: the letter said the 9th.
    const edited = timeline(nextAnswer("2026-11-06"), { type: "action_edited", action: N, due: "2026-11-09" }, letter, nextAnswer("2026-11-19"));
    expect(promisesSinceLetter(edited, [tracked], ALL)).toEqual([
      'the letter recorded on 2026-11-04 promised "Next update to Acme, news or not" by 2026-11-09; it is now due 2026-11-19: say that the day moved, and why, with --edit before you send this',
    ]);
    // Answered again after the edit, before the letter: the answer's day.
    const answeredAgain = timeline({ type: "action_edited", action: N, due: "2026-11-09" }, nextAnswer("2026-11-07"), letter);
    expect(promisesSinceLetter(answeredAgain, [tracked], ALL)[0]).toContain("by 2026-11-07; it is now due 2026-11-19");
    // Made after the letter: never promised in it.
    expect(promisesSinceLetter(timeline(nextAnswer("2026-11-06"), letter), [{ ...tracked, createdAt: T0 + 5 * DAY }], ALL)).toEqual([]);
    // Skipped before the letter: the letter gave no day.
    expect(promisesSinceLetter(timeline(nextAnswer("2026-11-06"), { type: "skipped", step: "close", prompt: "next_update" }, letter), [tracked], ALL)).toEqual([]);
  });

  it("a later call's letter: only the commitments it carried, naming the earlier call", () => {
    const events = timeline(...first, letter, { type: "action_edited", action: A, due: "2026-11-30" }, { type: "action_cancelled", action: B, reason: "no" });
    const now = [action(A, { due: "2026-11-30" }), action(B, { due: "2026-11-12", status: "cancelled" })];
    expect(promisesSinceLetter(events, now, ALL, { only: new Set([A]), session: "e".repeat(32) })).toEqual([
      'the letter recorded on 2026-11-03 for the call of session eeeeeeee promised "thing a" by 2026-11-10; it is now due 2026-11-30: say that the day moved, and why, with --edit before you send this',
    ]);
  });
});
