import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { runCli } from "../helpers/cli.js";
import {
  E2E_TIMEOUT,
  HOTKEY_ROW,
  KEY,
  START_ARGS,
  activePrompt,
  addEntries,
  answer,
  answerAttendees,
  toTheFactsList,
  confirmWith,
  answerPrepare,
  entriesOf,
  inputOf,
  noticesOf,
  onlySession,
  questionRows,
  sandbox,
  see,
  shortIdOn,
  showJson,
  typeLong,
  until,
  waitForInput,
  waitForPrompt,
  type Sandbox,
} from "./helpers.js";

/**
 * The hotkeys of the call where they are easy to get wrong: inside a list, on the "These are
 * saved" question of a revisited list, on a step reopened by `resume --from-step`; ^R and its
 * way back; multi-line answers; and what is left on the normal screen after ^C.
 */

let box: Sandbox;
beforeEach(() => {
  box = sandbox();
});
afterEach(() => box.cleanup());

/** A completed restore-trust session made from an answers file; its short id. */
async function completedSession(lines: string[]): Promise<string> {
  const file = path.join(box.dir, "answers.yaml");
  fs.writeFileSync(file, lines.join("\n"));
  const made = await runCli([...START_ARGS, "--answers", file, "--db", box.db], { env: box.env });
  expect(made.stderr).toBe("");
  expect(made.code).toBe(0);
  const short = /Session ([0-9a-f]{8}) completed/.exec(made.stdout)?.[1];
  expect(short).toBeDefined();
  return short!;
}

const ANSWERS = [
  "trust_before: 2",
  "client_facts: [Checkout was down, Orders were lost]",
  "problem_statement: Checkout failed and nobody told us",
  "problem_kind: reliability",
  "problem_agreed: true",
  "actions:",
  "  - { what: Send the report, owner: Dana, due: 2026-11-20 }",
  "trust_after: 3",
];

async function exportMarkdown(id: string): Promise<string> {
  const r = await runCli(["export", id, "--db", box.db], { env: box.env });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return r.stdout;
}

/** The lines of one step's section of an exported markdown summary. */
function section(md: string, heading: string): string {
  const from = md.indexOf(`\n## ${heading}\n`);
  expect(from, `no section "${heading}" in:\n${md}`).toBeGreaterThanOrEqual(0);
  const to = md.indexOf("\n## ", from + 1);
  return md.slice(from, to < 0 ? undefined : to);
}

test(
  "a control string that reaches the call outside a paste (a terminal's reply, a paste without bracketed paste) is dropped whole",
  async () => {
    const t = box.open(START_ARGS);
    await toTheFactsList(t);
    // A title change ended by BEL (^G, which would fold the guidance) and a colour reply ended by ST.
    t.press("The API\x1b]0;evil\x07 failed\x1b]11;rgb:0000/0000/0000\x1b\\ at 9:10");
    const s = await until(t, (x) => (inputOf(x) ?? "").endsWith("9:10"), "the typed text");
    expect(inputOf(s)).toBe("The API failed at 9:10");
    expect(s.split("\n")[0]).toMatch(/^Acme · 2\/\d+/);
    expect(s).not.toContain("evil");
    t.press(KEY.enter);
    await until(t, (x) => entriesOf(x).length === 1 && inputOf(x) === "", "the entry added");
    t.press(KEY.enter);
    await waitForPrompt(t, "What did it cost their business?");
    t.press(KEY.ctrlC);
    expect(await t.exited).toBe(130);
    const shown = await showJson(box, shortIdOn(await t.screen()));
    expect(answer(shown, "client_facts")?.value).toEqual(["The API failed at 9:10"]);
  },
  E2E_TIMEOUT,
);

test(
  "^N in the middle of a list shows ✎ Note saved. and goes on with the same list",
  async () => {
    const t = box.open(START_ARGS);
    await toTheFactsList(t);
    await addEntries(t, ["The API returned 502s"]);
    t.press(KEY.ctrlN);
    const note = await waitForPrompt(t, "Note (kept with this step");
    expect(entriesOf(note)).toEqual([]);
    // A note may take several lines: Enter adds one, ^D saves.
    await typeLong(t, "Ask for their error logs\nand their load balancer config");
    // Back on the same list, its entry still there, the input empty, the note acknowledged.
    const s = await until(t, (x) => (activePrompt(x) ?? "").includes("What happened, as Acme saw it?") && x.includes("✎ Note saved."), "the list again, note saved");
    expect(entriesOf(s)).toEqual(["The API returned 502s"]);
    expect(inputOf(s)).toBe("");
    expect(noticesOf(s)).toEqual(["✎ Note saved."]);
    await addEntries(t, ["It lasted 40 minutes"]);
    // The notice goes with the next key.
    expect(noticesOf(await t.screen())).toEqual([]);
    expect(entriesOf(await t.screen())).toEqual(["The API returned 502s", "It lasted 40 minutes"]);
    t.press(KEY.enter);
    await waitForPrompt(t, "What did it cost their business?");
    t.press(KEY.ctrlC);
    expect(await t.exited).toBe(130);

    const shown = await showJson(box, shortIdOn(await t.screen()));
    expect(answer(shown, "client_facts")?.value).toEqual(["The API returned 502s", "It lasted 40 minutes"]);
    expect(shown.notes).toMatchObject([{ step: "get-facts", text: "Ask for their error logs\nand their load balancer config" }]);
  },
  E2E_TIMEOUT,
);

test(
  "^N over a half-typed answer: the note is saved at once, and the question comes back as it was left",
  async () => {
    const t = box.open(START_ARGS);
    await answerAttendees(t);
    await confirmWith(t, "Have you read the full timeline", "y");
    await waitForPrompt(t, "What do we know for sure");
    t.press("The status page was wrong for 3 hours\rSupport did not answer");
    await waitForInput(t, "The status page was wrong for 3 hours\nSupport did not answer");
    t.press(KEY.ctrlN);
    await waitForPrompt(t, "Note (kept with this step");
    await typeLong(t, "Ask about the SLA");
    const back = await until(t, (x) => (activePrompt(x) ?? "").includes("What do we know for sure") && x.includes("✎ Note saved."), "the question again, note saved");
    expect(inputOf(back)).toBe("The status page was wrong for 3 hours Support did not answer");
    // Saved before the question is answered: a kill now keeps it.
    const id = await onlySession(box);
    expect((await showJson(box, id)).notes).toMatchObject([{ step: "prepare", text: "Ask about the SLA" }]);
    // The answer goes on where it was, and is saved whole.
    t.press(" by phone");
    t.press(KEY.ctrlD);
    await waitForPrompt(t, "How much does Acme trust us right now?");
    t.press(KEY.ctrlC);
    expect(await t.exited).toBe(130);
    expect(answer(await showJson(box, id), "known_and_open")?.value).toBe("The status page was wrong for 3 hours\nSupport did not answer by phone");
  },
  E2E_TIMEOUT,
);

test(
  "the hotkeys work on the “These are saved. What now?” question of a revisited list",
  async () => {
    const short = await completedSession(ANSWERS);
    const t = box.open(["resume", short, "--from-step", "get-facts"]);
    const saved = await waitForPrompt(t, "What happened, as Acme saw it? These are saved. What now?");
    expect(entriesOf(saved)).toEqual(["Checkout was down", "Orders were lost"]);
    expect(saved).toContain("❯ keep them as they are");
    t.press(KEY.down);
    await see(t, "❯ keep them and add more");

    // ^R: the answers so far, then back to the same question, its choice where it was.
    t.press(KEY.ctrlR);
    const recap = await see(t, "answers so far");
    expect(recap).toContain("Checkout was down");
    expect(recap).toContain("2 / 5 (low)");
    expect(activePrompt(recap)).toBeUndefined();
    t.press(KEY.ctrlR);
    await until(t, (s) => !s.includes("answers so far") && (activePrompt(s) ?? "").includes("These are saved") && s.includes("❯ keep them and add more"), "the saved list again");

    // ^N: a note, then the same question.
    t.press(KEY.ctrlN);
    await waitForPrompt(t, "Note (kept with this step");
    await typeLong(t, "They still have the logs");
    await until(t, (s) => (activePrompt(s) ?? "").includes("These are saved") && s.includes("✎ Note saved."), "the saved list after the note");

    // ^G: the step's whole text, and back.
    t.press(KEY.ctrlG);
    await see(t, "^G less");
    expect(activePrompt(await t.screen())).toContain("These are saved");
    t.press(KEY.ctrlG);
    await until(t, (s) => !s.includes("^G less") && (activePrompt(s) ?? "").includes("These are saved"), "the step text folded again");

    // ^B: back to the step before, its saved answers offered.
    t.press(KEY.ctrlB);
    const back = await waitForPrompt(t, "Have you read the full timeline of API outage?");
    expect(back.split("\n").some((l) => l.startsWith("1. Be prepared"))).toBe(true);
    t.press(KEY.ctrlC);
    expect(await t.exited).toBe(130);

    const shown = await showJson(box, short);
    expect(answer(shown, "client_facts")?.value).toEqual(["Checkout was down", "Orders were lost"]);
    expect(shown.notes).toMatchObject([{ step: "get-facts", text: "They still have the logs" }]);
    expect(shown.timeline).toContainEqual(expect.objectContaining({ type: "went_back", step: "get-facts", to: "prepare" }));
  },
  E2E_TIMEOUT,
);

test(
  "^K on a step reopened with resume --from-step keeps its answers: a kept event, not a skipped step",
  async () => {
    const short = await completedSession(ANSWERS);
    const before = await showJson(box, short);
    expect(section(await exportMarkdown(short), "6. Frame the problem")).not.toContain("_Skipped on the call._");

    const t = box.open(["resume", short, "--from-step", "frame-problem"]);
    await waitForPrompt(t, "The problem in one sentence, in words Acme would use");
    await waitForInput(t, "Checkout failed and nobody told us");
    t.press(KEY.ctrlK);
    // Nothing else is open, so the session completes again.
    await see(t, "Export it:");
    expect(await t.exited).toBe(0);

    const after = await showJson(box, short);
    expect(after.session.status).toBe("completed");
    expect(after.answers).toEqual(before.answers);
    const added = after.timeline.slice(before.timeline.length);
    expect(added).toContainEqual(expect.objectContaining({ type: "kept", step: "frame-problem" }));
    expect(added.filter((e) => e.type === "skipped")).toEqual([]);
    const md = section(await exportMarkdown(short), "6. Frame the problem");
    expect(md).not.toContain("_Skipped on the call._");
    expect(md).toContain("Checkout failed and nobody told us");
  },
  E2E_TIMEOUT,
);

test(
  "^K on a step revisited with ^B keeps its answers too, and the call goes on where it was",
  async () => {
    const t = box.open([...START_ARGS, "--attendee", "Sam Lee", "--contact", "Priya Raman"]);
    await answerPrepare(t, { reviewed: "y", known: "The gateway failed\nThe cause is open", trust: 2 });
    await waitForPrompt(t, "What happened, as Acme saw it?");
    const id = (await showJson(box, await onlySession(box))).session.id;
    const before = await showJson(box, id);
    t.press(KEY.ctrlB);
    await waitForPrompt(t, "Have you read the full timeline of API outage?");
    t.press(KEY.ctrlK);
    const s = await waitForPrompt(t, "What happened, as Acme saw it?");
    expect(s.split("\n").some((l) => l.startsWith("2. Get the facts"))).toBe(true);
    t.press(KEY.ctrlC);
    expect(await t.exited).toBe(130);

    const after = await showJson(box, id);
    expect(after.answers).toEqual(before.answers);
    const added = after.timeline.slice(before.timeline.length).map((e) => [e.type, e.step ?? null]);
    expect(added).toContainEqual(["went_back", "get-facts"]);
    expect(added).toContainEqual(["kept", "prepare"]);
    expect(added.filter(([type]) => type === "skipped")).toEqual([]);
  },
  E2E_TIMEOUT,
);

test(
  "a multi-line longtext answer keeps its line breaks in show --json and as hard breaks in the export",
  async () => {
    const t = box.open(START_ARGS);
    await answerAttendees(t);
    await answerPrepare(t, { reviewed: "y", known: "Known: the gateway failed at 09:12\nOpen: why the alert stayed silent\nOwner: Dana", trust: 2 });
    await waitForPrompt(t, "What happened, as Acme saw it?");
    t.press(KEY.ctrlX);
    // Enter on an empty last line finishes a longtext too.
    await waitForPrompt(t, "What did it cost their business?");
    t.press(`A day of sales${KEY.enter}Two wholesale orders`);
    await waitForInput(t, "A day of sales Two wholesale orders");
    t.press(KEY.enter);
    await until(
      t,
      (s) => {
        const rows = questionRows(s) ?? [];
        const at = rows.indexOf("  Two wholesale orders");
        return at > 0 && rows[at - 1] === "› A day of sales" && rows[at + 1]?.trim() === "";
      },
      "a new, empty last line",
    );
    t.press(KEY.enter);
    await waitForPrompt(t, "Were particular people");
    t.press(KEY.ctrlC);
    expect(await t.exited).toBe(130);

    const id = shortIdOn(await t.screen());
    const shown = await showJson(box, id);
    expect(answer(shown, "known_and_open")?.value).toBe("Known: the gateway failed at 09:12\nOpen: why the alert stayed silent\nOwner: Dana");
    expect(answer(shown, "business_impact")?.value).toBe("A day of sales\nTwo wholesale orders");

    const md = await exportMarkdown(id);
    expect(md).toContain(["> Known: the gateway failed at 09:12\\", "> Open: why the alert stayed silent\\", "> Owner: Dana"].join("\n"));
    expect(md).toContain(["> A day of sales\\", "> Two wholesale orders"].join("\n"));
  },
  E2E_TIMEOUT,
);

test(
  "^R shows the earlier answers over the question, and Enter, Esc or ^R returns to it with the typing kept",
  async () => {
    const t = box.open(START_ARGS);
    await answerAttendees(t, "Sam Lee");
    await answerPrepare(t, { reviewed: "n", known: "The gateway failed\nThe cause is open", trust: 2 });
    await waitForPrompt(t, "What happened, as Acme saw it?");
    await addEntries(t, ["Checkout was down"]);
    t.press("Half typed");
    await waitForInput(t, "Half typed");

    for (const back of [KEY.enter, "\x1b", KEY.ctrlR]) {
      t.press(KEY.ctrlR);
      const recap = await see(t, "answers so far");
      const rows = recap.split("\n");
      expect(rows[0]).toMatch(/^Acme · 2\/9 /);
      expect(activePrompt(recap)).toBeUndefined();
      expect(rows.some((l) => HOTKEY_ROW.test(l))).toBe(false);
      for (const text of ["1. Be prepared", "Have you read the full timeline of API outage?", "No", "The gateway failed", "The cause is open", "2 / 5 (low)", "2. Get the facts", "• Checkout was down"]) {
        expect(recap, text).toContain(text);
      }
      expect(recap).not.toContain("Half typed");
      t.press(back);
      const again = await until(t, (s) => !s.includes("answers so far") && (activePrompt(s) ?? "").includes("What happened, as Acme saw it?"), "the question again");
      expect(inputOf(again)).toBe("Half typed");
      expect(entriesOf(again)).toEqual(["Checkout was down"]);
      expect(again.split("\n").at(-1)).toMatch(HOTKEY_ROW);
    }
    t.press(KEY.enter);
    await until(t, (s) => entriesOf(s).length === 2 && inputOf(s) === "", "the typed entry added");
    t.press(KEY.ctrlC);
    expect(await t.exited).toBe(130);
    const shown = await showJson(box, shortIdOn(await t.screen()));
    expect(answer(shown, "client_facts")?.value).toEqual(["Checkout was down", "Half typed"]);
  },
  E2E_TIMEOUT,
);

test(
  "after ^C the call screen is gone and the normal screen has what was said and how to resume",
  async () => {
    const t = box.open(START_ARGS);
    await answerAttendees(t, "Sam Lee");
    await answerPrepare(t, { reviewed: "y", known: "The gateway failed\nThe cause is open", trust: 3 });
    await waitForPrompt(t, "What happened, as Acme saw it?");
    await addEntries(t, ["Checkout was down"]);
    t.press(KEY.ctrlN);
    await waitForPrompt(t, "Note (kept with this step");
    await typeLong(t, "Call their CTO back");
    await see(t, "✎ Note saved.");
    t.press(KEY.ctrlC);
    expect(await t.exited).toBe(130);
    await see(t, "trust resume");

    expect(await t.bufferType()).toBe("normal");
    const normal = await t.normalScreen();
    const short = shortIdOn(normal);
    const lines = normal.split("\n");
    // Nothing of the call screen: no header, no question, no hotkeys.
    expect(lines.some((l) => HOTKEY_ROW.test(l))).toBe(false);
    expect(lines.some((l) => l.startsWith("? "))).toBe(false);
    expect(normal).not.toContain("Acme · 2/9");
    // What was said, step by step, the answers in full, line breaks kept; then the way back in.
    const said = lines.indexOf("What was said");
    expect(said).toBeGreaterThanOrEqual(0);
    const transcript = lines.slice(said).join("\n");
    for (const text of ["1. Be prepared", "Have you read the full timeline of API outage?", "Yes", "3 / 5 (wary)", "2. Get the facts", "• Checkout was down", "Call their CTO back"]) {
      expect(transcript, text).toContain(text);
    }
    expect(lines.some((l) => l.trim() === "The gateway failed")).toBe(true);
    expect(lines.some((l) => l.trim() === "The cause is open")).toBe(true);
    expect(transcript).toContain(`Session ${short} paused`);
    expect(transcript).toContain(`trust resume ${short}`);
    expect(lines.findIndex((l) => l.includes(`trust resume ${short}`))).toBeGreaterThan(said);
  },
  E2E_TIMEOUT,
);
