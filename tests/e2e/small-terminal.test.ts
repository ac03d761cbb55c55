import { afterEach, beforeEach, expect, test } from "vitest";
import type { TerminalSession } from "../helpers/pty.js";
import { E2E_TIMEOUT, KEY, START_ARGS, activePrompt, answerAttendees, sandbox, see, typeIn, waitForPrompt, type Sandbox } from "./helpers.js";

let box: Sandbox;
beforeEach(() => {
  box = sandbox();
});
afterEach(() => box.cleanup());

/** The classic terminal size: nothing of the step's header may scroll out of it. */
const SIZE = { cols: 80, rows: 24 };

/** Waits for a prompt and checks the step's status line, title and keys are on the same screen. */
async function promptWithHeader(t: TerminalSession, prompt: string, status: string, title: string): Promise<string> {
  const s = await waitForPrompt(t, prompt);
  const lines = s.split("\n");
  expect(lines.length).toBeLessThanOrEqual(SIZE.rows);
  expect(lines[0], s).toContain(status);
  expect(lines, s).toContain(title);
  expect(s).toContain("^C pause");
  expect(activePrompt(s)).toContain(prompt);
  return s;
}

test(
  "on an 80x24 terminal every prompt of a step shows under the step's header",
  async () => {
    const t = box.open(START_ARGS, SIZE);
    await answerAttendees(t);
    await waitForPrompt(t, "Have you read");
    t.press(KEY.ctrlK);

    // The longest header of the playbook, and a list that grows under it.
    const facts = ["Checkout was down for 40 minutes", "Support took 300 calls", "Refunds were delayed", "The status page was green", "Nobody called them"];
    for (const [i, fact] of facts.entries()) {
      const s = await promptWithHeader(t, `fact ${i + 1} (empty to finish):`, "Acme · 2/9", "2. Get the facts");
      for (const before of facts.slice(0, i)) expect(s).toContain(`- ${before}`);
      await typeIn(t, fact);
    }
    await promptWithHeader(t, "fact 6 (empty to finish):", "Acme · 2/9", "2. Get the facts");
    t.press(KEY.enter);
    await promptWithHeader(t, "What did it cost their business?", "Acme · 2/9", "2. Get the facts");
    await typeIn(t, "About a day of sales");
    await promptWithHeader(t, "Were particular people", "Acme · 2/9", "2. Get the facts");
    t.press(KEY.ctrlX);
    const last = await promptWithHeader(t, "How did it feel for them", "Acme · 2/9", "2. Get the facts");
    // The answers given so far in the step stay in view, one row each; the skipped one says so.
    expect(last).toContain("✔ What did it cost their business? About a day of sales");
    expect(last).toMatch(/↷ Were particular people.* skipped/);
    expect(last).toContain("✔ What happened, as Acme saw it? Checkout was down");
    await typeIn(t, "Left in the dark");

    // Steps 3 to 5 skipped whole; step 6 has the tallest prompt, a select of seven choices.
    for (const title of ["3. Show empathy", "4. We have it covered", "5. Discuss the facts"]) {
      await see(t, title);
      await waitForPrompt(t, "");
      t.press(KEY.ctrlK);
    }
    await promptWithHeader(t, "The problem in one sentence", "Acme · 6/9", "6. Frame the problem");
    await typeIn(t, "Checkout failed and nobody told us");
    // The prompt line shows before its choices: wait for the last one, then look at the whole screen.
    await see(t, "Something else");
    await promptWithHeader(t, "What kind of problem is it mainly?", "Acme · 6/9", "6. Frame the problem");
    t.press(KEY.ctrlC);
    expect(await t.exited).toBe(130);
  },
  E2E_TIMEOUT,
);
