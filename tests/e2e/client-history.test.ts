import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { runCli } from "../helpers/cli.js";
import { KEY } from "../helpers/pty.js";
import { E2E_TIMEOUT, FRIDAY, HOTKEY_ROW, START_ARGS, activePrompt, entriesOf, noticesOf, sandbox, see, shortIdOn, skipToTheFix, until, waitForInput, waitForPrompt, type Sandbox } from "./helpers.js";

/**
 * Before you speak (issue 16): a call with a client we have called before opens with what we
 * already promised them and how their trust went, and the open promises can be carried into
 * this call's commitments instead of being typed again (or forgotten).
 */

let box: Sandbox;
beforeEach(() => {
  box = sandbox();
});
afterEach(() => box.cleanup());

const OVERDUE = "Send the incident review";
const OPEN = "Weekly status mail until the fix ships";

/** An earlier call with Acme, answered from a file, on `day` (the sandbox's clock is 2026-11-09). */
async function earlierCall(day: string, incident: string, trust: [number, number], actions: Array<{ what: string; owner: string; due: string }>): Promise<void> {
  const file = path.join(box.dir, `${day}.yaml`);
  fs.writeFileSync(
    file,
    [
      `trust_before: ${trust[0]}`,
      "client_facts: [Checkout was down]",
      "apologised: true",
      "problem_agreed: true",
      "actions:",
      ...actions.map((a) => `  - { what: ${a.what}, owner: ${a.owner}, due: ${a.due} }`),
      "goodwill: none",
      `trust_after: ${trust[1]}`,
    ].join("\n"),
  );
  const args = ["start", "--answers", file, "--client", "Acme", "--incident", incident, "--severity", "high", "--owner", "Dana", "--contact", "Priya Raman <priya@acme.example>"];
  const r = await runCli(args, { env: { ...box.env, TRUST_NOW: `${day}T10:00:00Z` } });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
}

/** Two earlier calls: the older one's commitment is a week overdue on 2026-11-09, the newer one's is not yet due. */
async function twoEarlierCalls(): Promise<void> {
  await earlierCall("2026-10-20", "Invoices doubled", [1, 2], [{ what: OVERDUE, owner: "Dana", due: "2026-11-02" }]);
  await earlierCall("2026-10-30", "Login failures", [2, 4], [{ what: OPEN, owner: "Sam", due: "2026-11-20" }]);
}

/** On the offer of the overdue commitment: carry it, with its new due day typed as "friday". */
async function carryToFriday(t: ReturnType<Sandbox["open"]>): Promise<void> {
  t.press("c");
  await waitForPrompt(t, `new due date for “${OVERDUE}”?`);
  t.press(KEY.tab);
  await until(t, (s) => (activePrompt(s) ?? "").includes("Enter confirms"), "the default made editable");
  t.press("\x15friday");
  await waitForInput(t, "friday");
  t.press(KEY.enter);
}

interface Listed {
  id: string;
  what: string;
  due: string;
  status: string;
  session: string;
}

async function listed(): Promise<Listed[]> {
  const r = await runCli(["actions", "--json", "--status", "all"], { env: box.env });
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Listed[];
}

describe("the history on the first screen", () => {
  for (const size of [
    { cols: 80, rows: 24 },
    { cols: 60, rows: 18 },
  ]) {
    test(
      `at ${size.cols}×${size.rows}: the overdue commitment and the last trust rating under the header; ^O opens the whole history and goes back`,
      async () => {
        await twoEarlierCalls();
        const t = box.open([...START_ARGS, "--attendee", "Sam", "--contact", "Priya"], size);
        const first = await waitForPrompt(t, "Have you read the full timeline");
        const rows = first.split("\n");
        expect(rows[0]).toMatch(/^Acme · 1\/9/);
        expect(rows).toHaveLength(size.rows);
        expect(first).toContain("last trust 2 → 4");
        const overdue = rows.find((r) => r.includes(OVERDUE));
        expect(overdue, first).toMatch(/! 7 days late · Send the incident review/);
        // The question is still whole under it, and the keys on the last row.
        expect(rows.at(-1)).toMatch(HOTKEY_ROW);
        for (const r of rows) expect(r.length).toBeLessThanOrEqual(size.cols);

        t.press(KEY.ctrlO);
        const history = await see(t, "earlier calls with Acme");
        expect(history.split("\n")[0]).toMatch(/^Acme · 1\/9/);
        expect(history).toContain("Invoices doubled");
        expect(history).toContain("Login failures");
        t.press(KEY.ctrlO);
        await waitForPrompt(t, "Have you read the full timeline");
        // Keys typed after the history page go to the question, as ever.
        t.press(KEY.ctrlO);
        await see(t, "earlier calls with Acme");
        t.press("\x1b");
        await until(t, (s) => !s.includes("earlier calls with Acme") && (activePrompt(s) ?? "").includes("Have you read"), "the question again");
        t.press(KEY.ctrlC);
        expect(await t.exited).toBe(130);
      },
      E2E_TIMEOUT,
    );
  }

  test(
    "a client with no earlier calls gets no panel, and ^O says there is no history",
    async () => {
      const t = box.open([...START_ARGS, "--attendee", "Sam", "--contact", "Priya"], { cols: 80, rows: 24 });
      const first = await waitForPrompt(t, "Have you read the full timeline");
      expect(first).not.toContain("Before you speak");
      expect(first.split("\n")[1]).toBe("1. Be prepared");
      t.press(KEY.ctrlO);
      await see(t, "No earlier calls with Acme.");
      t.press(KEY.enter);
      await waitForPrompt(t, "Have you read the full timeline");
      t.press(KEY.ctrlC);
      expect(await t.exited).toBe(130);
    },
    E2E_TIMEOUT,
  );
});

test(
  "an open commitment carried into a new call keeps its id, takes the new date, and counts once in trust actions and trust report",
  async () => {
    await twoEarlierCalls();
    const before = await listed();
    const overdue = before.find((a) => a.what === OVERDUE)!;
    const open = before.find((a) => a.what === OPEN)!;

    const t = box.open([...START_ARGS, "--attendee", "Sam", "--contact", "Priya"], { cols: 80, rows: 24 });
    await waitForPrompt(t, "Have you read the full timeline");
    await skipToTheFix(t);
    t.press(KEY.ctrlX);
    // The overdue one is offered first: carry it, to friday.
    // When it was due and how late first, so a long promise cut at the edge keeps them.
    await until(t, (s) => /earlier call \(1 of 2\), due \d{4}-\d\d-\d\d, \d+ days? late: /.test(activePrompt(s) ?? "") && (activePrompt(s) ?? "").includes(OVERDUE), "the overdue commitment offered");
    await carryToFriday(t);
    // Then the open one: done on the call.
    const second = await until(t, (s) => /\(2 of 2\), due \d{4}-\d\d-\d\d: /.test(activePrompt(s) ?? "") && (activePrompt(s) ?? "").includes(OPEN), "the open commitment offered");
    expect(entriesOf(second)).toEqual([`${OVERDUE} (Dana, due ${FRIDAY})`]);
    expect(noticesOf(second).join(" ")).toContain(`Carried into this call, now due ${FRIDAY}`);
    t.press("d");
    await until(t, (s) => /commitment 2: what will we do\?/.test(activePrompt(s) ?? ""), "new commitments after the earlier ones");
    t.press(KEY.enter);
    await waitForPrompt(t, "Did we offer a goodwill gesture?");
    t.press(KEY.ctrlC);
    expect(await t.exited).toBe(130);
    const session = shortIdOn(await t.screen());

    const after = await listed();
    // Nothing new was made: the same two commitments, one moved, one done.
    expect(after.map((a) => a.id).sort()).toEqual(before.map((a) => a.id).sort());
    expect(after.find((a) => a.id === overdue.id)).toMatchObject({ what: OVERDUE, due: FRIDAY, status: "open", session: overdue.session });
    expect(after.find((a) => a.id === open.id)).toMatchObject({ status: "done" });
    // The new call lists the one it carried as its own commitment.
    const shown = await runCli(["show", session, "--json"], { env: box.env });
    const actions = (JSON.parse(shown.stdout) as { actions: Listed[] }).actions;
    expect(actions.map((a) => [a.id, a.due])).toEqual([[overdue.id, FRIDAY]]);
    // And the report counts each commitment once.
    const report = await runCli(["report", "--json"], { env: box.env });
    const totals = (JSON.parse(report.stdout) as { totals: { commitments: { open: number; done: number; overdue: number } } }).totals.commitments;
    expect(totals).toMatchObject({ open: 1, done: 1, overdue: 0 });
  },
  E2E_TIMEOUT,
);

test(
  "starting the list over keeps what was carried into it: still this call's, at its new date, and not offered again",
  async () => {
    await twoEarlierCalls();
    const overdue = (await listed()).find((a) => a.what === OVERDUE)!;
    const t = box.open([...START_ARGS, "--attendee", "Sam", "--contact", "Priya"], { cols: 80, rows: 24 });
    await waitForPrompt(t, "Have you read the full timeline");
    await skipToTheFix(t);
    t.press(KEY.ctrlX);
    await until(t, (s) => (activePrompt(s) ?? "").includes(OVERDUE), "the overdue commitment offered");
    await carryToFriday(t);
    await until(t, (s) => (activePrompt(s) ?? "").includes(OPEN), "the open commitment offered");
    t.press("l");
    await until(t, (s) => /commitment 2: what will we do\?/.test(activePrompt(s) ?? ""), "new commitments after the earlier ones");
    t.press(KEY.enter);
    await waitForPrompt(t, "Did we offer a goodwill gesture?");
    // On to the next step, then back to this one's start, and past the fix to the list.
    t.press(KEY.ctrlX);
    await until(t, (s) => /^9\. /m.test(s), "the next step");
    t.press(KEY.ctrlB);
    await until(t, (s) => /^8\. /m.test(s) && (activePrompt(s) ?? "").includes("What is the fix"), "back at the fix");
    t.press(KEY.ctrlX);
    await waitForPrompt(t, "These are saved. What now?");
    const choice = await until(t, (s) => (activePrompt(s) ?? "").includes("start the list over (the 1 carried from earlier calls stay)"), "the choice saying what stays");
    expect(choice).toContain("start the list over (the 1 carried from earlier calls stay)");
    t.press(`${KEY.down}${KEY.down}`);
    await until(t, (s) => /❯ start the list over/.test(activePrompt(s) ?? ""), "start over chosen");
    t.press(KEY.enter);
    // The open one, left before, is offered again; the carried one is in the list, not offered.
    const offer = await until(t, (s) => (activePrompt(s) ?? "").includes(`(1 of 1), due 2026-11-20: ${OPEN}`), "the open commitment offered again");
    expect(entriesOf(offer)).toEqual([`${OVERDUE} (Dana, due ${FRIDAY})`]);
    t.press("l");
    await until(t, (s) => /commitment 2: what will we do\?/.test(activePrompt(s) ?? ""), "new commitments after the carried one");
    t.press(KEY.enter);
    await waitForPrompt(t, "Did we offer a goodwill gesture?");
    t.press(KEY.ctrlC);
    expect(await t.exited).toBe(130);
    const session = shortIdOn(await t.screen());
    const shown = await runCli(["show", session, "--json"], { env: box.env });
    expect((JSON.parse(shown.stdout) as { actions: Listed[] }).actions.map((a) => [a.id, a.due])).toEqual([[overdue.id, FRIDAY]]);
    expect((await listed()).find((a) => a.id === overdue.id)).toMatchObject({ due: FRIDAY, status: "open", session: overdue.session });
  },
  E2E_TIMEOUT,
);

test(
  "keys typed ahead into the commitments question never decide an earlier commitment: they become the new commitment",
  async () => {
    await twoEarlierCalls();
    const before = await listed();
    const t = box.open([...START_ARGS, "--attendee", "Sam", "--contact", "Priya"], { cols: 80, rows: 24 });
    await waitForPrompt(t, "Have you read the full timeline");
    await skipToTheFix(t);
    // In one burst: skip the fix, then a commitment starting with "d" and "c" (done? carry?), its owner, its date.
    t.press(`${KEY.ctrlX}Deploy and check the fix${KEY.enter}${KEY.enter}${KEY.enter}`);
    const s = await until(t, (x) => /commitment 2: what will we do\?/.test(activePrompt(x) ?? ""), "the second commitment");
    expect(entriesOf(s)).toEqual([`Deploy and check the fix (Dana, due 2026-11-11)`]);
    t.press(KEY.ctrlC);
    expect(await t.exited).toBe(130);
    // The earlier commitments are as they were.
    const ids = new Set(before.map((a) => a.id));
    expect((await listed()).filter((a) => ids.has(a.id))).toEqual(before);
  },
  E2E_TIMEOUT,
);

test(
  "a burst typed while an earlier commitment is offered leaves it as it was: the burst is the new commitment, its first letter too",
  async () => {
    await twoEarlierCalls();
    const before = await listed();
    const t = box.open([...START_ARGS, "--attendee", "Sam", "--contact", "Priya"], { cols: 80, rows: 24 });
    await waitForPrompt(t, "Have you read the full timeline");
    await skipToTheFix(t);
    t.press(KEY.ctrlX);
    await until(t, (s) => (activePrompt(s) ?? "").includes(OVERDUE), "the overdue commitment offered");
    // The offer is on screen; "d" (done) and "c" (carry) arrive with the rest of what was typed.
    t.press(`done soon: call the CTO${KEY.enter}`);
    await until(t, (s) => (activePrompt(s) ?? "").includes("who owns “done soon: call the CTO”?"), "the new commitment's owner");
    t.press(KEY.ctrlC);
    expect(await t.exited).toBe(130);
    const ids = new Set(before.map((a) => a.id));
    expect((await listed()).filter((a) => ids.has(a.id))).toEqual(before);
  },
  E2E_TIMEOUT,
);

test(
  "resumed, the call shows the history again on the step it goes on with",
  async () => {
    await twoEarlierCalls();
    const t = box.open([...START_ARGS, "--attendee", "Sam", "--contact", "Priya"], { cols: 80, rows: 24 });
    await waitForPrompt(t, "Have you read the full timeline");
    t.press(KEY.ctrlK);
    await see(t, "2. Get the facts");
    const second = await t.screen();
    expect(second).not.toContain("Before you speak");
    t.press(KEY.ctrlC);
    expect(await t.exited).toBe(130);
    const r = box.open(["resume", shortIdOn(await t.screen())], { cols: 80, rows: 24 });
    const resumed = await until(r, (s) => s.includes("2. Get the facts") && activePrompt(s) !== undefined, "the resumed step");
    expect(resumed.split("\n")[0]).toMatch(/^Acme · 2\/9/);
    expect(resumed).toContain("last trust 2 → 4");
    expect(resumed).toContain("! 7 days late · Send the incident review");
    r.press(KEY.ctrlC);
    expect(await r.exited).toBe(130);
  },
  E2E_TIMEOUT,
);

describe("the client's name", () => {
  test(
    "typed in another case, the call takes the name earlier calls used, so the history stays one",
    async () => {
      await twoEarlierCalls();
      const t = box.open(["start", "--client", "ACME", "--incident", "API outage", "--severity", "high", "--owner", "Dana", "--attendee", "Sam", "--contact", "Priya"], { cols: 80, rows: 24 });
      const first = await waitForPrompt(t, "Have you read the full timeline");
      expect(first.split("\n")[0]).toMatch(/^Acme · 1\/9/);
      t.press(KEY.ctrlC);
      expect(await t.exited).toBe(130);
    },
    E2E_TIMEOUT,
  );

  test(
    "close to a known client and new: asked which client it is, the name as typed by default",
    async () => {
      await twoEarlierCalls();
      const args = ["start", "--client", "Acme Corp", "--incident", "API outage", "--severity", "high", "--owner", "Dana", "--attendee", "Sam", "--contact", "Priya"];
      const t = box.open(args, { cols: 80, rows: 24 });
      await waitForPrompt(t, "No earlier calls with “Acme Corp”. Is it one of these clients?");
      t.press(KEY.up);
      await until(t, (s) => /❯ Acme \(called before\)/.test(s), "the known client chosen");
      t.press(KEY.enter);
      const first = await waitForPrompt(t, "Have you read the full timeline");
      expect(first.split("\n")[0]).toMatch(/^Acme · 1\/9/);
      expect(first).toContain("2 earlier calls");
      t.press(KEY.ctrlC);
      expect(await t.exited).toBe(130);

      const u = box.open(args, { cols: 80, rows: 24 });
      await waitForPrompt(u, "Is it one of these clients?");
      u.press(KEY.enter);
      const other = await waitForPrompt(u, "Have you read the full timeline");
      expect(other.split("\n")[0]).toMatch(/^Acme Corp · 1\/9/);
      expect(other).not.toContain("Before you speak");
      u.press(KEY.ctrlC);
      expect(await u.exited).toBe(130);
    },
    E2E_TIMEOUT,
  );
});
