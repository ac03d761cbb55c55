import { describe, expect, it } from "vitest";
import { advance, nextQuestion, partial, startCursor, type Cursor, type Question } from "../../src/session/flow.js";
import type { SessionEvent } from "../../src/session/model.js";
import type { Outcome } from "../../src/session/outcome.js";
import { replay } from "../../src/session/state.js";
import { answered, skippedStep, started, timeline, wentBack } from "./events.js";
import { smallPlaybook as pb } from "./fixtures.js";

const low = { severity: "low" as const };

function stateOf(...events: SessionEvent[]) {
  return replay(timeline(...events.map((e, i): [number, SessionEvent] => [i, e])));
}

/** "step/prompt" (or "step/-" for a step to acknowledge) with its flags, or "done". */
function show(q: Question | null): string {
  if (!q) return "done";
  const flags = [q.entering && "entering", q.revisiting && "revisiting", q.unfinished && "unfinished"].filter(Boolean);
  return `${q.step.id}/${q.prompt?.id ?? "-"}${flags.length ? ` (${flags.join(", ")})` : ""}`;
}

const answer = (value: unknown): Outcome => ({ kind: "answer", value: value as never });

describe("nextQuestion", () => {
  it.each<[string, SessionEvent[], Cursor, string]>([
    ["a new session starts at the first prompt", [], {}, "prepare/reviewed (entering)"],
    ["the step on screen is not entered again", [started("prepare")], { shown: "prepare" }, "prepare/reviewed"],
    ["goes on after the answered prompts", [started("prepare"), answered("prepare", "reviewed", true)], { shown: "prepare" }, "prepare/trust_before"],
    ["a step with no prompts is acknowledged", [answered("prepare", "reviewed", true), answered("prepare", "trust_before", 8)], { shown: "prepare" }, "listen/- (entering)"],
    ["a revisited step asks its prompts again, answered or not", [answered("prepare", "reviewed", true), answered("prepare", "trust_before", 8)], { shown: "listen", revisit: { step: "prepare", asked: [] } }, "prepare/reviewed (entering, revisiting)"],
    ["a revisit goes on past what it asked", [answered("prepare", "reviewed", true)], { shown: "prepare", revisit: { step: "prepare", asked: ["reviewed"] } }, "prepare/trust_before (revisiting)"],
    ["a revisit ends when all its prompts were asked", [answered("prepare", "reviewed", true), answered("prepare", "trust_before", 8)], { shown: "prepare", revisit: { step: "prepare", asked: ["reviewed", "trust_before"] } }, "listen/- (entering)"],
    ["an unfinished list comes first", [answered("commit", "actions", [{ what: "a", owner: "b", due: "2026-03-20" }])], { unfinished: { step: "commit", prompt: "actions" } }, "commit/actions (entering, unfinished)"],
    ["a skipped step is passed over", [skippedStep("prepare"), started("listen")], { shown: "listen" }, "commit/actions (entering)"],
  ])("%s", (_name, events, cursor, expected) => {
    expect(show(nextQuestion(pb, stateOf(...events), low, cursor))).toBe(expected);
  });

  it("is done when every shown prompt is answered and every step was seen", () => {
    const state = stateOf(
      answered("prepare", "reviewed", true),
      answered("prepare", "trust_before", 8),
      started("listen"),
      answered("commit", "actions", [{ what: "a", owner: "b", due: "2026-03-20" }]),
      answered("commit", "trust_after", 9),
    );
    expect(nextQuestion(pb, state, low, {})).toBeNull();
  });
});

describe("advance", () => {
  const state = stateOf(started("prepare"));
  const q = (cursor: Cursor) => nextQuestion(pb, state, low, cursor)!;

  it.each<[string, Cursor, Outcome, string | undefined, { events: SessionEvent[]; cursor: Cursor; say?: string }]>([
    [
      "an answer is recorded",
      { shown: "prepare" },
      answer(false),
      undefined,
      { events: [{ type: "answered", step: "prepare", prompt: "reviewed", value: false }], cursor: { shown: "prepare" } },
    ],
    [
      "an answer during a revisit is marked asked",
      { shown: "prepare", revisit: { step: "prepare", asked: [] } },
      answer(true),
      undefined,
      { events: [{ type: "answered", step: "prepare", prompt: "reviewed", value: true }], cursor: { shown: "prepare", revisit: { step: "prepare", asked: ["reviewed"] } } },
    ],
    [
      "a skip is recorded and marked asked",
      { shown: "prepare", revisit: { step: "prepare", asked: [] } },
      { kind: "skip" },
      undefined,
      { events: [{ type: "skipped", step: "prepare", prompt: "reviewed" }], cursor: { shown: "prepare", revisit: { step: "prepare", asked: ["reviewed"] } }, say: "↷ Skipped: Read the timeline?" },
    ],
    [
      "^K on a revisited step with no answers skips it",
      { shown: "prepare", revisit: { step: "prepare", asked: [] } },
      { kind: "skip-step" },
      undefined,
      { events: [{ type: "skipped", step: "prepare" }], cursor: { shown: "prepare" }, say: "↷ Skipped “Prepare”." },
    ],
    [
      "^K on a step not revisited skips it",
      { shown: "prepare" },
      { kind: "skip-step" },
      undefined,
      { events: [{ type: "skipped", step: "prepare" }], cursor: { shown: "prepare" }, say: "↷ Skipped “Prepare”." },
    ],
    [
      "back on the first step says so and moves nothing",
      { shown: "prepare" },
      { kind: "back" },
      undefined,
      { events: [], cursor: { shown: "prepare" }, say: "This is the first step." },
    ],
    [
      "a note is recorded and the cursor stays",
      { shown: "prepare", unfinished: { step: "prepare", prompt: "reviewed" } },
      { kind: "note" },
      "call back",
      { events: [{ type: "note", step: "prepare", text: "call back" }], cursor: { shown: "prepare", unfinished: { step: "prepare", prompt: "reviewed" } } },
    ],
    ["an empty note records nothing", { shown: "prepare" }, { kind: "note" }, "", { events: [], cursor: { shown: "prepare" } }],
  ])("%s", (_name, cursor, outcome, note, expected) => {
    const question = q(cursor.unfinished ? { ...cursor, unfinished: undefined } : cursor);
    expect(advance(pb, state, low, cursor, question, outcome, note)).toEqual(expected);
  });

  it("^K on a revisited step with answers keeps them", () => {
    const withAnswers = stateOf(started("prepare"), answered("prepare", "reviewed", true));
    const cursor: Cursor = { shown: "prepare", revisit: { step: "prepare", asked: [] } };
    const question = nextQuestion(pb, withAnswers, low, cursor)!;
    expect(advance(pb, withAnswers, low, cursor, question, { kind: "skip-step" })).toEqual({
      events: [{ type: "kept", step: "prepare" }],
      cursor: { shown: "prepare" },
      say: "Kept the answers of “Prepare”.",
    });
  });

  it("back from a later step reopens the one before it", () => {
    const answeredPrepare = stateOf(started("prepare"), answered("prepare", "reviewed", true), answered("prepare", "trust_before", 8));
    const atListen = nextQuestion(pb, answeredPrepare, low, { shown: "prepare" })!;
    expect(show(atListen)).toBe("listen/- (entering)");
    expect(advance(pb, answeredPrepare, low, { shown: "listen" }, atListen, { kind: "back" })).toEqual({
      events: [{ type: "went_back", step: "listen", to: "prepare" }],
      cursor: { shown: "listen", revisit: { step: "prepare", asked: [] } },
      say: "↶ Back to “Prepare”: its answers are shown, Enter keeps each.",
    });
  });

  it("^K after going back keeps the step's answers: the engine moves on past it", () => {
    const back = stateOf(started("prepare"), answered("prepare", "reviewed", true), answered("prepare", "trust_before", 8), started("listen"), wentBack("listen", "prepare"));
    // Reopened: its prompts count as open again until answered or kept.
    expect(show(nextQuestion(pb, back, low, {}))).toBe("prepare/reviewed (entering)");
    const kept = stateOf(started("prepare"), answered("prepare", "reviewed", true), answered("prepare", "trust_before", 8), started("listen"), wentBack("listen", "prepare"), { type: "kept", step: "prepare" });
    expect(show(nextQuestion(pb, kept, low, { shown: "prepare" }))).toBe("commit/actions (entering)");
    expect(kept.skippedSteps.has("prepare")).toBe(false);
  });

  it("partial marks a list as unfinished so a note in the middle returns to it", () => {
    const atActions = nextQuestion(pb, stateOf(answered("prepare", "reviewed", true), answered("prepare", "trust_before", 8), started("listen")), low, { shown: "listen" })!;
    expect(partial({ shown: "listen" }, atActions)).toEqual({ shown: "commit", unfinished: { step: "commit", prompt: "actions" } });
  });
});

describe("startCursor", () => {
  it("starts a --from-step run on that step, and refuses a step not shown", () => {
    const state = stateOf(answered("prepare", "trust_before", 8));
    expect(startCursor(pb, state, low, [], "prepare")).toEqual({ revisit: { step: "prepare", asked: [] } });
    expect(() => startCursor(pb, state, low, [], "problem")).toThrow(/not part of this session/);
  });

  it("finds a list left unfinished: its latest save is a partial one", () => {
    const item = (what: string) => ({ what, owner: "Dana", due: "2026-03-20" });
    const partialSave = (items: ReturnType<typeof item>[]): SessionEvent => ({ type: "answered", step: "commit", prompt: "actions", value: items, partial: true });
    const events = timeline([0, partialSave([item("a")])], [1, partialSave([item("a"), item("b")])], [2, { type: "note", step: "commit", text: "n" }]);
    expect(startCursor(pb, replay(events), low, events)).toEqual({ unfinished: { step: "commit", prompt: "actions" } });
    // Finished (saved whole), or saved whole by an answers file: nothing to go on with.
    const finished = timeline([0, partialSave([item("a")])], [1, answered("commit", "actions", [item("a")])]);
    expect(startCursor(pb, replay(finished), low, finished)).toEqual({});
    const fromFile = timeline([0, answered("commit", "actions", [item("a"), item("b")])]);
    expect(startCursor(pb, replay(fromFile), low, fromFile)).toEqual({});
  });
});

describe("^X on a question asked again", () => {
  it("keeps its answer, confirmed again, instead of recording a skip", () => {
    const state = stateOf(started("prepare"), answered("prepare", "reviewed", true));
    const cursor: Cursor = { shown: "prepare", revisit: { step: "prepare", asked: [] } };
    const question = nextQuestion(pb, state, low, cursor)!;
    expect(advance(pb, state, low, cursor, question, { kind: "skip" })).toEqual({
      events: [{ type: "answered", step: "prepare", prompt: "reviewed", value: true }],
      cursor: { shown: "prepare", revisit: { step: "prepare", asked: ["reviewed"] } },
      say: "Kept the answer to: Read the timeline?",
    });
  });
});
