process.env.TZ = "UTC";

import { parse, type DefaultTreeAdapterMap } from "parse5";
import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import { buildExport } from "../../src/report/export-model.js";
import { buildLetter, greetingName, type Letter, type LetterOptions } from "../../src/report/letter.js";
import { renderLetterHtml } from "../../src/report/letter-html.js";
import { readLetterMarkdown, renderLetterMarkdown } from "../../src/report/letter-markdown.js";
import { renderLetterText } from "../../src/report/letter-text.js";
import type { ExportInput } from "../../src/report/export-model.js";
import type { SessionEvent } from "../../src/session/model.js";
import { ACTIONS, action, answered, EVENTS, fixtureInput, inputWith, note, PLAYBOOK_SOURCE, started } from "./fixtures/session.js";

/**
 * The client letter, built from the client export of the hand-made restore-trust session: what
 * it takes from the call, what it never says, and how each format renders it.
 */

function letterOf(input: ExportInput = fixtureInput(), opts: LetterOptions = {}, redact = false): Letter {
  return buildLetter(buildExport(input, { audience: "client", redact }), opts);
}

const md = (l: Letter) => renderLetterMarkdown(l);

/** The fixture's timeline with some events left out and others added, as [seconds, event] pairs. */
function eventsWith(drop: (e: SessionEvent) => boolean, add: Array<[number, SessionEvent]> = []): Array<[number, SessionEvent]> {
  const T0 = EVENTS[0]!.at;
  const kept = EVENTS.filter((e) => !drop(e)).map((e): [number, SessionEvent] => {
    const { seq: _seq, at, ...event } = e;
    return [(at - T0) / 1000, event as SessionEvent];
  });
  return [...kept, ...add].sort((a, b) => a[0] - b[0]);
}

const isAnswer = (prompt: string) => (e: SessionEvent) => (e.type === "answered" || e.type === "skipped") && "prompt" in e && e.prompt === prompt;

describe("the letter to the client", () => {
  it("opens with the contact's name and the apology as it was said, then quotes their account as theirs", () => {
    const text = md(letterOf());
    expect(text).toMatch(
      /^# Checkout outage on 11 Nov: following up on our call\n\nDear Sam,\n\nI'm sorry\. We took your checkout down for two and a half hours on 11 November, and you heard it from your own customers before you heard it from us\.\n\nThank you for talking with us on Thursday 12 November 2026\./,
    );
    expect(text).toContain("## What you told us\n\nYou told us:\n\n- Checkout failed from 09:12 to 11:40 on 11 Nov\n");
    expect(text).toContain("> Two wholesale customers cancelled standing orders.\\\n> Our staff worked until 22:00 on 11 Nov to call customers back.");
    expect(text).toContain("You also told us how it has been for you:\n\n> We felt left in the dark.\\\n");
    expect(text).toContain("## The problem\n\nOn the call we agreed on the problem, in one sentence:\n\n> Checkout was down for two and a half hours");
    expect(text).toContain("## What we have done\n\n- Replay every failed order and confirm each one (Dana Whitfield, done on Friday 13 November 2026)");
    expect(text).toContain(
      "## What we will do\n\n- Send the post-incident review (Marcus Lee, by Wednesday 18 November 2026)\n- Page on-call within 5 minutes of a checkout failure (Marcus Lee, by Friday 20 November 2026)",
    );
    expect(text).toContain("## When you will hear from us next\n\nYou will hear from me by Monday 16 November 2026, whether or not there is news.");
    expect(text.endsWith("Kind regards,\n\nDana Whitfield\n")).toBe(true);
  });

  it("leaves out everything the playbook does not mark for it: our reads, our notes, what we said", () => {
    const text = md(letterOf());
    for (const internal of [
      "Confirmed: the queue workers stalled", // known_and_open (internal)
      "Sam accepted it", // apology_reception: our read of how they took it
      "The workers are fixed", // current_actions: what we told them
      "VP Engineering", // senior_sponsor
      "The deploy at 09:05", // shared_facts: our facts
      "Why the alert did not page", // open_questions
      "Likely the new retry setting", // root_cause_notes
      "wary", // client_mood: a picked mood is our reading of them
      "medium", // churn_risk
      "A rollback of the retry setting", // fix_summary
      "weekly uptime report", // proof_of_fix
      "Priya Shah", // affected_people
      "10% off", // goodwill_terms
      "Sam asked for", // a note
      "Call Sam on", // a note
      "3 / 5",
      "reliability",
      "Next update to Northwind", // the next update's commitment is the date below, not an action
    ]) {
      expect(text, internal).not.toContain(internal);
    }
  });

  it("never says what LETTERS.md rules out", () => {
    const text = md(letterOf()).toLowerCase();
    for (const phrase of ["patience", "inconvenience", "dear northwind", "we value your business", "take this seriously", "as agreed with", "reference 3f9c"]) {
      expect(text, phrase).not.toContain(phrase);
    }
  });

  it("greets the client's people by name, or neutrally, and never greets the company", () => {
    const greet = (contacts: Array<{ name: string; email?: string }>) => md(letterOf(inputWith({ session: { contacts } }))).split("\n")[2];
    expect(greet([{ name: "Priya Raman", email: "priya@acme.example" }])).toBe("Dear Priya,");
    expect(greet([{ name: "Priya Raman" }, { name: "Sam Ortiz" }])).toBe("Dear Priya and Sam,");
    expect(greet([{ name: "Priya Raman" }, { name: "Sam Ortiz" }, { name: "Jo" }])).toBe("Dear Priya, Sam and Jo,");
    expect(greet([{ name: "Dr Priya Raman" }])).toBe("Dear Dr Priya Raman,");
    expect(greet([{ name: "Sam Lee" }, { name: "Sam Ortiz" }])).toBe("Dear Sam Lee and Sam Ortiz,");
    expect(greet([{ name: "priya@acme.example", email: "priya@acme.example" }])).toBe("Hello,");
    expect(greet([])).toBe("Hello,");
    expect(letterOf(inputWith({ session: { contacts: [] } })).warnings).toContainEqual(expect.stringMatching(/^the session names no one from Northwind Traders/));
    // An open commitment due before the call would promise a day the client has already seen go by.
    const past = letterOf(inputWith({ actions: [action(0, "Send the post-incident review", "Marcus Lee", "2025-01-20")] }));
    expect(past.warnings).toContainEqual(expect.stringMatching(/^"Send the post-incident review" is due 2025-01-20, before the call itself: change the date with `trust actions edit [0-9a-f]{8} --due …`/));
    expect(letterOf().warnings.filter((w) => w.includes("before the call itself"))).toEqual([]);
    // A directory's order, a suffix, and commas that are not a name's.
    expect(greetingName({ name: "Raman, Priya" })).toBe("Priya");
    expect(greetingName({ name: "Müller, Dr. Hans" })).toBe("Dr. Hans Müller");
    expect(greetingName({ name: "John Smith, Jr." })).toBe("John");
    expect(greetingName({ name: "Acme Support Desk, EMEA" })).toBe("Acme Support Desk, EMEA");
    expect(greetingName({ name: "Ops, team 2" })).toBe("Ops, team 2");
    expect(greet([{ name: "Raman, Priya" }, { name: "Ortiz, Sam" }])).toBe("Dear Priya and Sam,");
    expect(greet([{ name: "Lee, Sam" }, { name: "Ortiz, Sam" }])).toBe("Dear Sam Lee and Sam Ortiz,");
    expect(greetingName({ name: "王伟" })).toBe("王伟");
  });

  it("greets neither the company nor its shared mailbox, and one person once, though each stays in To:", () => {
    const letterFor = (contacts: Array<{ name: string; email?: string }>) => letterOf(inputWith({ session: { contacts } }));
    const greet = (contacts: Array<{ name: string; email?: string }>) => md(letterFor(contacts)).split("\n")[2];
    // The fixture's client is Northwind Traders.
    expect(greet([{ name: "Northwind Traders", email: "hello@northwind.example" }, { name: "Priya Raman", email: "priya@northwind.example" }])).toBe("Dear Priya,");
    expect(greet([{ name: "NORTHWIND TRADERS Team", email: "team@northwind.example" }])).toBe("Hello,");
    expect(greet([{ name: "Northwind Traders support", email: "help@northwind.example" }, { name: "Sam Ortiz" }])).toBe("Dear Sam,");
    expect(letterFor([{ name: "Northwind Traders", email: "hello@northwind.example" }]).warnings).toContainEqual(
      expect.stringMatching(/^the session names only Northwind Traders itself among the contacts, so the letter opens with "Hello,"/),
    );
    expect(letterFor([{ name: "Northwind Traders", email: "hello@northwind.example" }]).to).toEqual([{ name: "Northwind Traders", email: "hello@northwind.example" }]);
    // A person whose name only starts like the company's is a person.
    expect(greet([{ name: "Northwind Tradersson Lee" }])).toBe("Dear Northwind,");
    // One address twice, in any case: one person.
    const twice = letterFor([{ name: "Priya", email: "p@northwind.example" }, { name: "Priya Raman", email: "P@Northwind.example" }, { name: "Sam Ortiz" }]);
    expect(md(twice).split("\n")[2]).toBe("Dear Priya and Sam,");
    expect(twice.to).toEqual([{ name: "Priya", email: "p@northwind.example" }, { name: "Sam Ortiz" }]);
  });

  it("says we will come back on the problem when the client did not agree, with nothing of the disagreement", () => {
    const events = eventsWith(isAnswer("problem_agreed"), [
      [1330, answered("frame-problem", "problem_agreed", false)],
      [1340, answered("frame-problem", "problem_disagreement", "They insist it lasted four hours; we will settle it with the logs")],
    ]);
    const text = md(letterOf(inputWith({ events })));
    // Come back to it by the next update's day: a promise with a date, never an open-ended one.
    expect(text).toContain("## The problem\n\nWe have not yet agreed with you how to put the problem in one sentence. We will come back to you on it by Monday 16 November 2026, with our next update.");
    for (const absent of ["Checkout was down for two and a half hours", "four hours", "agreed on the problem", "as agreed"]) expect(text).not.toContain(absent);
  });

  it("treats a skipped agreement as no agreement", () => {
    const events = eventsWith(isAnswer("problem_agreed"), [[1330, { type: "skipped", step: "frame-problem", prompt: "problem_agreed" }]]);
    const text = md(letterOf(inputWith({ events })));
    expect(text).toContain("We will come back to you on it by Monday 16 November 2026, with our next update.");
    expect(text).not.toContain("Checkout was down for two and a half hours");
  });

  it("promises nothing open-ended about the problem when no next update was set", () => {
    const events = eventsWith((e) => isAnswer("problem_agreed")(e) || isAnswer("next_update")(e), [
      [1330, answered("frame-problem", "problem_agreed", false)],
      [2380, { type: "skipped", step: "accountability", prompt: "next_update" }],
    ]);
    const text = md(letterOf(inputWith({ events })));
    expect(text).toContain("## The problem\n\nWe have not yet agreed with you how to put the problem in one sentence.\n");
    expect(text).not.toContain("come back to you");
  });

  it("gives the next update only from its own prompt: none when it was left blank, whatever the commitments say", () => {
    const events = eventsWith(isAnswer("next_update"), [[2380, { type: "skipped", step: "accountability", prompt: "next_update" }]]);
    const letter = letterOf(inputWith({ events, actions: ACTIONS.filter((a) => a.prompt !== "next_update") }));
    const text = md(letter);
    expect(text).not.toContain("When you will hear from us next");
    expect(text).not.toContain("hear from");
    expect(text).not.toContain("Monday 16 November");
    expect(text).toContain("Send the post-incident review (Marcus Lee, by Wednesday 18 November 2026)");
    expect(letter.warnings).toContainEqual(expect.stringMatching(/^no day for the next update was recorded/));
  });

  it("follows the next update's commitment when it was moved or handed to someone else", () => {
    const moved = ACTIONS.map((a) => (a.prompt === "next_update" ? { ...a, due: "2026-11-17", owner: "Marcus Lee" } : a));
    expect(md(letterOf(inputWith({ actions: moved })))).toContain("You will hear from Marcus Lee by Tuesday 17 November 2026, whether or not there is news.");
  });

  it("warns of a day it promises that has gone by since the call, and of none still ahead", () => {
    const past = (w: string) => w.includes("already past") || w.includes("before the call itself");
    // The call was on 12 November; the review is due on the 18th, the next update on the 16th.
    expect(letterOf(fixtureInput(), { today: "2026-11-12" }).warnings.filter(past)).toEqual([]);
    const late = letterOf(fixtureInput(), { today: "2026-11-19" }).warnings.filter(past);
    expect(late).toContainEqual(expect.stringMatching(/^"Send the post-incident review" is due 2026-11-18, already past \(today is 2026-11-19\): change the date with `trust actions edit [0-9a-f]{8} --due …`/));
    expect(late).toContainEqual(expect.stringMatching(/^the next update is promised by 2026-11-16, already past \(today is 2026-11-19\): change the date with `trust actions edit [0-9a-f]{8} --due …`/));
    expect(late.some((w) => w.includes("Page on-call"))).toBe(false);
    // A next update no commitment tracks is changed in the letter itself.
    const untracked = inputWith({ actions: ACTIONS.filter((a) => a.prompt !== "next_update") });
    expect(letterOf(untracked, { today: "2026-11-19" }).warnings).toContainEqual(expect.stringMatching(/^the next update is promised by 2026-11-16, already past \(today is 2026-11-19\): give a later day with --edit/));
    // Done ones promise nothing.
    expect(late.some((w) => w.includes("Replay every failed order"))).toBe(false);
  });

  it("writes no apology of its own when none was recorded", () => {
    const events = eventsWith(isAnswer("apology_words"));
    const letter = letterOf(inputWith({ events }));
    expect(md(letter).toLowerCase()).not.toMatch(/sorry|apolog/);
    expect(letter.warnings).toContainEqual(expect.stringMatching(/^no apology was recorded in the words said/));
  });

  it("warns when what it quotes back as theirs was noted about them, in the third person", () => {
    const about = eventsWith(isAnswer("client_feelings"), [[30, answered("get-facts", "client_feelings", "They felt let down in front of their own customers.")]]);
    expect(letterOf(inputWith({ events: about })).warnings).toContainEqual(expect.stringMatching(/^what the letter quotes back under "What you told us" reads as a note about them/));
    const listed = eventsWith(isAnswer("client_facts"), [[10, answered("get-facts", "client_facts", ["Checkout failed at 09:12", "Their support desk took 380 calls"])]]);
    expect(letterOf(inputWith({ events: listed })).warnings).toContainEqual(expect.stringMatching(/reads as a note about them/));
    // Said of them by name, or as she or he.
    for (const words of ["Priya said they felt blindsided by the silence.", "She said it was the worst week of the quarter."]) {
      const noted = eventsWith(isAnswer("client_feelings"), [[30, answered("get-facts", "client_feelings", words)]]);
      const greeted = inputWith({ events: noted, session: { contacts: [{ name: "Raman, Priya" }] } });
      expect(letterOf(greeted).warnings, words).toContainEqual(expect.stringMatching(/reads as a note about them/));
    }
    // A word that only begins like the name is not it.
    const longer = eventsWith(isAnswer("client_feelings"), [[30, answered("get-facts", "client_feelings", "Priyanka in finance felt let down.")]]);
    expect(letterOf(inputWith({ events: longer, session: { contacts: [{ name: "Priya" }] } })).warnings.filter((w) => w.includes("What you told us"))).toEqual([]);
    // Their own words, "their" included where it is someone else's.
    for (const words of ["We felt let down in front of our own customers.", "Two wholesale customers cancelled their standing orders."]) {
      const theirs = eventsWith(isAnswer("client_feelings"), [[30, answered("get-facts", "client_feelings", words)]]);
      expect(letterOf(inputWith({ events: theirs })).warnings.filter((w) => w.includes("What you told us")), words).toEqual([]);
    }
  });

  it("is signed by the owner as the people file knows them, without the email when redacted", () => {
    const signer = { name: "Dana Whitfield", email: "dana@ours.example" };
    expect(md(letterOf(fixtureInput(), { signer }))).toMatch(/Kind regards,\n\nDana Whitfield\\\ndana@ours\.example\n$/);
    expect(md(letterOf(fixtureInput(), { signer }, true))).toMatch(/Kind regards,\n\nDana Whitfield\n$/);
    expect(letterOf(fixtureInput(), { signer }).from).toEqual(signer);
  });

  it("leaves redacted answers out rather than printing [redacted] to the client", () => {
    const source = PLAYBOOK_SOURCE.replace("        letter: feeling\n", "        letter: feeling\n        sensitive: true\n");
    const text = md(letterOf(inputWith({ source }), {}, true));
    expect(text).not.toContain("left in the dark");
    expect(text).not.toContain("redacted");
    expect(text).toContain("Our support line took 300 calls; my direct line is \\[phone\\]");
  });

  it("keeps a rehearsal's do-not-send line and subject", () => {
    const letter = letterOf(inputWith({ session: { rehearsal: true } }));
    expect(letter.subject).toBe("Rehearsal, do not send: Checkout outage on 11 Nov: following up on our call");
    expect(letter.blocks[0]).toEqual({ kind: "paragraph", lines: ["Rehearsal: this letter comes from a practice run, not a real call. Do not send it."] });
  });

  it("for a session whose playbook marks nothing, holds only a greeting, the commitments and a signature, and says so", () => {
    const source = PLAYBOOK_SOURCE.replace(/^ +letter: \w+\n/gm, "");
    const letter = letterOf(inputWith({ source, actions: ACTIONS.filter((a) => a.prompt !== "next_update") }));
    const text = md(letter);
    expect(text).not.toContain("You told us");
    expect(text).not.toContain("I'm sorry");
    expect(text).not.toContain("hear from");
    expect(text).toContain("- Send the post-incident review (Marcus Lee, by Wednesday 18 November 2026)");
    expect(letter.warnings).toEqual([expect.stringMatching(/^nothing answered on this call is marked for the letter/)]);
  });
});

/** Hostile text for every free-text field a letter can show. */
const HOSTILE = `<img src=x onerror=alert(1)> "><script>alert(2)</script> [a](javascript:alert(3)) \r\nBcc: evil@x`;

function hostileInput(): ExportInput {
  const h = (label: string) => `${label} ${HOSTILE}`;
  return inputWith({
    session: {
      client: h("client"),
      incident: h("incident"),
      owner: h("owner"),
      contacts: [{ name: h("Priya") }, { name: `Sam ${HOSTILE}`, email: "sam@acme.example" }],
    },
    events: [
      [0, started("get-facts")],
      [10, answered("get-facts", "client_facts", [h("fact one"), h("fact two")])],
      [20, answered("get-facts", "business_impact", `${h("impact")}\n\n${h("second paragraph")}`)],
      [30, answered("get-facts", "client_feelings", h("feeling"))],
      [40, started("show-empathy")],
      [50, answered("show-empathy", "apologised", true)],
      [60, answered("show-empathy", "apology_words", `${h("sorry")}\n${h("line two")}`)],
      [70, started("frame-problem")],
      [80, answered("frame-problem", "problem_statement", h("statement"))],
      [90, answered("frame-problem", "problem_agreed", true)],
      [100, note(h("note"))],
      [110, started("accountability")],
      [120, answered("accountability", "next_update", "2026-11-16")],
    ],
    actions: [
      action(0, h("what"), h("who"), "2026-11-18"),
      action(1, h("done"), h("who done"), "2026-11-14", { status: "done", doneAt: Date.UTC(2026, 10, 13) }),
    ],
  });
}

type Node = DefaultTreeAdapterMap["node"];

/** Every element and attribute name in a parsed document. */
function walk(node: Node, out: { elements: string[]; attributes: string[]; text: string[] }): typeof out {
  if ("tagName" in node) {
    out.elements.push(node.tagName);
    out.attributes.push(...node.attrs.map((a) => a.name));
  }
  if (node.nodeName === "#text" && "value" in node) out.text.push(node.value);
  const children = "content" in node && node.content ? node.content.childNodes : "childNodes" in node ? node.childNodes : [];
  for (const child of children) walk(child as Node, out);
  return out;
}

const OUR_ELEMENTS = new Set(["html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "br", "ul", "ol", "li", "blockquote"]);
const OUR_ATTRIBUTES = new Set(["lang", "charset", "http-equiv", "content", "name"]);

describe("the letter's formats", () => {
  it("reads its own markdown back to the same letter, hostile text included", () => {
    for (const letter of [letterOf(), letterOf(hostileInput(), { signer: { name: "Dana", email: "dana@ours.example" } })]) {
      expect(readLetterMarkdown(md(letter))).toEqual({ subject: letter.subject, blocks: letter.blocks });
    }
  });

  it("reads edited markdown the way a reader sees it, with any markup kept as text", () => {
    const edited = "# New subject\n\nDear Sam,\nthis line runs on.\\\nThis one breaks.\n\n<script>alert(1)</script> **bold** [x](y)\n\n* one\n  continued\n* two\n\n1. first\n2. second\n\n> quoted\n>\n> again\n";
    expect(readLetterMarkdown(edited)).toEqual({
      subject: "New subject",
      blocks: [
        { kind: "paragraph", lines: ["Dear Sam, this line runs on.", "This one breaks."] },
        { kind: "paragraph", lines: ["<script>alert(1)</script> **bold** [x](y)"] },
        { kind: "list", items: ["one continued", "two"] },
        { kind: "list", items: ["first", "second"], ordered: true },
        { kind: "quote", lines: ["quoted", "", "again"] },
      ],
    });
    const html = renderLetterHtml({ subject: "s", blocks: readLetterMarkdown(edited).blocks });
    expect(walk(parse(html), { elements: [], attributes: [], text: [] }).elements).not.toContain("script");
  });

  it("plain text: no markup, every line at most 72 columns, wide characters counted twice", () => {
    const wide = inputWith({
      session: { contacts: [{ name: "王伟" }] },
      events: [
        [0, started("get-facts")],
        [10, answered("get-facts", "client_facts", ["結帳系統停止了兩個半小時，我們的客戶從別處得知這件事，這讓我們非常失望。".repeat(3)])],
        [20, answered("get-facts", "client_feelings", `See https://status.example.com/incidents/${"x".repeat(90)} for what we saw`)],
      ],
    });
    for (const letter of [letterOf(), letterOf(hostileInput()), letterOf(wide)]) {
      const text = renderLetterText(letter);
      for (const line of text.split("\n")) expect(stringWidth(line), line).toBeLessThanOrEqual(72);
    }
    const text = renderLetterText(letterOf());
    expect(text).not.toMatch(/\\|^#|^>/m);
    expect(text).toContain("Dear Sam,\n\nI'm sorry. We took your checkout down for two and a half hours on 11\nNovember, and you heard");
    expect(text).toContain("What you told us\n----------------\n\nYou told us:\n\n- Checkout failed from 09:12 to 11:40 on 11 Nov\n");
    expect(text).toContain("    We felt left in the dark.\n");
    expect(text).toContain("- Send the post-incident review (Marcus Lee, by Wednesday 18 November\n  2026)\n");
  });

  it("html: a whole document whose every element and attribute is ours, hostile text shown as text", () => {
    const letter = letterOf(hostileInput(), { signer: { name: `Dana ${HOSTILE}`, email: "dana@ours.example" } });
    for (const html of [renderLetterHtml(letter), renderLetterHtml(letter, { title: false })]) {
      const found = walk(parse(html), { elements: [], attributes: [], text: [] });
      expect(found.elements.filter((e) => !OUR_ELEMENTS.has(e))).toEqual([]);
      expect(found.attributes.filter((a) => !OUR_ATTRIBUTES.has(a))).toEqual([]);
      expect(found.elements).not.toContain("img");
      expect(found.elements).not.toContain("script");
      expect(found.elements).not.toContain("a");
      // The hostile text is there, as text.
      expect(found.text.join("")).toContain('<img src=x onerror=alert(1)> "><script>alert(2)</script>');
      expect(html).not.toMatch(/https?:\/\/|src=["']?[^x]/);
    }
    expect(renderLetterHtml(letter)).toMatch(/^<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/);
  });
});
