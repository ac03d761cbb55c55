import { describe, expect, it } from "vitest";
import { answerOf, callElapsed, replay, stepElapsed } from "../../src/session/state.js";
import {
  T0,
  answered,
  completed,
  paused,
  resumed,
  skippedPrompt,
  skippedStep,
  started,
  timeline,
  wentBack,
} from "./events.js";

const ms = (s: number) => s * 1000;

describe("replay: answers", () => {
  it("starts empty", () => {
    const s = replay([]);
    expect(s.answers.size).toBe(0);
    expect(s.completed).toBe(false);
    expect(s.activeMs).toBe(0);
    expect(s.startedAt).toBeUndefined();
    expect(s.running).toBe(false);
  });

  it("keeps the latest answer per prompt", () => {
    const s = replay(timeline([0, answered("a", "p", 3)], [5, answered("a", "p", 4)], [6, answered("a", "q", "x")]));
    expect(s.answers.get("p")).toEqual({ kind: "answered", value: 4, at: T0 + ms(5), seq: 2 });
    expect(answerOf(s, "q")).toBe("x");
  });

  it("orders by seq, not by the order it was given", () => {
    const events = timeline([0, answered("a", "p", 1)], [1, answered("a", "p", 2)]).reverse();
    expect(answerOf(replay(events), "p")).toBe(2);
  });

  it.each([
    ["skip then answer", [skippedPrompt("a", "p"), answered("a", "p", true)], "answered"],
    ["answer then skip", [answered("a", "p", true), skippedPrompt("a", "p")], "skipped"],
  ] as const)("%s: the latest wins", (_name, events, kind) => {
    const s = replay(timeline(...events.map((e, i): [number, (typeof events)[number]] => [i, e])));
    expect(s.answers.get("p")?.kind).toBe(kind);
  });

  it("answerOf is undefined for a skipped or unknown prompt", () => {
    const s = replay(timeline([0, skippedPrompt("a", "p")]));
    expect(answerOf(s, "p")).toBeUndefined();
    expect(answerOf(s, "nope")).toBeUndefined();
  });
});

describe("replay: skipped steps and going back", () => {
  it("records a step skipped whole", () => {
    const s = replay(timeline([0, started("a")], [1, skippedStep("a")]));
    expect([...s.skippedSteps]).toEqual(["a"]);
    expect(s.answers.size).toBe(0);
  });

  it("a later answer in the step un-skips it", () => {
    const s = replay(timeline([0, skippedStep("a")], [1, answered("a", "p", "x")]));
    expect(s.skippedSteps.has("a")).toBe(false);
  });

  it("an answer in another step does not un-skip it", () => {
    const s = replay(timeline([0, skippedStep("a")], [1, answered("b", "p", "x")]));
    expect(s.skippedSteps.has("a")).toBe(true);
  });

  it("going back to the step un-skips it and marks it reopened", () => {
    const s = replay(timeline([0, skippedStep("a")], [1, started("b")], [2, wentBack("b", "a")]));
    expect(s.skippedSteps.has("a")).toBe(false);
    expect(s.reopened.get("a")).toBe(3);
    expect(s.reopened.has("b")).toBe(false);
  });

  it("tracks the latest step_started per step and the current step", () => {
    const s = replay(timeline([0, started("a")], [1, started("b")], [2, started("a")]));
    expect(s.stepStarted.get("a")).toBe(3);
    expect(s.stepStarted.get("b")).toBe(2);
    expect(s.currentStep).toBe("a");
  });
});

describe("replay: notes, completion, done actions", () => {
  it("keeps notes in order, with their step when given", () => {
    const s = replay(
      timeline([0, { type: "note", step: "a", text: "client is calm" }], [3, { type: "note", text: "call dropped once" }]),
    );
    expect(s.notes).toEqual([
      { step: "a", text: "client is calm", at: T0 },
      { text: "call dropped once", at: T0 + ms(3) },
    ]);
  });

  it("marks completion", () => {
    const s = replay(timeline([0, started("a")], [30, completed]));
    expect(s.completed).toBe(true);
    expect(s.completedAt).toBe(T0 + ms(30));
    expect(s.startedAt).toBe(T0);
    expect(s.lastAt).toBe(T0 + ms(30));
  });

  it("records done actions without counting them as call time", () => {
    const s = replay(
      timeline([0, started("a")], [60, completed], [86_400, { type: "action_done", action: "abc", note: "sent" }]),
    );
    expect(s.actionsDone.get("abc")).toEqual({ at: T0 + ms(86_400), note: "sent" });
    expect(s.activeMs).toBe(ms(60));
    expect(s.lastAt).toBe(T0 + ms(86_400));
    expect(s.lastCallAt).toBe(T0 + ms(60));
  });
});

describe("replay: call and step times", () => {
  it.each([
    {
      name: "straight through",
      events: timeline([0, started("a")], [40, started("b")], [100, completed]),
      active: 100,
      steps: { a: 40, b: 60 },
    },
    {
      name: "a pause is left out of the call and the step",
      events: timeline([0, started("a")], [10, paused], [1000, resumed], [1020, started("b")], [1050, completed]),
      active: 10 + 20 + 30,
      steps: { a: 30, b: 30 },
    },
    {
      name: "a revisited step adds up",
      events: timeline([0, started("a")], [10, started("b")], [15, wentBack("b", "a")], [15, started("a")], [20, started("b")], [30, completed]),
      active: 30,
      steps: { a: 15, b: 15 },
    },
    {
      name: "a note or answer does not stop the step clock",
      events: timeline([0, started("a")], [5, answered("a", "p", 1)], [8, { type: "note", text: "hm" }], [12, started("b")], [13, completed]),
      active: 13,
      steps: { a: 12, b: 1 },
    },
    {
      name: "unfinished: clocks run until the last event",
      events: timeline([0, started("a")], [20, started("b")], [25, answered("b", "p", "x")]),
      active: 25,
      steps: { a: 20, b: 5 },
    },
    {
      name: "paused and never resumed: nothing after the pause counts",
      events: timeline([0, started("a")], [20, paused]),
      active: 20,
      steps: { a: 20 },
    },
    {
      name: "resumed with no pause (the process was killed): the gap since the last event is left out",
      events: timeline([0, started("a")], [10, answered("a", "p", 1)], [5000, resumed], [5004, started("b")], [5010, completed]),
      active: 10 + 10,
      steps: { a: 10 + 4, b: 6 },
    },
    {
      name: "resumed then the same step started again",
      events: timeline([0, started("a")], [10, paused], [500, resumed], [501, started("a")], [511, completed]),
      active: 21,
      steps: { a: 21 },
    },
  ])("$name", ({ events, active, steps }) => {
    const s = replay(events);
    expect(s.activeMs).toBe(ms(active));
    expect(Object.fromEntries([...s.stepTimes].map(([k, v]) => [k, v.spentMs]))).toEqual(
      Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, ms(v)])),
    );
  });

  it("keeps the first start of each step", () => {
    const s = replay(timeline([0, started("a")], [10, started("b")], [20, started("a")]));
    expect(s.stepTimes.get("a")?.firstStarted).toBe(T0);
    expect(s.stepTimes.get("b")?.firstStarted).toBe(T0 + ms(10));
  });

  it("live elapsed times add the time since the last event while running", () => {
    const s = replay(timeline([0, started("a")], [30, started("b")], [40, answered("b", "p", 1)]));
    expect(s.running).toBe(true);
    expect(s.runningStep).toBe("b");
    const now = T0 + ms(100);
    expect(callElapsed(s, now)).toBe(ms(100));
    expect(stepElapsed(s, "b", now)).toBe(ms(70));
    expect(stepElapsed(s, "a", now)).toBe(ms(30));
    expect(stepElapsed(s, "never", now)).toBe(0);
  });

  it("live elapsed times stand still while paused or after completion", () => {
    const pausedState = replay(timeline([0, started("a")], [30, paused]));
    expect(pausedState.running).toBe(false);
    expect(callElapsed(pausedState, T0 + ms(500))).toBe(ms(30));
    expect(stepElapsed(pausedState, "a", T0 + ms(500))).toBe(ms(30));
    const done = replay(timeline([0, started("a")], [30, completed]));
    expect(callElapsed(done, T0 + ms(500))).toBe(ms(30));
  });
});

describe("commitments edited after the call", () => {
  it("show in the answer that holds them", () => {
    const id = "a".repeat(32);
    const state = replay(
      timeline(
        [0, { type: "answered", step: "commit", prompt: "actions", value: [{ id, what: "Call back", owner: "Ann", due: "2026-03-20" }] }],
        [1, { type: "action_edited", action: id, owner: "Dana" }],
      ),
    );
    expect(state.answers.get("actions")).toMatchObject({ value: [{ id, what: "Call back", owner: "Dana", due: "2026-03-20" }] });
  });
});
