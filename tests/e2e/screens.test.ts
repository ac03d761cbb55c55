import fs from "node:fs";
import path from "node:path";
import stringWidth from "string-width";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { ROOT, runCli } from "../helpers/cli.js";
import type { Row, TerminalSession } from "../helpers/pty.js";
import {
  E2E_TIMEOUT,
  FRIDAY,
  HOTKEY_ROW,
  NOW,
  KEY,
  activePrompt,
  addCommitment,
  addEntries,
  questionRows,
  sandbox,
  see,
  shortIdOn,
  showJson,
  squash,
  typeIn,
  typeLong,
  until,
  waitForInput,
  waitForPrompt,
  type Sandbox,
  typedValue,
} from "./helpers.js";

/**
 * Whole builtin playbooks answered prompt by prompt on the classic 80x24 terminal and on the
 * smallest one the call screen is designed for (60x18). Every screen the test waits for is
 * checked: the header on row 1 (client and n/N), nothing wider than the terminal (no row wraps,
 * no word cut at the edge without an ellipsis), no unfilled {{variable}}, and the step's Say
 * and Avoid rows in view whatever the prompt type. The bytes written are checked too.
 */

let box: Sandbox;
beforeEach(() => {
  box = sandbox();
});
afterEach(() => box.cleanup());

const VARS = { client: "Northwind Traders", incident: "Checkout API outage", owner: "Dana Ortiz", severity: "high", attendees: "Sam Lee", contact: "Priya Raman <priya@northwind.example>" };

interface Choice {
  value: string;
  label?: string;
}
interface PromptDef {
  id: string;
  type: string;
  message: string;
  unit?: string;
  min?: number;
  max?: number;
  choices?: Array<string | Choice>;
  owner?: string;
  due?: string;
}
interface StepDef {
  id: string;
  title: string;
  say?: string[];
  avoid?: string[];
  prompts: PromptDef[];
}
interface PlaybookDef {
  id: string;
  steps: StepDef[];
}

/** A playbook text with the session's variables filled in, as the screen shows it. */
function fill(text: string): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => VARS[k as keyof typeof VARS] ?? `{{${k}}}`);
}

async function loadPlaybook(id: string): Promise<PlaybookDef> {
  const r = await runCli(["playbook", "show", id, "--json"], { env: box.env });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as PlaybookDef;
}

/** A playbook's relative default due date ("+2d", "+1w") on the pinned day. */
function relativeDue(due: string): string {
  const m = /^\+(\d+)([dw])$/.exec(due);
  if (!m) throw new Error(`a due date this test does not resolve: ${due}`);
  const days = Number(m[1]) * (m[2] === "w" ? 7 : 1);
  return new Date(Date.parse(NOW) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Choices to pick where the second one would not show a prompt worth covering. */
const PICK: Record<string, string> = { found_out_via: "their-customers" };

/**
 * Words the screen may end a full row with: the playbooks, the app's own texts, the answers
 * typed. A full row whose last word is not one of them is a word cut at the edge.
 */
function vocabulary(): Set<string> {
  const texts: string[] = Object.values(VARS);
  for (const dir of ["playbooks", "src"]) {
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ya?ml|ts)$/.test(e.name)) texts.push(fs.readFileSync(p, "utf8"));
      }
    };
    walk(path.join(ROOT, dir));
  }
  const words = new Set<string>();
  for (const t of texts) addWords(words, t);
  return words;
}

function addWords(words: Set<string>, text: string): void {
  for (const w of text.split(/[^\p{L}\p{N}']+/u)) if (w) words.add(w.toLowerCase());
}

/** The checks every call screen must pass, at any size. */
function checkCallScreen(rows: Row[], cols: number, pb: PlaybookDef, words: Set<string>): void {
  const text = rows.map((r) => r.text);
  const shown = text.join("\n");
  const where = `\n${cols}x${rows.length} screen:\n${shown}`;
  rows.forEach((r, i) => {
    expect(r.isWrapped, `row ${i + 1} is wrapped from the one above${where}`).toBe(false);
    const width = stringWidth(r.text);
    expect(width, `row ${i + 1} is ${width} columns wide${where}`).toBeLessThanOrEqual(cols);
    if (width === cols && !r.text.endsWith("…")) {
      // The row reaches the last cell: it must end on a whole word (or a mark), not half of one.
      const last = /[\p{L}\p{N}']+$/u.exec(r.text)?.[0];
      if (last) expect(words.has(last.toLowerCase()), `row ${i + 1} ends in a cut word "${last}"${where}`).toBe(true);
    }
  });
  expect(shown, `an unfilled variable${where}`).not.toContain("{{");
  const recap = text[1]?.startsWith("answers so far") ?? false;
  // The last row: the hotkeys (on ^R's answers, the keys that go back).
  // (That ^C is cut off that row at 60 columns is checked in call-keys.test.ts.)
  if (recap) expect(text.at(-1), `the keys of ^R on the last row${where}`).toMatch(/Esc/);
  else if (text[0] === "trust · a new session") expect(text.at(-1), `only ^C means anything before the session${where}`).toMatch(/^\^C cancel/);
  else expect(text.at(-1), `the hotkeys on the last row${where}`).toMatch(HOTKEY_ROW);
  if (text[0] === "trust · a new session") return;
  // The header: the client (whole) and n/N, always.
  const n = new RegExp(`^${VARS.client} · (\\d+)/(\\d+)\\b`).exec(text[0] ?? "");
  expect(n, `the header on row 1${where}`).not.toBeNull();
  expect(Number(n![2])).toBe(pb.steps.length);
  const step = pb.steps[Number(n![1]) - 1]!;
  if (recap) return;
  // The step's title, and a row of Say and one of Avoid, whatever the question below.
  expect(text.some((l) => l.startsWith(`${Number(n![1])}. ${fill(step.title)}`.slice(0, cols))), `the step's title${where}`).toBe(true);
  if (step.say?.length) expect(text.some((l) => /^ {2}Say {2}/.test(l)), `a Say row${where}`).toBe(true);
  if (step.avoid?.length) expect(text.some((l) => /^ {2}Avoid {2}/.test(l)), `an Avoid row${where}`).toBe(true);
}

/** Checks of the bytes written: no unfilled variable ever, and no row drawn wider than the terminal. */
function checkRawOutput(raw: string, cols: number): void {
  expect(raw).not.toContain("{{");
  // The call screen draws each row as: cursor to (row, 1), the row, reset, erase to the end.
  const drawn = [...raw.matchAll(/\x1b\[(\d+);1H((?:(?!\x1b\[\d+;\d+H)[\s\S])*?)\x1b\[0m\x1b\[K/g)];
  expect(drawn.length).toBeGreaterThan(50);
  for (const [, row, line] of drawn) {
    const plain = line!.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
    expect(plain, `row ${row} drawn with a line break`).not.toMatch(/[\r\n]/);
    expect(stringWidth(plain), `row ${row} drawn ${stringWidth(plain)} columns wide: ${plain}`).toBeLessThanOrEqual(cols);
  }
}

/** The label a choice is shown with. */
function labelOf(c: string | Choice): string {
  return typeof c === "string" ? c : fill(c.label ?? c.value);
}
function valueOf(c: string | Choice): string {
  return typeof c === "string" ? c : c.value;
}

/** Waits for the active choice row to be `label` (cut to the width when it is cut). */
function activeChoice(t: TerminalSession, label: string, cols: number, ticked?: boolean): Promise<string> {
  const mark = ticked === undefined ? "" : ticked ? "◉ " : "◯ ";
  const row = `❯ ${mark}${label}`;
  const want = stringWidth(row) <= cols ? row : row.slice(0, cols - 4);
  return until(t, (s) => (questionRows(s) ?? []).some((l) => l === want || (want !== row && l.startsWith(want))), `the choice "${row}"`);
}

/**
 * Answers the prompt on screen by its type and returns the value it should be stored as.
 * Every wait goes through `until`, so every screen seen is checked.
 */
async function answerPrompt(t: TerminalSession, p: PromptDef, cols: number, typed: { push(...texts: string[]): void }, once: { note: boolean; guide: boolean }): Promise<unknown> {
  const words = p.id.replace(/_/g, " ");
  switch (p.type) {
    case "confirm":
      if (!once.guide) {
        // ^G: the step's whole text, the question kept to its input; ^G again folds it.
        once.guide = true;
        t.press(KEY.ctrlG);
        const open = await until(t, (s) => s.includes("^G less") && (activePrompt(s) ?? "").startsWith(`? ${squash(fill(p.message))}`), "the step text unfolded");
        expect(open.split("\n").filter((l) => /^ {2}Say {4}/.test(l) || /^ {9}“/.test(l)).length).toBeGreaterThan(1);
        t.press(KEY.ctrlG);
        await until(t, (s) => !s.includes("^G less") && (activePrompt(s) ?? "").startsWith(`? ${squash(fill(p.message))}`), "the step text folded");
      }
      t.press("y");
      await waitForInput(t, "(Y/n) y");
      t.press(KEY.enter);
      return true;
    case "text": {
      const v = `Answer about ${words}, typed on the call`;
      typed.push(v);
      await typeIn(t, v);
      return v;
    }
    case "longtext": {
      const v = `First line about ${words}\nSecond line, kept on a line of its own`;
      typed.push(v);
      await typeLong(t, v);
      return v;
    }
    case "number":
      await typeIn(t, "12");
      return 12;
    case "date":
      t.press("friday");
      await waitForInput(t, `friday → ${FRIDAY}`);
      t.press(KEY.enter);
      return FRIDAY;
    case "rating": {
      const v = (p.max ?? 5) - 1;
      t.press(String(v));
      await until(t, (s) => activePrompt(s)?.includes(`[${v}]`) ?? false, `the point [${v}]`);
      t.press(KEY.enter);
      return v;
    }
    case "select": {
      const choices = p.choices!;
      const at = PICK[p.id] ? choices.findIndex((c) => valueOf(c) === PICK[p.id]) : 1;
      await activeChoice(t, labelOf(choices[0]!), cols);
      for (let i = 1; i <= at; i++) {
        t.press(KEY.down);
        await activeChoice(t, labelOf(choices[i]!), cols);
      }
      t.press(KEY.enter);
      return valueOf(choices[at]!);
    }
    case "checklist": {
      const choices = p.choices!;
      await activeChoice(t, labelOf(choices[0]!), cols, false);
      t.press(KEY.space);
      await activeChoice(t, labelOf(choices[0]!), cols, true);
      t.press(KEY.down + KEY.down);
      await activeChoice(t, labelOf(choices[2]!), cols, false);
      t.press(KEY.space);
      await activeChoice(t, labelOf(choices[2]!), cols, true);
      t.press(KEY.enter);
      return [valueOf(choices[0]!), valueOf(choices[2]!)];
    }
    case "list": {
      const entries = [`First entry about ${words}`, `Second entry about ${words}, long enough to be cut short on a narrow terminal`];
      typed.push(...entries);
      await addEntries(t, entries.slice(0, 1));
      if (!once.note) {
        // The answers so far (^R) over the list, then back to it.
        t.press(KEY.ctrlR);
        const recap = await see(t, "answers so far");
        expect(recap).toContain(entries[0]);
        t.press(KEY.ctrlR);
        await until(t, (s) => !s.includes("answers so far") && (activePrompt(s) ?? "").startsWith(`? ${squash(fill(p.message))}`), "the list after ^R");
        // A note in the middle of the list: its own question, then the same list again.
        once.note = true;
        t.press(KEY.ctrlN);
        await waitForPrompt(t, "Note (kept with this step");
        typed.push("A note taken in the middle of a list");
        await typeLong(t, "A note taken in the middle of a list");
        await until(t, (s) => s.includes("✎ Note saved.") && (activePrompt(s) ?? "").startsWith(`? ${squash(fill(p.message))}`), "the list again");
      }
      await addEntries(t, entries.slice(1));
      t.press(KEY.enter);
      return entries;
    }
    case "actions": {
      const what = [`Send the written review of ${VARS.incident}`, "Add an alert on checkout errors"];
      typed.push(...what, "Lee Park");
      // The first keeps the default owner and due date, the second has both typed.
      await addCommitment(t, { what: what[0]! });
      await addCommitment(t, { what: what[1]!, owner: "Lee Park", due: "friday", expectDue: FRIDAY });
      t.press(KEY.enter);
      return [
        { what: what[0], owner: fill(p.owner ?? VARS.owner), due: relativeDue(p.due ?? "+2d") },
        { what: what[1], owner: "Lee Park", due: FRIDAY },
      ];
    }
    default:
      throw new Error(`no way to answer a ${p.type} prompt`);
  }
}

/** Which prompt of the playbook the screen asks (the longest message the question starts with). */
function promptOnScreen(screen: string, pb: PlaybookDef): PromptDef | undefined {
  const asked = activePrompt(screen)?.slice(2);
  if (asked === undefined) return undefined;
  let best: PromptDef | undefined;
  for (const p of pb.steps.flatMap((s) => s.prompts)) {
    const m = squash(fill(p.message));
    if (asked.startsWith(m) && m.length > squash(fill(best?.message ?? "")).length) best = p;
  }
  return best;
}

async function runWhole(playbook: string, size: { cols: number; rows: number }): Promise<void> {
  const pb = await loadPlaybook(playbook);
  const words = vocabulary();
  // What is typed becomes a word the screen may show before it is typed on screen.
  const typed = { push: (...texts: string[]) => texts.forEach((x) => addWords(words, x)) };
  const t = box.open(["start", playbook, "--client", VARS.client, "--incident", VARS.incident, "--severity", "high", "--owner", VARS.owner], size);
  let screens = 0;
  t.inspect = async (rows) => {
    screens++;
    if ((await t.bufferType()) === "alternate") checkCallScreen(rows, size.cols, pb, words);
  };

  await waitForPrompt(t, "Who is on the call from");
  expect((await t.screen()).split("\n")[0]).toBe("trust · a new session");
  await typeIn(t, VARS.contact);
  await waitForPrompt(t, "from our side");
  await typeIn(t, VARS.attendees);

  const expected: Record<string, unknown> = {};
  const once = { note: false, guide: false };
  let last: string | undefined;
  for (;;) {
    const s = await until(
      t,
      (x) => t.exitCode !== undefined || x.includes("Export it:") || (promptOnScreen(x, pb) !== undefined && promptOnScreen(x, pb)!.id !== last),
      `the prompt after ${last ?? "the attendees"}`,
    );
    const error = (questionRows(s) ?? []).find((l) => l.startsWith("✖ "));
    expect(error, s).toBeUndefined();
    const p = promptOnScreen(s, pb);
    if (!p || s.includes("Export it:")) break;
    expect(p.id in expected, `${p.id} asked twice:\n${s}`).toBe(false);
    const value = await answerPrompt(t, p, size.cols, typed, once);
    expected[p.id] = value;
    last = p.id;
  }

  // The summary, on the normal screen once the call screen is left.
  await see(t, "Export it:");
  expect(await t.exited).toBe(0);
  expect(await t.bufferType()).toBe("normal");
  const summary = await t.normalScreen();
  const short = shortIdOn(summary);
  // The summary is fitted to the terminal too: no row of it wraps.
  const wrapped = (await t.normalRows()).filter((r) => r.isWrapped);
  expect(wrapped, summary).toEqual([]);
  expect(summary).toContain("What was said");
  expect(summary).toContain(`Session ${short} completed`);
  expect(summary).toContain("Lee Park");
  expect(summary).not.toContain("{{");
  checkRawOutput(t.raw, size.cols);
  expect(screens).toBeGreaterThan(40);

  // Every prompt of the playbook that was shown was answered, and stored as answered.
  const shown = await showJson(box, short);
  expect(shown.session.status).toBe("completed");
  expect(shown.answers.filter((a) => a.skipped)).toEqual([]);
  const stored = Object.fromEntries(shown.answers.map((a) => [a.prompt, typedValue(a.value)]));
  expect(stored).toEqual(expected);
  const held = (prompt: string) => shown.actions.filter((a) => a.prompt === prompt).map(({ what, owner, due }) => ({ what, owner, due }));
  expect(held("actions").sort((a, b) => a.what.localeCompare(b.what))).toEqual(
    (expected.actions as Array<{ what: string }>).slice().sort((a, b) => a.what.localeCompare(b.what)),
  );
  // The day of the next update (marked letter: next) is the owner's commitment too.
  expect(held("next_update")).toEqual([{ what: `Next update to ${VARS.client}, news or not`, owner: VARS.owner, due: expected.next_update }]);
  expect(shown.notes).toMatchObject([{ text: "A note taken in the middle of a list" }]);
}

describe.each([
  { cols: 80, rows: 24 },
  { cols: 60, rows: 18 },
])("at $cols x $rows", (size) => {
  for (const playbook of ["restore-trust", "service-outage"]) {
    test(`${playbook}, answered whole: every screen fits, with the header, Say and Avoid`, () => runWhole(playbook, size), E2E_TIMEOUT);
  }
});
