import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { runCli } from "../helpers/cli.js";
import { E2E_TIMEOUT, KEY, PLUS_2D, START_ARGS, activePrompt, addCommitment, answer, sandbox, see, shortIdOn, showJson, skipToTheFix, typeIn, waitForInput, waitForPrompt, type Sandbox } from "./helpers.js";

/**
 * Commitments typed on the call end up in `trust actions`, where someone follows them up: the
 * list there must always be the current answer's, whatever keys were pressed on the way.
 */

let box: Sandbox;
beforeEach(() => {
  box = sandbox();
});
afterEach(() => box.cleanup());

interface ListedAction {
  id: string;
  what: string;
  owner: string;
  due: string;
  status: string;
}

/** A call walked to its commitments question, the fix skipped: the first commitment is asked. */
async function atTheCommitments(size?: { cols: number; rows: number }) {
  const t = box.open([...START_ARGS, "--attendee", "Sam Lee", "--contact", "Priya Raman"], size);
  await waitForPrompt(t, "Have you read the full timeline");
  await skipToTheFix(t);
  t.press(KEY.ctrlX);
  await waitForPrompt(t, "commitment 1: what will we do?");
  return t;
}

async function actions(): Promise<ListedAction[]> {
  const r = await runCli(["actions", "--json", "--db", box.db], { env: box.env });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as ListedAction[]).map(({ id, what, owner, due, status }) => ({ id, what, owner, due, status }));
}

test(
  "^X after one commitment: the commitments listed are those of the answer stored (none when it is skipped)",
  async () => {
    const t = await atTheCommitments();
    await addCommitment(t, { what: "Replay the lost orders" });
    await waitForPrompt(t, "commitment 2: what will we do?");
    t.press(KEY.ctrlX);
    await waitForPrompt(t, "Did we offer a goodwill gesture?");
    t.press(KEY.ctrlC);
    expect(await t.exited).toBe(130);

    const id = shortIdOn(await t.screen());
    const shown = await showJson(box, id);
    const stored = answer(shown, "actions");
    expect(stored).toBeDefined();
    // Either the confirmed commitment is kept as the answer, or the answer is skipped and no
    // commitment is left open behind it: never a skipped question with an open commitment.
    const current = stored!.skipped ? [] : (stored!.value as Array<{ what: string; owner: string; due: string }>).map(({ what, owner, due }) => ({ what, owner, due }));
    const listed = shown.actions.map(({ what, owner, due }) => ({ what, owner, due }));
    expect(listed, `actions answer ${stored!.skipped ? "skipped" : "answered"}`).toEqual(current);
    expect((await actions()).map(({ what, owner, due }) => ({ what, owner, due }))).toEqual(current);
    if (current.length === 0) {
      const md = await runCli(["export", id, "--db", box.db], { env: box.env });
      expect(md.stdout).not.toContain("Replay the lost orders");
    } else {
      expect(current).toEqual([{ what: "Replay the lost orders", owner: "Dana", due: PLUS_2D }]);
    }
  },
  E2E_TIMEOUT,
);

test(
  "“keep them as they are” on revisited commitments leaves trust actions as it was: same ids, a done one stays done",
  async () => {
    const file = path.join(box.dir, "answers.yaml");
    fs.writeFileSync(
      file,
      [
        "trust_before: 2",
        "client_facts: [Checkout was down]",
        "actions:",
        "  - { what: Send the incident report, owner: Dana, due: 2026-11-20 }",
        "  - { what: Add an alert on queue depth, owner: Lee, due: 2026-11-27 }",
        "trust_after: 3",
      ].join("\n"),
    );
    const made = await runCli([...START_ARGS, "--answers", file, "--db", box.db], { env: box.env });
    expect(made.code, made.stderr).toBe(0);
    const short = /Session ([0-9a-f]{8}) completed/.exec(made.stdout)![1]!;
    const report = (await actions()).find((a) => a.what === "Send the incident report")!;
    const done = await runCli(["actions", "done", report.id, "--note", "sent on Monday", "--db", box.db], { env: box.env });
    expect(done.code, done.stderr).toBe(0);
    const before = await actions();
    expect(before.map((a) => [a.what, a.status])).toEqual([
      ["Send the incident report", "done"],
      ["Add an alert on queue depth", "open"],
    ]);
    const counts = async () => {
      const r = await runCli(["report", "--json", "--db", box.db], { env: box.env });
      return (JSON.parse(r.stdout) as { totals: { commitments: unknown } }).totals.commitments;
    };
    const reported = await counts();
    expect(reported).toMatchObject({ open: 1, done: 1 });

    // The step walked again twice, the commitments kept each time.
    for (let visit = 1; visit <= 2; visit++) {
      const t = box.open(["resume", short, "--from-step", "handle-problem"]);
      await waitForPrompt(t, "What is the fix, in plain words?");
      t.press(KEY.ctrlX);
      await waitForPrompt(t, "These are saved. What now?");
      await see(t, "❯ keep them as they are");
      t.press(KEY.enter);
      await waitForPrompt(t, "Did we offer a goodwill gesture?");
      t.press(KEY.ctrlC);
      expect(await t.exited).toBe(130);
      expect(await counts(), `visit ${visit}`).toEqual(reported);
    }

    const shown = await showJson(box, short);
    // The answer names the same commitments, by the ids they had.
    expect(answer(shown, "actions")?.value).toEqual(before.map(({ id, what, owner, due }) => ({ id, what, owner, due })));
    // Kept means kept: no new ids, the done one not reopened as a new open one.
    expect(await actions()).toEqual(before);
  },
  E2E_TIMEOUT,
);

test(
  "a due day already past is said once on the call, and Enter again keeps it; a slip is typed over",
  async () => {
    const t = await atTheCommitments();
    await typeIn(t, "Send the incident report");
    await waitForPrompt(t, "who owns “Send the incident report”?");
    t.press(KEY.enter);
    await waitForPrompt(t, "due by?");
    // "yesterday" for "tomorrow": said, and not taken.
    t.press("yesterday");
    await waitForInput(t, "yesterday → 2026-11-08");
    t.press(KEY.enter);
    await see(t, "2026-11-08 is already past. Enter again keeps it");
    expect(activePrompt(await t.screen())).toContain("due by?");
    // Typed over, the warning goes and the day is taken.
    t.press(KEY.ctrlU);
    t.press("tomorrow");
    await waitForInput(t, "tomorrow → 2026-11-10");
    t.press(KEY.enter);
    await waitForPrompt(t, "commitment 2: what will we do?");
    await typeIn(t, "Credit the failed orders");
    await waitForPrompt(t, "who owns “Credit the failed orders”?");
    t.press(KEY.enter);
    await waitForPrompt(t, "due by?");
    // A promise already late, on purpose: Enter again keeps it.
    t.press("2026-11-02");
    await waitForInput(t, "2026-11-02");
    t.press(KEY.enter);
    await see(t, "2026-11-02 is already past. Enter again keeps it");
    t.press(KEY.enter);
    await waitForPrompt(t, "commitment 3: what will we do?");
    t.press(KEY.enter);
    await waitForPrompt(t, "Did we offer a goodwill gesture?");
    t.press(KEY.ctrlC);
    expect(await t.exited).toBe(130);
    expect((await actions()).map(({ what, due }) => [what, due])).toEqual([
      ["Credit the failed orders", "2026-11-02"],
      ["Send the incident report", "2026-11-10"],
    ]);
  },
  E2E_TIMEOUT,
);

test(
  "^X at a commitment's owner or due day ends the list keeping those confirmed, and says the unfinished one is not kept",
  async () => {
    const t = await atTheCommitments();
    await addCommitment(t, { what: "Refund the March invoice", due: "friday", expectDue: "2026-11-13" });
    await waitForPrompt(t, "commitment 2: what will we do?");
    await typeIn(t, "Beta");
    await waitForPrompt(t, "who owns “Beta”?");
    t.press(KEY.ctrlX);
    await waitForPrompt(t, "Did we offer a goodwill gesture?");
    await see(t, "“Beta” was not finished, so it is not kept.");
    t.press(KEY.ctrlC);
    expect(await t.exited).toBe(130);
    expect((await actions()).map(({ what, due }) => [what, due])).toEqual([["Refund the March invoice", "2026-11-13"]]);
  },
  E2E_TIMEOUT,
);

test(
  "^C at a commitment's owner: the commitment being typed is named under the pause message, as not saved",
  async () => {
    const t = await atTheCommitments({ cols: 120, rows: 30 });
    await typeIn(t, "Ship the patch");
    await waitForPrompt(t, "who owns “Ship the patch”?");
    t.press(KEY.tab);
    t.press(" Okafor");
    await waitForInput(t, "Dana Okafor");
    t.press(KEY.ctrlC);
    expect(await t.exited).toBe(130);
    const screen = await t.normalScreen();
    expect(screen).toMatch(/typed but not confirmed, so not saved:\n\s+commitment: Ship the patch\n\s+owner: Dana Okafor\n/);
    expect(await actions()).toEqual([]);
  },
  E2E_TIMEOUT,
);
