import { describe, expect, it } from "vitest";
import { letterProblems, letterWarnings } from "../../src/playbook/letter-rules.js";
import { parsePlaybook } from "../../src/playbook/load.js";
import { oneStep } from "./helpers.js";

const at = (i: number) => ["steps", 0, "prompts", i, "letter"];

describe("letter: on prompts", () => {
  it("accepts each part on the prompt types it can be taken from", () => {
    const pb = oneStep([
      { id: "facts", type: "list", message: "m", letter: "heard" },
      { id: "impact", type: "longtext", message: "m", letter: "heard" },
      { id: "felt", type: "text", message: "m", letter: "feeling" },
      { id: "sorry", type: "longtext", message: "m", letter: "apology" },
      { id: "statement", type: "text", message: "m", letter: "agreed" },
      { id: "agreed", type: "confirm", message: "m", letter: "agreed" },
      { id: "actions", type: "actions", message: "m", letter: "doing" },
      { id: "next", type: "date", message: "m", letter: "next" },
    ]);
    expect(letterProblems(pb)).toEqual([]);
    expect(letterWarnings(pb)).toEqual([]);
  });

  it.each([
    ["heard", "rating", "letter: heard takes a text, longtext or list prompt, not a rating"],
    ["feeling", "select", "letter: feeling takes a text, longtext or list prompt, not a select"],
    ["apology", "confirm", "letter: apology takes a text or longtext prompt, not a confirm"],
    ["doing", "list", "letter: doing takes an actions prompt, not a list"],
    ["next", "text", "letter: next takes a date prompt, not a text"],
    ["agreed", "number", "letter: agreed takes a text, longtext or confirm prompt, not a number"],
  ] as const)("refuses letter: %s on a %s prompt", (letter, type, message) => {
    const extra = type === "select" ? { choices: ["a"] } : {};
    const pb = oneStep([{ id: "p", type, message: "m", letter, ...extra } as never]);
    expect(letterProblems(pb)).toEqual([{ path: at(0), message }]);
  });

  it("refuses a prompt that is internal and in the letter", () => {
    const pb = oneStep([{ id: "p", type: "longtext", message: "m", letter: "heard", internal: true }]);
    expect(letterProblems(pb)).toEqual([
      { path: at(0), message: "a prompt marked internal: true never reaches the client, so it cannot be in the letter: drop one of the two" },
    ]);
  });

  it("takes the apology, the next update and each half of agreed from one prompt only", () => {
    const pb = oneStep([
      { id: "s1", type: "text", message: "m", letter: "apology" },
      { id: "s2", type: "longtext", message: "m", letter: "apology" },
      { id: "n1", type: "date", message: "m", letter: "next" },
      { id: "n2", type: "date", message: "m", letter: "next" },
      { id: "st", type: "text", message: "m", letter: "agreed" },
      { id: "ok", type: "confirm", message: "m", letter: "agreed" },
      { id: "ok2", type: "confirm", message: "m", letter: "agreed" },
      { id: "h1", type: "list", message: "m", letter: "heard" },
      { id: "h2", type: "list", message: "m", letter: "heard" },
    ]);
    expect(letterProblems(pb)).toEqual([
      { path: at(1), message: "the apology is already taken from steps[0].prompts[0]: the letter takes it from one prompt only" },
      { path: at(3), message: "the next update is already taken from steps[0].prompts[2]: the letter takes it from one prompt only" },
      { path: at(6), message: "whether the client agreed is already taken from steps[0].prompts[5]: the letter takes it from one prompt only" },
    ]);
  });

  it("says a part taken twice beside a prompt of the wrong type, so one pass shows both; the pairing waits for the types", () => {
    const pb = oneStep([
      { id: "felt", type: "rating", message: "m", letter: "feeling" },
      { id: "s1", type: "text", message: "m", letter: "apology" },
      { id: "s2", type: "longtext", message: "m", letter: "apology" },
      // A confirm marked apology is of the wrong type, and is not counted as a second apology.
      { id: "s3", type: "confirm", message: "m", letter: "apology" },
      { id: "st", type: "text", message: "m", letter: "agreed" },
    ]);
    expect(letterProblems(pb)).toEqual([
      { path: at(0), message: "letter: feeling takes a text, longtext or list prompt, not a rating" },
      { path: at(3), message: "letter: apology takes a text or longtext prompt, not a confirm" },
      { path: at(2), message: "the apology is already taken from steps[0].prompts[1]: the letter takes it from one prompt only" },
    ]);
  });

  it("pairs the problem statement with the confirm that says whether the client agreed", () => {
    expect(letterProblems(oneStep([{ id: "st", type: "text", message: "m", letter: "agreed" }]))).toEqual([
      {
        path: at(0),
        message: "the letter uses the problem statement only when the client agreed with it: mark the confirm prompt that asks whether they did with letter: agreed too",
      },
    ]);
    expect(letterProblems(oneStep([{ id: "ok", type: "confirm", message: "m", letter: "agreed" }]))).toEqual([
      { path: at(0), message: "this confirm says whether the client agreed with the problem statement: mark the statement (a text or longtext prompt) with letter: agreed too" },
    ]);
  });

  it("warns, without refusing, a playbook that marks nothing for the letter", () => {
    const pb = oneStep([{ id: "p", type: "text", message: "m" }]);
    expect(letterProblems(pb)).toEqual([]);
    expect(letterWarnings(pb)).toEqual([{ path: ["steps"], atKey: true, message: expect.stringMatching(/^no prompt is marked for the client letter/) }]);
  });

  it("places problems and warnings at their line:col in the file", () => {
    const head = "id: demo\ntitle: Demo\nversion: 1\ndescription: For tests.\n";
    const bad = parsePlaybook(`${head}steps:\n  - id: one\n    title: One\n    prompts:\n      - { id: p, type: rating, message: m, letter: heard }\n`, "t.yaml");
    expect(bad.ok ? [] : bad.problems.map((p) => `${p.line}:${p.col} ${p.path}`)).toEqual(["9:52 steps[0].prompts[0].letter"]);
    const quiet = parsePlaybook(`${head}steps:\n  - id: one\n    title: One\n`, "t.yaml");
    expect(quiet.ok && quiet.warnings.map((w) => `${w.file}:${w.line}:${w.col} ${w.path}`)).toEqual(["t.yaml:5:1 steps"]);
  });
});
