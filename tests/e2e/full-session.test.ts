import { afterEach, beforeEach, expect, test } from "vitest";
import {
  E2E_TIMEOUT,
  FRIDAY,
  KEY,
  PLUS_2D,
  START_ARGS,
  activePrompt,
  addEntries,
  answerAttendees,
  answerPrepare,
  confirmWith,
  entriesOf,
  onlySession,
  sandbox,
  see,
  showJson,
  typeIn,
  typeLong,
  until,
  waitForInput,
  waitForPrompt,
  type Sandbox,
  typedValue,
} from "./helpers.js";

let box: Sandbox;
beforeEach(() => {
  box = sandbox();
});
afterEach(() => box.cleanup());

test("a whole restore-trust session typed key by key is on screen at the end and every answer is stored", async () => {
  const t = box.open(START_ARGS);
  await answerAttendees(t, "Sam Lee, Priya Shah");

  // 1. Be prepared: confirm, longtext, rating.
  await see(t, "1. Be prepared");
  await answerPrepare(t, { reviewed: "y", known: "The gateway failed at 09:12; the cause is open", trust: 2 });

  // 2. Get the facts: a list of two, a longtext, ^X on an optional text, ^N for a note.
  await see(t, "2. Get the facts");
  await waitForPrompt(t, "What happened, as Acme saw it?");
  await addEntries(t, ["Checkout was down for 40 minutes", "Their support desk took 300 calls"]);
  t.press(KEY.enter);
  await waitForPrompt(t, "What did it cost their business?");
  await typeLong(t, "About a day of sales");
  await waitForPrompt(t, "Were particular people or end users affected?");
  t.press(KEY.ctrlX);
  await waitForPrompt(t, "How did it feel for them");
  t.press(KEY.ctrlN);
  await waitForPrompt(t, "Note (kept with this step");
  await typeLong(t, "They want a call with our CTO");
  await until(t, (s) => (activePrompt(s) ?? "").includes("How did it feel for them") && s.includes("✎ Note saved."), "the note saved");
  await typeLong(t, "We felt left in the dark");

  // 3. Show empathy.
  await see(t, "3. Show empathy");
  await confirmWith(t, "Did you apologise", "y");
  await waitForPrompt(t, "What did you say to apologise, word for word?");
  await typeLong(t, "I'm sorry. Checkout was down for 40 minutes because of us");
  await waitForPrompt(t, "How did Acme take the apology?");
  await typeLong(t, "Accepted it, still upset");

  // 4. We have it covered: texts, the sponsor one shown because the severity is high.
  await see(t, "4. We have it covered");
  await waitForPrompt(t, "What did you tell Acme we are doing right now?");
  await typeLong(t, "Failover is in place and monitored");
  await waitForPrompt(t, "Who is their named contact");
  await typeIn(t, "Dana Ortiz");
  await waitForPrompt(t, "Which senior person");
  await typeIn(t, "Chris the CTO");

  // 5. Discuss the facts: two lists of one, a longtext.
  await see(t, "5. Discuss the facts");
  await waitForPrompt(t, "Which facts did we share with Acme?");
  await addEntries(t, ["The gateway lost its certificate"]);
  t.press(KEY.enter);
  await waitForPrompt(t, "What don't we know yet?");
  await addEntries(t, ["Why did the alert not fire?"]);
  t.press(KEY.enter);
  await waitForPrompt(t, "Internal notes on the likely root cause");
  await typeLong(t, "Expired cert, renewal job disabled");

  // 6. Frame the problem: text, select (arrow down), confirm.
  await see(t, "6. Frame the problem");
  await waitForPrompt(t, "The problem in one sentence");
  await typeIn(t, "Checkout failed for 40 minutes and nobody told us");
  await waitForPrompt(t, "What kind of problem is it mainly?");
  await see(t, "❯ A service failed or was degraded");
  t.press(KEY.down);
  await see(t, "❯ Something was late or incomplete");
  t.press(KEY.down);
  await see(t, "❯ A defect or a wrong result");
  t.press(KEY.down);
  await see(t, "❯ They were told late, or not at all");
  t.press(KEY.enter);
  await confirmWith(t, "Does Acme agree with that statement?", "y");

  // 7. Handle the feelings: select, longtext, rating with arrows, select.
  await see(t, "7. Handle the feelings");
  await waitForPrompt(t, "How does Acme seem to feel now?");
  await see(t, "❯ angry");
  t.press(KEY.down);
  await see(t, "❯ frustrated");
  t.press(KEY.enter);
  await waitForPrompt(t, "What is still weighing on them?");
  await typeLong(t, "That it happens again during their sale");
  await waitForPrompt(t, "How settled is the conversation now?");
  t.press(KEY.right);
  await see(t, "[1]");
  t.press(KEY.right);
  await see(t, "[2]");
  t.press(KEY.right);
  await see(t, "[3]");
  t.press(KEY.enter);
  await waitForPrompt(t, "How likely is Acme to leave over this?");
  await see(t, "❯ low");
  t.press(KEY.down);
  await see(t, "❯ medium");
  t.press(KEY.enter);

  // 8. Handle the problem: longtext, two commitments (one due friday, one on the default), select, text.
  await see(t, "8. Handle the problem");
  await waitForPrompt(t, "What is the fix, in plain words?");
  await typeLong(t, "Automate certificate renewal");
  await waitForPrompt(t, "commitment 1: what will we do? (empty to finish)");
  await typeIn(t, "Send the incident report");
  // The default owner is offered; Enter keeps it.
  await waitForPrompt(t, "who owns “Send the incident report”?");
  await waitForInput(t, "Dana");
  t.press(KEY.enter);
  await waitForPrompt(t, "due by?");
  t.press("friday");
  await waitForInput(t, `friday → ${FRIDAY}`);
  t.press(KEY.enter);
  await waitForPrompt(t, "commitment 2: what will we do?");
  expect(entriesOf(await t.screen())).toEqual([`Send the incident report (Dana, due ${FRIDAY})`]);
  await typeIn(t, "Add certificate expiry alerts");
  await waitForPrompt(t, "who owns “Add certificate expiry alerts”?");
  await typeIn(t, "Lee");
  await waitForPrompt(t, "due by?");
  await waitForInput(t, `+2d → ${PLUS_2D}`);
  t.press(KEY.enter);
  await waitForPrompt(t, "commitment 3: what will we do?");
  t.press(KEY.enter);
  await waitForPrompt(t, "Did we offer a goodwill gesture?");
  await see(t, "❯ No");
  t.press(KEY.down);
  await see(t, "❯ A service credit");
  t.press(KEY.enter);
  await waitForPrompt(t, "What exactly was offered");
  await typeIn(t, "10% off November, approved by Chris");

  // 9. Follow through: date, longtext, rating, checklist.
  await see(t, "9. Follow through");
  await waitForPrompt(t, "When does Acme get the next update?");
  await typeIn(t, "2026-11-20");
  await waitForPrompt(t, "How will we show Acme that it is fixed?");
  await typeLong(t, "A weekly uptime report for a month");
  await waitForPrompt(t, "How much does Acme trust us now, at the end of the call?");
  t.press("4");
  await see(t, "[4]");
  t.press(KEY.enter);
  await waitForPrompt(t, "Which follow-ups have you set in motion?");
  await see(t, "❯ ◯ Send a written summary");
  t.press(KEY.space);
  await see(t, "❯ ◉ Send a written summary");
  t.press(KEY.down);
  t.press(KEY.down);
  await see(t, "❯ ◯ Share the post-incident review");
  t.press(KEY.space);
  await see(t, "❯ ◉ Share the post-incident review");
  t.press(KEY.enter);

  // The summary, on the normal screen once the call screen is left.
  await see(t, "Export it:");
  expect(await t.exited).toBe(0);
  expect(await t.bufferType()).toBe("normal");
  const summary = await t.normalScreen();
  const id = await onlySession(box);
  const short = id.slice(0, 8);
  expect(summary).toContain(`Session ${short} completed: Acme, API outage`);
  expect(summary).toContain("30 answered · 1 skipped · 1 note");
  expect(summary).toContain("Trust: 2 → 4 (+2)");
  expect(summary).toContain(`- Send the incident report (Dana, due ${FRIDAY})`);
  expect(summary).toContain(`- Add certificate expiry alerts (Lee, due ${PLUS_2D})`);
  expect(summary).toContain(`trust export ${short} > summary.md`);
  expect(summary).not.toContain("Still to fill in");

  // What the database holds.
  const shown = await showJson(box, id);
  expect(shown.session.status).toBe("completed");
  expect(shown.session.completedAt).not.toBeNull();
  expect(shown.session.attendees).toEqual([{ name: "Sam Lee", email: null }, { name: "Priya Shah", email: null }]);
  const values = Object.fromEntries(shown.answers.filter((a) => !a.skipped).map((a) => [a.prompt, typedValue(a.value)]));
  expect(values).toEqual({
    timeline_reviewed: true,
    known_and_open: "The gateway failed at 09:12; the cause is open",
    trust_before: 2,
    client_facts: ["Checkout was down for 40 minutes", "Their support desk took 300 calls"],
    business_impact: "About a day of sales",
    client_feelings: "We felt left in the dark",
    apologised: true,
    apology_words: "I'm sorry. Checkout was down for 40 minutes because of us",
    apology_reception: "Accepted it, still upset",
    current_actions: "Failover is in place and monitored",
    lead_contact: "Dana Ortiz",
    senior_sponsor: "Chris the CTO",
    shared_facts: ["The gateway lost its certificate"],
    open_questions: ["Why did the alert not fire?"],
    root_cause_notes: "Expired cert, renewal job disabled",
    problem_statement: "Checkout failed for 40 minutes and nobody told us",
    problem_kind: "communication",
    problem_agreed: true,
    client_mood: "frustrated",
    remaining_concerns: "That it happens again during their sale",
    conversation_tone: 3,
    churn_risk: "medium",
    fix_summary: "Automate certificate renewal",
    actions: [
      { what: "Send the incident report", owner: "Dana", due: FRIDAY },
      { what: "Add certificate expiry alerts", owner: "Lee", due: PLUS_2D },
    ],
    goodwill: "service-credit",
    goodwill_terms: "10% off November, approved by Chris",
    next_update: "2026-11-20",
    proof_of_fix: "A weekly uptime report for a month",
    trust_after: 4,
    follow_through: ["written-summary", "incident-review"],
  });
  for (const a of shown.answers) expect(Number.isNaN(Date.parse(a.at)), `${a.prompt} has a time`).toBe(false);

  const skipped = shown.answers.filter((a) => a.skipped);
  expect(skipped.map((a) => [a.step, a.prompt, a.value])).toEqual([["get-facts", "affected_people", null]]);
  expect(shown.timeline).toContainEqual(expect.objectContaining({ type: "skipped", step: "get-facts", prompt: "affected_people" }));

  expect(shown.notes).toEqual([{ step: "get-facts", text: "They want a call with our CTO", at: expect.any(String) }]);

  // Commitments are listed soonest due first; the next update is the owner's commitment too.
  expect(shown.actions.map((a) => [a.prompt, a.what, a.owner, a.due, a.status])).toEqual([
    ["actions", "Add certificate expiry alerts", "Lee", PLUS_2D, "open"],
    ["actions", "Send the incident report", "Dana", FRIDAY, "open"],
    ["next_update", "Next update to Acme, news or not", "Dana", "2026-11-20", "open"],
  ]);

  const types = shown.timeline.map((e) => e.type);
  expect(types.filter((x) => x === "step_started")).toHaveLength(9);
  expect(types.at(-1)).toBe("completed");
}, E2E_TIMEOUT);
