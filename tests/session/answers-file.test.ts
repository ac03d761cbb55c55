import { describe, expect, it } from "vitest";
import { answerProblemText, planAnswers } from "../../src/session/answers-file.js";
import { smallPlaybook as pb } from "./fixtures.js";

process.env.TZ = "UTC";

const now = new Date("2026-03-09T12:00:00"); // a Monday
const low = { severity: "low" as const, owner: "Dana" };
const high = { severity: "high" as const, owner: "Dana" };

const full = {
  reviewed: "yes",
  trust_before: 3,
  topics: ["billing", "The outage"],
  billing_detail: "Charged twice in March",
  actions: [{ what: "Refund the double charge", due: "friday" }, { what: "Write up the cause", owner: "Sam" }],
  trust_after: "6",
};

function problems(data: unknown, info = low): string[] {
  const r = planAnswers(pb, data, info, now);
  if (r.ok) throw new Error("expected problems, got a plan");
  return r.problems.map(answerProblemText);
}

describe("planAnswers: a full run", () => {
  it("plans every step in order with normalised values", () => {
    expect(planAnswers(pb, full, low, now)).toEqual({
      ok: true,
      steps: [
        { step: "prepare", answers: [{ prompt: "reviewed", value: true }, { prompt: "trust_before", value: 3 }], skipped: [] },
        { step: "listen", answers: [], skipped: [] },
        {
          step: "problem",
          answers: [
            { prompt: "topics", value: ["billing", "outage"] },
            { prompt: "billing_detail", value: "Charged twice in March" },
          ],
          skipped: [],
        },
        {
          step: "commit",
          answers: [
            {
              prompt: "actions",
              value: [
                { what: "Refund the double charge", owner: "Dana", due: "2026-03-13" },
                { what: "Write up the cause", owner: "Sam", due: "2026-03-16" },
              ],
            },
            { prompt: "trust_after", value: 6 },
          ],
          skipped: [],
        },
      ],
      notices: [],
    });
  });

  it("takes a day already past, as the call screen does, and says so at its key", () => {
    const r = planAnswers(pb, { ...full, actions: [{ what: "Refund the double charge", due: "yesterday" }, { what: "Write up the cause", owner: "Sam", due: "2026-03-10" }] }, low, now);
    if (!r.ok) throw new Error(r.problems.map(answerProblemText).join("; "));
    expect(r.notices.map(answerProblemText)).toEqual([`actions: commitment 1 ("Refund the double charge") is due 2026-03-08, already past (today is 2026-03-09)`]);
  });

  it("leaves out steps and prompts whose conditions do not hold", () => {
    const r = planAnswers(pb, { reviewed: true, trust_before: 9, actions: ["Check in next week"] }, low, now);
    expect(r.ok && r.steps.map((s) => s.step)).toEqual(["prepare", "listen", "commit"]);
    expect(r.ok && r.steps[2]).toEqual({
      step: "commit",
      answers: [{ prompt: "actions", value: [{ what: "Check in next week", owner: "Dana", due: "2026-03-16" }] }],
      skipped: ["trust_after"],
    });
  });

  it("asks the severity-only prompt in a high-severity session", () => {
    const r = planAnswers(pb, { ...full, exec_brief: "CTO informed" }, high, now);
    expect(r.ok && r.steps[0]?.answers.map((a) => a.prompt)).toEqual(["reviewed", "trust_before", "exec_brief"]);
  });

  it.each([
    ["null", null],
    ["skip", "skip"],
    ["SKIP with spaces", " SKIP "],
    ["left out", undefined],
  ])("skips an optional prompt given as %s", (_name, value) => {
    const data: Record<string, unknown> = { ...full };
    if (value === undefined) delete data.trust_after;
    else data.trust_after = value;
    const r = planAnswers(pb, data, low, now);
    expect(r.ok && r.steps[3]?.skipped).toEqual(["trust_after"]);
  });

  it("skipping the prompt a step depends on hides that step", () => {
    const r = planAnswers(pb, { ...full, trust_before: "skip", topics: null, billing_detail: "skip" }, low, now);
    expect(r.ok && r.steps.map((s) => s.step)).toEqual(["prepare", "listen", "commit"]);
    expect(r.ok && r.steps[0]?.skipped).toEqual(["trust_before"]);
  });
});

describe("planAnswers: problems", () => {
  it("lists every problem at once, each starting with the prompt id", () => {
    expect(
      problems({
        reviewed: "maybe",
        trust_before: 3,
        topics: ["billing", "outgae"],
        actions: [],
        trust_after: "eleven",
        trust_aftr: 5,
      }),
    ).toEqual([
      'reviewed: the answer must be yes or no, got "maybe"',
      'topics: "outgae" is not one of the choices billing, outage, support (did you mean "outage"?)',
      "actions: give at least 1 commitment, got 0",
      'trust_after: rating must be a whole number from 1 to 10, got "eleven"',
      'trust_aftr: playbook small has no prompt with this id (did you mean "trust_after"?)',
    ]);
  });

  it.each([
    ["a required prompt left out", { ...full, reviewed: undefined }, ["reviewed: is required, but the answers have no value for it"]],
    ["a required prompt skipped", { ...full, actions: "skip" }, ["actions: is required, so it cannot be skipped"]],
    ["a required prompt null", { ...full, reviewed: null }, ["reviewed: is required, so it cannot be skipped"]],
    [
      "a prompt hidden by the session's severity",
      { ...full, exec_brief: "CTO informed" },
      ["exec_brief: not asked, because it is shown only when severity is high or critical (it is low): leave it out"],
    ],
    [
      "a prompt in a step hidden by an earlier answer",
      { ...full, trust_before: 8 },
      [
        'topics: not asked, because its step "problem" is shown only when trust_before is at most 4 (it is 8): leave it out',
        'billing_detail: not asked, because its step "problem" is shown only when trust_before is at most 4 (it is 8): leave it out',
      ],
    ],
    [
      "a prompt hidden by a checklist answer",
      { ...full, topics: ["support"] },
      ["billing_detail: not asked, because it is shown only when topics includes billing (it is support): leave it out"],
    ],
    ["a step id used as a key", { ...full, commit: "yes" }, ["commit: is a step, not a prompt: answer its prompts (actions, trust_after) instead"]],
    ["a step with no prompts used as a key", { ...full, listen: true }, ["listen: is a step with nothing to answer: leave it out"]],
    ["an unknown key with nothing close", { ...full, zzz: 1 }, ["zzz: playbook small has no prompt with this id"]],
    ["an unknown key", { ...full, reviewd: true }, ['reviewd: playbook small has no prompt with this id (did you mean "reviewed"?)']],
  ])("%s", (_name, data, expected) => {
    const clean = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
    expect(problems(clean)).toEqual(expected);
  });

  it("a hidden prompt given as skip or null is no problem", () => {
    expect(planAnswers(pb, { ...full, exec_brief: "skip" }, low, now).ok).toBe(true);
    expect(planAnswers(pb, { ...full, exec_brief: null }, low, now).ok).toBe(true);
  });

  it("an invalid answer does not cause knock-on problems in what depends on it", () => {
    // With trust_before unknown, whether step "problem" is asked is unknown: its answers are
    // checked for their values, but not flagged as "not asked".
    expect(problems({ ...full, trust_before: "eleven" })).toEqual([
      'trust_before: rating must be a whole number from 1 to 10, got "eleven"',
    ]);
    expect(problems({ ...full, trust_before: "eleven", topics: ["nope"] })).toEqual([
      'trust_before: rating must be a whole number from 1 to 10, got "eleven"',
      'topics: "nope" is not one of the choices billing, outage, support',
    ]);
  });

  it.each([
    ["a list", [1, 2], "the answers must be a mapping of prompt id to answer, got a list"],
    ["a string", "reviewed: yes", "the answers must be a mapping of prompt id to answer, got \"reviewed: yes\""],
    ["nothing", null, "the answers must be a mapping of prompt id to answer, got nothing"],
  ])("refuses %s instead of a mapping", (_name, data, message) => {
    expect(problems(data)).toEqual([message]);
  });

  it("an empty mapping reports the required prompts", () => {
    expect(problems({})).toEqual([
      "reviewed: is required, but the answers have no value for it",
      "actions: is required, but the answers have no value for it",
    ]);
  });
});
