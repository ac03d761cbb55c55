import { afterEach, beforeEach, expect, test } from "vitest";
import type { TerminalSession } from "../helpers/pty.js";
import {
  E2E_TIMEOUT,
  HOTKEY_ROW,
  KEY,
  START_ARGS,
  activePrompt,
  addEntries,
  answerAttendees,
  entriesOf,
  sandbox,
  see,
  typeIn,
  typeLong,
  until,
  waitForPrompt,
  type Sandbox,
} from "./helpers.js";

let box: Sandbox;
beforeEach(() => {
  box = sandbox();
});
afterEach(() => box.cleanup());

/** The classic terminal size: nothing of the step's header may scroll out of it. */
const SIZE = { cols: 80, rows: 24 };

/** Waits for a prompt and checks the header (row 1), the step's title and the hotkeys (last row) are on the same screen. */
async function promptWithHeader(t: TerminalSession, prompt: string, status: string, title: string): Promise<string> {
  const s = await waitForPrompt(t, prompt);
  const lines = s.split("\n");
  expect(lines.length).toBeLessThanOrEqual(SIZE.rows);
  expect(lines[0], s).toContain(status);
  expect(lines.some((l) => l.startsWith(title)), s).toBe(true);
  expect(lines.at(-1), s).toMatch(HOTKEY_ROW);
  expect(lines.at(-1), s).toContain("^C pause");
  expect(activePrompt(s)).toContain(prompt);
  return s;
}

test(
  "on an 80x24 terminal every prompt of a step shows under the step's header, and ^R shows the answers so far",
  async () => {
    const t = box.open(START_ARGS, SIZE);
    await answerAttendees(t);
    await waitForPrompt(t, "Have you read");
    t.press(KEY.ctrlK);

    // The longest header of the playbook, and a list that grows under it: the newest entries
    // stay in view, one row each, and the ones that do not fit are counted.
    const facts = ["Checkout was down for 40 minutes", "Support took 300 calls", "Refunds were delayed", "The status page was green", "Nobody called them"];
    for (const [i, fact] of facts.entries()) {
      const s = await promptWithHeader(t, "What happened, as Acme saw it?", "Acme · 2/9", "2. Get the facts");
      const shown = entriesOf(s);
      const more = /↑ (\d+) more above/.exec(s);
      expect(shown.length + Number(more?.[1] ?? 0), s).toBe(i);
      expect(shown, s).toEqual(facts.slice(i - shown.length, i));
      await addEntries(t, [fact]);
    }
    await promptWithHeader(t, "What happened, as Acme saw it?", "Acme · 2/9", "2. Get the facts");
    t.press(KEY.enter);
    await promptWithHeader(t, "What did it cost their business?", "Acme · 2/9", "2. Get the facts");
    await typeLong(t, "About a day of sales");
    await promptWithHeader(t, "Were particular people", "Acme · 2/9", "2. Get the facts");
    t.press(KEY.ctrlX);
    await promptWithHeader(t, "How did it feel for them", "Acme · 2/9", "2. Get the facts");

    // The answers given so far are one key away (^R), and the question comes back after it.
    t.press(KEY.ctrlR);
    const recap = await see(t, "answers so far");
    expect(recap.split("\n")[0]).toContain("Acme · 2/9");
    expect(recap).toContain("What did it cost their business?");
    expect(recap).toContain("About a day of sales");
    expect(recap).toMatch(/↷ Were particular people/);
    expect(activePrompt(recap)).toBeUndefined();
    t.press(KEY.enter);
    await until(t, (s) => !s.includes("answers so far") && (activePrompt(s) ?? "").includes("How did it feel for them"), "the question again");
    await typeLong(t, "Left in the dark");

    // Steps 3 to 5 skipped whole; step 6 has the tallest prompt, a select of seven choices.
    for (const title of ["3. Show empathy", "4. We have it covered", "5. Discuss the facts"]) {
      await see(t, title);
      await until(t, (s) => s.split("\n").some((l) => l.startsWith(title)) && activePrompt(s) !== undefined, `a question of ${title}`);
      t.press(KEY.ctrlK);
    }
    await promptWithHeader(t, "The problem in one sentence", "Acme · 6/9", "6. Frame the problem");
    await typeIn(t, "Checkout failed and nobody told us");
    await see(t, "Something else");
    const select = await promptWithHeader(t, "What kind of problem is it mainly?", "Acme · 6/9", "6. Frame the problem");
    // Every choice fits, with the step's Say and Avoid still above.
    for (const c of ["A service failed or was degraded", "Something else"]) expect(select).toContain(c);
    expect(select).toMatch(/^ {2}Say {4}/m);
    expect(select).toMatch(/^ {2}Avoid {2}/m);
    t.press(KEY.ctrlC);
    expect(await t.exited).toBe(130);
  },
  E2E_TIMEOUT,
);

test(
  "on a 60x18 terminal a long list keeps its newest entries in view and counts the rest above",
  async () => {
    const t = box.open([...START_ARGS, "--attendee", "Sam Lee", "--contact", "Priya Raman"], { cols: 60, rows: 18 });
    await waitForPrompt(t, "Have you read");
    t.press(KEY.ctrlK);
    await waitForPrompt(t, "What happened, as Acme saw it?");
    const facts = Array.from({ length: 14 }, (_, i) => `Fact number ${i + 1}`);
    await addEntries(t, facts);
    const s = await t.screen();
    const rows = s.split("\n");
    expect(rows).toHaveLength(18);
    expect(rows[0]).toMatch(/^Acme · 2\/9 /);
    expect(rows.at(-1)).toMatch(HOTKEY_ROW);
    const shown = entriesOf(s);
    const more = /^ {2}↑ (\d+) more above$/m.exec(s);
    expect(more, s).not.toBeNull();
    expect(shown.length + Number(more![1])).toBe(facts.length);
    expect(shown).toEqual(facts.slice(facts.length - shown.length));
    expect(shown.length).toBeGreaterThanOrEqual(3);
    // The step's Say and Avoid are still there, one row each at least.
    expect(s).toMatch(/^ {2}Say {4}/m);
    expect(s).toMatch(/^ {2}Avoid {2}/m);
    t.press(KEY.ctrlC);
    expect(await t.exited).toBe(130);
  },
  E2E_TIMEOUT,
);

test(
  "on a 60x18 terminal ^R's answers screen still says how to go back and how to pause",
  async () => {
    const t = box.open([...START_ARGS, "--attendee", "Sam Lee", "--contact", "Priya Raman"], { cols: 60, rows: 18 });
    await waitForPrompt(t, "Have you read");
    t.press(KEY.ctrlR);
    const recap = await see(t, "answers so far");
    const last = recap.split("\n").at(-1) ?? "";
    // Both ways out of this screen fit on its last row, whole.
    expect(last).toMatch(/Esc/);
    expect(last).toMatch(/\^C pause/);
    expect(last).not.toContain("…");
    t.press(KEY.enter);
    await until(t, (s) => !s.includes("answers so far") && (activePrompt(s) ?? "").includes("Have you read"), "the question again");
    t.press(KEY.ctrlC);
    expect(await t.exited).toBe(130);
  },
  E2E_TIMEOUT,
);
