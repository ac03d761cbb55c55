import { afterEach, beforeEach, expect, test } from "vitest";
import { displayWidth } from "../../src/format/text.js";
import type { TerminalSession } from "../helpers/pty.js";
import { E2E_TIMEOUT, KEY, START_ARGS, addEntries, answerPrepare, sandbox, showJson, shortIdOn, see, typedValue, until, waitForPrompt, type Sandbox } from "./helpers.js";

let box: Sandbox;
beforeEach(() => {
  box = sandbox();
});
afterEach(() => box.cleanup());

/** The screen after a resize: drawn again for the new size, header on row 1, no row wrapped or too wide. */
async function redrawnAt(t: TerminalSession, cols: number, rows: number): Promise<string> {
  t.resize(cols, rows);
  return until(
    t,
    (s) => {
      const lines = s.split("\n");
      return lines[0]!.startsWith("Acme · 2/9") && lines.length <= rows && lines.every((l) => displayWidth(l) <= cols) && /\^C/.test(lines.at(-1) ?? "");
    },
    `the call screen redrawn at ${cols}x${rows}`,
  );
}

test(
  "resizing the window mid-question redraws the call screen for the new size, keeping what is typed",
  async () => {
    const t = box.open(START_ARGS, { cols: 80, rows: 24 });
    await t.waitFor("Who is on the call from");
    t.press(`${KEY.enter}${KEY.enter}`);
    await answerPrepare(t, { reviewed: "y", known: "Known facts", trust: 2 });
    await waitForPrompt(t, "What happened, as Acme saw it?");
    await addEntries(t, ["Checkout was down for 40 minutes", "Support took 300 calls", "Refunds were late"]);
    t.press("half typed");
    await see(t, "› half typed");

    for (const [cols, rows] of [
      [60, 18],
      [120, 40],
      [64, 20],
    ] as const) {
      const s = await redrawnAt(t, cols, rows);
      const wrapped = (await t.screenRows()).filter((r) => r.isWrapped);
      expect(wrapped, s).toEqual([]);
      expect(s).toContain("› half typed");
      expect(s).toMatch(/^ {2}Say /m);
    }
    t.press(KEY.enter);
    await see(t, "• half typed");
    t.press(KEY.enter);
    await waitForPrompt(t, "What did it cost their business?");
    t.press(KEY.ctrlC);
    expect(await t.exited).toBe(130);
    const shown = await showJson(box, shortIdOn(await see(t, "trust resume")));
    expect(typedValue(shown.answers.find((a) => a.prompt === "client_facts")?.value)).toEqual([
      "Checkout was down for 40 minutes",
      "Support took 300 calls",
      "Refunds were late",
      "half typed",
    ]);
  },
  E2E_TIMEOUT,
);
