import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { runCli } from "../helpers/cli.js";
import {
  E2E_TIMEOUT,
  KEY,
  START_ARGS,
  answer,
  answerAttendees,
  sandbox,
  see,
  shortIdOn,
  showJson,
  typeIn,
  typeLong,
  waitForInput,
  waitForPrompt,
  activePrompt,
  inputOf,
  answerPrepare,
  type Sandbox,
} from "./helpers.js";

let box: Sandbox;
beforeEach(() => {
  box = sandbox();
});
afterEach(() => box.cleanup());

test(
  "^B goes back a step, offers the old answers as defaults, and the changed answer is the current one",
  async () => {
    const t = box.open(START_ARGS);
    await answerAttendees(t);
    await answerPrepare(t, { reviewed: "y", known: "First draft of what we know", trust: 2 });
    await see(t, "2. Get the facts");
    await waitForPrompt(t, "What happened, as Acme saw it?");

    t.press(KEY.ctrlB);
    const back = await see(t, "1. Be prepared");
    expect(back).not.toContain("2. Get the facts");
    // Each old answer is the default: Enter keeps it, typing replaces it.
    // (The default is drawn in the input: the saved Yes as the capital Y, the text as it was.)
    await waitForPrompt(t, "Have you read the full timeline of API outage?");
    expect(inputOf(await t.screen())).toBe("(Y/n)");
    t.press(KEY.enter);
    await waitForPrompt(t, "What do we know for sure, and what is still open?");
    await waitForInput(t, "First draft of what we know");
    expect(activePrompt(await t.screen())).toContain("Tab edits it");
    await typeLong(t, "Second draft: the cause is confirmed");
    await waitForPrompt(t, "How much does Acme trust us right now?");
    await waitForPrompt(t, "[2]");
    t.press("4");
    await see(t, "[4]");
    t.press(KEY.enter);

    // On to the step it left, at the prompt it left.
    await see(t, "2. Get the facts");
    await waitForPrompt(t, "What happened, as Acme saw it?");
    t.press(KEY.ctrlC);
    expect(await t.exited).toBe(130);

    const shown = await showJson(box, shortIdOn(await t.screen()));
    expect(answer(shown, "known_and_open")?.value).toBe("Second draft: the cause is confirmed");
    expect(answer(shown, "trust_before")?.value).toBe(4);
    expect(answer(shown, "timeline_reviewed")?.value).toBe(true);
    const wentBack = shown.timeline.filter((e) => e.type === "went_back");
    expect(wentBack).toMatchObject([{ step: "get-facts", to: "prepare" }]);
    const known2 = shown.timeline.filter((e) => e.type === "answered" && e.prompt === "known_and_open");
    expect(known2.map((e) => e.value)).toEqual(["First draft of what we know", "Second draft: the cause is confirmed"]);
    expect(known2[0]!.seq).toBeLessThan(wentBack[0]!.seq);
    expect(known2[1]!.seq).toBeGreaterThan(wentBack[0]!.seq);
  },
  E2E_TIMEOUT,
);

test(
  "resume --from-step reopens a step of a completed session",
  async () => {
    const answers = path.join(box.dir, "answers.yaml");
    fs.writeFileSync(
      answers,
      [
        "trust_before: 2",
        "client_facts: [Checkout was down]",
        "problem_statement: Checkout failed and nobody told us",
        "problem_kind: reliability",
        "problem_agreed: true",
        "actions:",
        "  - { what: Send the report, owner: Dana, due: 2026-11-20 }",
        "trust_after: 3",
      ].join("\n"),
    );
    const made = await runCli([...START_ARGS, "--answers", answers, "--db", box.db], { env: box.env });
    expect(made.stderr).toBe("");
    expect(made.code).toBe(0);
    const short = /Session ([0-9a-f]{8}) completed/.exec(made.stdout)?.[1];
    expect(short).toBeDefined();

    const t = box.open(["resume", short!, "--from-step", "frame-problem"]);
    const s = await see(t, "6. Frame the problem");
    expect(s).not.toContain("5. Discuss the facts");
    await waitForPrompt(t, "The problem in one sentence, in words Acme would use");
    await waitForInput(t, "Checkout failed and nobody told us");
    await typeIn(t, "Checkout failed for 40 minutes");
    await waitForPrompt(t, "What kind of problem is it mainly?");
    await see(t, "❯ A service failed or was degraded");
    t.press(KEY.enter);
    await waitForPrompt(t, "Does Acme agree with that statement?");
    t.press(KEY.enter);

    // Everything else was answered, so the session completes again.
    await see(t, "Export it:");
    const done = await t.normalScreen();
    expect(done).toContain(`Session ${short} completed`);
    expect(await t.exited).toBe(0);

    const shown = await showJson(box, short!);
    expect(shown.session.status).toBe("completed");
    expect(answer(shown, "problem_statement")?.value).toBe("Checkout failed for 40 minutes");
    expect(answer(shown, "problem_kind")?.value).toBe("reliability");
    const types = shown.timeline.map((e) => e.type);
    expect(types.filter((x) => x === "completed")).toHaveLength(2);
    expect(types.indexOf("resumed")).toBeGreaterThan(types.indexOf("completed"));
    const statements = shown.timeline.filter((e) => e.type === "answered" && e.prompt === "problem_statement");
    expect(statements.map((e) => e.value)).toEqual(["Checkout failed and nobody told us", "Checkout failed for 40 minutes"]);
  },
  E2E_TIMEOUT,
);
