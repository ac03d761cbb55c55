import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import {
  effectiveState,
  missingRequired,
  nextPosition,
  previousStep,
  visiblePrompts,
  visibleSteps,
} from "../../src/session/engine.js";
import type { SessionEvent } from "../../src/session/model.js";
import { replay } from "../../src/session/state.js";
import { answered, skippedPrompt, skippedStep, started, timeline, wentBack } from "./events.js";
import { smallPlaybook as pb } from "./fixtures.js";

const high = { severity: "high" as const };
const low = { severity: "low" as const };

function stateOf(...events: SessionEvent[]) {
  return replay(timeline(...events.map((e, i): [number, SessionEvent] => [i, e])));
}

/** "step/prompt", "step/-" for a step to acknowledge, or "done". */
function where(events: SessionEvent[], info = low, opts?: { fromStep?: string }): string {
  const p = nextPosition(pb, stateOf(...events), info, opts);
  return p === null ? "done" : `${p.step.id}/${p.prompt?.id ?? "-"}`;
}

const ids = (xs: Array<{ id: string }>) => xs.map((x) => x.id);

describe("visibility", () => {
  it("shows a prompt by the session's severity", () => {
    const state = stateOf();
    expect(ids(visiblePrompts(pb.steps[0]!, state, high))).toEqual(["reviewed", "trust_before", "exec_brief"]);
    expect(ids(visiblePrompts(pb.steps[0]!, state, low))).toEqual(["reviewed", "trust_before"]);
  });

  it.each([
    ["no trust answer yet", [], ["prepare", "listen", "commit"]],
    ["low trust", [answered("prepare", "trust_before", 3)], ["prepare", "listen", "problem", "commit"]],
    ["trust at the limit", [answered("prepare", "trust_before", 4)], ["prepare", "listen", "problem", "commit"]],
    ["high trust", [answered("prepare", "trust_before", 8)], ["prepare", "listen", "commit"]],
    ["trust skipped", [skippedPrompt("prepare", "trust_before")], ["prepare", "listen", "commit"]],
  ] as Array<[string, SessionEvent[], string[]]>)("steps shown: %s", (_name, events, expected) => {
    expect(ids(visibleSteps(pb, stateOf(...events), low))).toEqual(expected);
  });

  it("shows a prompt by an earlier checklist answer", () => {
    const problem = pb.steps[2]!;
    expect(ids(visiblePrompts(problem, stateOf(answered("problem", "topics", ["outage"])), low))).toEqual(["topics"]);
    expect(ids(visiblePrompts(problem, stateOf(answered("problem", "topics", ["billing"])), low))).toEqual([
      "topics",
      "billing_detail",
    ]);
  });

  it("drops answers to prompts no longer shown after an earlier answer changed", () => {
    const state = stateOf(
      answered("prepare", "trust_before", 2),
      answered("problem", "topics", ["billing"]),
      answered("problem", "billing_detail", "double charge"),
      answered("prepare", "trust_before", 9),
    );
    const eff = effectiveState(pb, state, low);
    expect(eff.answers.has("topics")).toBe(false);
    expect(eff.answers.has("billing_detail")).toBe(false);
    expect(eff.answers.has("trust_before")).toBe(true);
    // The timeline itself keeps them.
    expect(state.answers.has("topics")).toBe(true);
  });
});

describe("nextPosition through a whole session", () => {
  it("walks prompts in order as answers are added", () => {
    const events: SessionEvent[] = [];
    const seen: string[] = [];
    const script: Record<string, SessionEvent[]> = {
      "prepare/reviewed": [started("prepare"), answered("prepare", "reviewed", true)],
      "prepare/trust_before": [answered("prepare", "trust_before", 3)],
      "listen/-": [started("listen")],
      "problem/topics": [started("problem"), answered("problem", "topics", ["billing", "support"])],
      "problem/billing_detail": [answered("problem", "billing_detail", "charged twice")],
      "commit/actions": [started("commit"), answered("commit", "actions", [{ what: "refund", owner: "Dana", due: "2026-03-16" }])],
      "commit/trust_after": [skippedPrompt("commit", "trust_after")],
    };
    for (let guard = 0; guard < 20; guard++) {
      const at = where(events);
      seen.push(at);
      if (at === "done") break;
      events.push(...script[at]!);
    }
    expect(seen).toEqual([...Object.keys(script), "done"]);
  });

  it("reports positions among the steps shown, with prompt counts", () => {
    const p = nextPosition(pb, stateOf(answered("prepare", "reviewed", true), answered("prepare", "trust_before", 9)), high);
    expect(p).toMatchObject({ stepIndex: 0, stepCount: 3, promptIndex: 2, promptCount: 3 });
    expect(p?.prompt?.id).toBe("exec_brief");
    const low9 = nextPosition(pb, stateOf(answered("prepare", "reviewed", true), answered("prepare", "trust_before", 9)), low);
    expect(low9).toMatchObject({ stepIndex: 1, stepCount: 3, prompt: null, promptIndex: 0, promptCount: 0 });
    expect(low9?.step.id).toBe("listen");
  });

  it.each([
    ["nothing yet", [], "prepare/reviewed"],
    ["a skipped prompt counts as done", [skippedPrompt("prepare", "reviewed")], "prepare/trust_before"],
    ["a step with no prompts waits for step_started", [skippedPrompt("prepare", "reviewed"), skippedPrompt("prepare", "trust_before")], "listen/-"],
    [
      "then it is done",
      [skippedPrompt("prepare", "reviewed"), skippedPrompt("prepare", "trust_before"), started("listen")],
      "commit/actions",
    ],
    [
      "a step skipped whole is passed over",
      [skippedStep("prepare"), started("listen"), skippedStep("commit")],
      "done",
    ],
    ["answers out of order: the first open prompt comes first", [answered("prepare", "trust_before", 9)], "prepare/reviewed"],
    [
      "a prompt that becomes shown after a change is asked",
      [
        answered("prepare", "reviewed", true),
        answered("prepare", "trust_before", 9),
        started("listen"),
        answered("commit", "actions", []),
        answered("commit", "trust_after", 5),
        answered("prepare", "trust_before", 2),
      ],
      "problem/topics",
    ],
  ] as Array<[string, SessionEvent[], string]>)("%s", (_name, events, expected) => {
    expect(where(events)).toBe(expected);
  });

  const finished: SessionEvent[] = [
    started("prepare"),
    answered("prepare", "reviewed", true),
    answered("prepare", "trust_before", 8),
    started("listen"),
    started("commit"),
    answered("commit", "actions", []),
    answered("commit", "trust_after", 9),
  ];

  it("is done when everything is answered", () => {
    expect(where(finished)).toBe("done");
  });

  it("going back reopens the step: its prompts are asked again, then the walk moves on", () => {
    const back = [...finished, wentBack("commit", "prepare")];
    expect(where(back)).toBe("prepare/reviewed");
    back.push(answered("prepare", "reviewed", true));
    expect(where(back)).toBe("prepare/trust_before");
    back.push(skippedPrompt("prepare", "trust_before"));
    // The following steps were not reopened: their answers still stand.
    expect(where(back)).toBe("done");
  });

  it("going back to a step with no prompts shows it again until it is started", () => {
    const back = [...finished, wentBack("commit", "listen")];
    expect(where(back)).toBe("listen/-");
    back.push(started("listen"));
    expect(where(back)).toBe("done");
  });

  it("going back twice walks both steps again, in order", () => {
    const back = [...finished, wentBack("commit", "listen"), wentBack("listen", "prepare")];
    expect(where(back)).toBe("prepare/reviewed");
    back.push(answered("prepare", "reviewed", false), answered("prepare", "trust_before", 7));
    expect(where(back)).toBe("listen/-");
  });

  it("going back to a step skipped whole opens it again", () => {
    const events = [skippedStep("prepare"), started("listen"), wentBack("listen", "prepare")];
    expect(where(events)).toBe("prepare/reviewed");
  });

  it("fromStep starts at that step with its prompts open, even answered or skipped whole", () => {
    expect(where(finished, low, { fromStep: "commit" })).toBe("commit/actions");
    expect(where(finished, low, { fromStep: "listen" })).toBe("listen/-");
    expect(where([skippedStep("prepare")], low, { fromStep: "prepare" })).toBe("prepare/reviewed");
  });

  it("fromStep refuses an unknown step or one not shown", () => {
    expect(() => where(finished, low, { fromStep: "nope" })).toThrow(UsageError);
    expect(() => where(finished, low, { fromStep: "nope" })).toThrow('playbook small has no step "nope"');
    expect(() => where(finished, low, { fromStep: "problem" })).toThrow('step "problem" is not part of this session');
  });
});

describe("previousStep", () => {
  it.each([
    ["prepare", [], null],
    ["listen", [], "prepare"],
    ["commit", [], "listen"],
    ["commit", [answered("prepare", "trust_before", 2)], "problem"],
    ["unknown", [], null],
  ] as Array<[string, SessionEvent[], string | null]>)("before %s", (current, events, expected) => {
    expect(previousStep(pb, stateOf(...events), low, current)?.id ?? null).toBe(expected);
  });
});

describe("missingRequired", () => {
  it.each([
    ["nothing answered", [], ["prepare/reviewed", "commit/actions"]],
    ["skipped counts as missing", [skippedPrompt("prepare", "reviewed")], ["prepare/reviewed", "commit/actions"]],
    ["a step skipped whole", [answered("prepare", "reviewed", true), skippedStep("commit")], ["commit/actions"]],
    ["all given", [answered("prepare", "reviewed", false), answered("commit", "actions", [])], []],
  ] as Array<[string, SessionEvent[], string[]]>)("%s", (_name, events, expected) => {
    expect(missingRequired(pb, stateOf(...events), low).map((m) => `${m.step}/${m.prompt}`)).toEqual(expected);
  });
});
