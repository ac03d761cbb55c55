import fs from "node:fs";
import path from "node:path";
import { ROOT, runCli } from "../helpers/cli.js";
import { afterEach, beforeEach, expect, test } from "vitest";
import {
  E2E_TIMEOUT,
  KEY,
  START_ARGS,
  activePrompt,
  answer,
  answerAttendees,
  onlySession,
  sandbox,
  see,
  showJson,
  waitForPrompt,
  waitForInput,
  addEntries,
  entriesOf,
  inputOf,
  typeLong,
  answerPrepare,
  type Sandbox,
} from "./helpers.js";

let box: Sandbox;
beforeEach(() => {
  // Real clock: the timestamps of the resumed answers must come after the first ones.
  box = sandbox({ pinClock: false });
});
afterEach(() => box.cleanup());

test("Ctrl-C half way keeps every confirmed answer, and resume goes on from the first open prompt", async () => {
  const t = box.open(START_ARGS);
  await answerAttendees(t);
  await answerPrepare(t, { reviewed: "n", known: "Only the start time is confirmed", trust: 3 });
  await see(t, "2. Get the facts");
  await waitForPrompt(t, "What happened, as Acme saw it?");
  await addEntries(t, ["Orders failed from 09:12 to 09:52"]);
  t.press("half typed, never confirmed");
  await waitForInput(t, "half typed, never confirmed");
  t.press(KEY.ctrlC);

  expect(await t.exited).toBe(130);
  const id = await onlySession(box);
  const short = id.slice(0, 8);
  await see(t, `trust resume ${short}`);
  expect(await t.bufferType()).toBe("normal");
  const paused = await t.normalScreen();
  expect(paused).toContain(`Session ${short} paused`);
  expect(paused).toContain(`trust resume ${short}`);
  // What was said, on the normal screen: the confirmed answers, not the half-typed entry, which
  // is shown apart as not saved, so it can be copied and typed again on resume.
  expect(paused).toContain("What was said");
  expect(paused).toContain("Orders failed from 09:12 to 09:52");
  expect(paused).toContain("Only the start time is confirmed");
  const notSaved = paused.indexOf("typed but not confirmed, so not saved:");
  expect(notSaved).toBeGreaterThan(paused.indexOf("What was said"));
  expect(paused.indexOf("half typed, never confirmed")).toBeGreaterThan(notSaved);
  expect(paused.split("half typed").length).toBe(2);

  const before = await showJson(box, id);
  expect(before.session.status).toBe("in_progress");
  expect(answer(before, "timeline_reviewed")?.value).toBe(false);
  expect(answer(before, "known_and_open")?.value).toBe("Only the start time is confirmed");
  expect(answer(before, "trust_before")?.value).toBe(3);
  expect(answer(before, "client_facts")?.value).toEqual(["Orders failed from 09:12 to 09:52"]);
  expect(before.answers).toHaveLength(4);
  expect(before.timeline.at(-1)?.type).toBe("paused");
  expect(JSON.stringify(before)).not.toContain("half typed");

  // A new terminal, no session id: the latest unfinished one.
  const r = box.open(["resume"]);
  const resumed = await see(r, "2. Get the facts");
  expect(resumed).not.toContain("1. Be prepared");
  // The list it was in is continued, with the saved entry shown and the next one asked.
  const s = await waitForPrompt(r, "What happened, as Acme saw it?");
  expect(entriesOf(s)).toEqual(["Orders failed from 09:12 to 09:52"]);
  expect(inputOf(s)).toBe("");
  expect(activePrompt(s)).not.toContain("These are saved");
  await addEntries(r, ["Their status page said all was well"]);
  r.press(KEY.enter);
  await waitForPrompt(r, "What did it cost their business?");
  await typeLong(r, "A morning of orders");
  await waitForPrompt(r, "Were particular people");
  r.press(KEY.ctrlC);
  expect(await r.exited).toBe(130);

  const after = await showJson(box, id);
  expect(after.session.status).toBe("in_progress");
  expect(answer(after, "client_facts")?.value).toEqual(["Orders failed from 09:12 to 09:52", "Their status page said all was well"]);
  expect(answer(after, "business_impact")?.value).toBe("A morning of orders");
  // The old answers are untouched, and the timeline goes on after them.
  for (const p of ["timeline_reviewed", "known_and_open", "trust_before"]) expect(answer(after, p)).toEqual(answer(before, p));
  const types = after.timeline.map((e) => e.type);
  const resumedAt = types.indexOf("resumed");
  expect(resumedAt).toBeGreaterThan(types.indexOf("paused"));
  expect(after.timeline.slice(0, before.timeline.length)).toEqual(before.timeline);
  const newAnswers = after.timeline.slice(resumedAt).filter((e) => e.type === "answered");
  expect(newAnswers.map((e) => e.prompt)).toContain("business_impact");
  const lastOld = Date.parse(before.timeline.at(-1)!.at);
  for (const e of newAnswers) expect(Date.parse(e.at)).toBeGreaterThanOrEqual(lastOld);
  expect(types.at(-1)).toBe("paused");
}, E2E_TIMEOUT);

test("resume after a finished list goes on with the next prompt, not the list", async () => {
  const t = box.open(START_ARGS);
  await answerAttendees(t);
  await waitForPrompt(t, "Have you read the full timeline");
  t.press(KEY.ctrlK);
  await waitForPrompt(t, "What happened, as Acme saw it?");
  await addEntries(t, ["The API returned 502s"]);
  t.press(KEY.enter);
  await waitForPrompt(t, "What did it cost their business?");
  t.press(KEY.ctrlC);
  expect(await t.exited).toBe(130);

  const r = box.open(["resume"]);
  const s = await waitForPrompt(r, "What did it cost their business?");
  expect(s).not.toContain("What happened, as Acme saw it?");
  expect(s).not.toContain("These are saved");
  r.press(KEY.ctrlC);
  expect(await r.exited).toBe(130);

  const shown = await showJson(box, await onlySession(box));
  expect(answer(shown, "client_facts")?.value).toEqual(["The API returned 502s"]);
  expect(shown.timeline).toContainEqual(expect.objectContaining({ type: "skipped", step: "prepare" }));
}, E2E_TIMEOUT);

test("resume with nothing to resume says so and exits 4", async () => {
  // A database with a finished call only.
  const file = path.join(ROOT, "tests", "fixtures", "answers", "calm.yaml");
  const done = await runCli([...START_ARGS, "--answers", file], { env: box.env });
  expect(done.code, done.stderr).toBe(0);
  const r = box.open(["resume"]);
  expect(await r.exited).toBe(4);
  expect(await r.screen()).toContain("there is no unfinished session to resume");
}, E2E_TIMEOUT);

test("resume with no database file: nothing to resume, said at once, and no file is made (a --db typed wrong)", async () => {
  // Wide enough for the message on one row, whatever the temp folder's name.
  const t = box.open(["resume"], { cols: 240, rows: 24 });
  expect(await t.exited).toBe(4);
  const screen = await t.normalScreen();
  expect(screen).toContain(`trust: there is no session to resume: there is no trust database at ${box.db} yet`);
  expect(screen).toContain("hint: start a call with: trust start");
  expect(fs.existsSync(box.db)).toBe(false);
});
