import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleParser, type AddressObject } from "mailparser";
import stringWidth from "string-width";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

/**
 * `trust letter` through the real built CLI (run `npm run build` first): a whole restore-trust
 * call played from an answers file in which the client does NOT agree with the problem
 * statement, then its letter in every format, edited, recorded and shown.
 */

const INTERNAL = {
  known_and_open: "INTERNAL-KNOWN the queue stalled after the deploy",
  apology_reception: "INTERNAL-RECEPTION accepted it, still wary",
  current_actions: "INTERNAL-CURRENT replaying every order",
  shared_facts: ["INTERNAL-SHARED the 09:05 deploy stalled the workers"],
  open_questions: ["INTERNAL-OPEN why nobody was paged"],
  root_cause_notes: "INTERNAL-ROOT the retry setting",
  problem_disagreement: "INTERNAL-DISAGREE they say four hours, we say two",
  remaining_concerns: "INTERNAL-CONCERNS whether it happens again",
  fix_summary: "INTERNAL-FIX roll back the retry setting",
  goodwill_terms: "INTERNAL-TERMS 10% off, approved by Marcus",
  proof_of_fix: "INTERNAL-PROOF a weekly chart",
};

const APOLOGY = "I'm sorry. We took your checkout down for three hours, and you heard it from your customers before you heard it from us.";

function answers(nextUpdate: string | null): string {
  return JSON.stringify({
    ...INTERNAL,
    timeline_reviewed: true,
    trust_before: 2,
    client_facts: ["Checkout failed from 09:12 to 12:10", "Our support desk took 300 calls"],
    business_impact: "Two wholesale customers cancelled their standing orders.",
    client_feelings: "We felt left in the dark.",
    apologised: true,
    apology_words: APOLOGY,
    problem_statement: "Checkout was down for two hours.",
    problem_kind: "reliability",
    problem_agreed: false,
    client_mood: "angry",
    conversation_tone: 2,
    churn_risk: "high",
    actions: [
      { what: "Replay the failed orders", owner: "Dana", due: "2026-11-14" },
      { what: "Add an alert on queue depth", owner: "Lee", due: "2026-11-20" },
    ],
    goodwill: "service-credit",
    next_update: nextUpdate,
    trust_after: 3,
  });
}

let dir: string;
const env = (extra: Record<string, string> = {}) => ({
  TRUST_DB: join(dir, "trust.db"),
  TRUST_NOW: "2026-11-12T14:00:00Z",
  TZ: "UTC",
  XDG_CONFIG_HOME: join(dir, "config"),
  ...extra,
});
const trust = (args: string[], extra: Record<string, string> = {}) => runCli(["--people", join(dir, "people.yaml"), ...args], { env: env(extra) });
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

async function startCall(nextUpdate: string | null, contacts: string[]): Promise<string> {
  const file = join(dir, `answers-${nextUpdate ?? "none"}.json`);
  writeFileSync(file, answers(nextUpdate));
  const r = await trust([
    "start", "--answers", file,
    "--client", "Acme", "--incident", "Checkout outage", "--severity", "high", "--owner", "Dana",
    ...contacts.flatMap((c) => ["--contact", c]),
    "--json",
  ]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { id: string }).id;
}

let id: string;
let blank: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "trust-letter-"));
  writeFileSync(join(dir, "people.yaml"), "people:\n  - { name: Dana Whitfield, email: dana@ours.example, aliases: [Dana] }\n  - { name: Lee Park, aliases: [Lee] }\n");
  id = await startCall("2026-11-16", ["Priya Raman <priya@acme.example>"]);
  blank = await startCall(null, ["Priya Raman <priya@acme.example>", "Sam Lee"]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("trust letter after a call where the client disagreed with the problem statement", () => {
  it("writes to the contact by name: their words, the apology as said, our commitments, the next update; nothing internal", async () => {
    const r = await trust(["letter", id]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const text = r.stdout;
    expect(text).toContain("\nDear Priya,\n");
    expect(text).toContain(`\nDear Priya,\n\n${APOLOGY}\n\nThank you for talking with us on Thursday 12 November 2026.`);
    expect(text).toContain("You told us:\n\n- Checkout failed from 09:12 to 12:10\n- Our support desk took 300 calls");
    expect(text).toContain("> We felt left in the dark.");
    expect(text).toContain("We have not yet agreed with you how to put the problem in one sentence. We will come back to you on it by Monday 16 November 2026, with our next update.");
    expect(text).toContain("- Replay the failed orders (Dana Whitfield, by Saturday 14 November 2026)");
    expect(text).toContain("- Add an alert on queue depth (Lee Park, by Friday 20 November 2026)");
    expect(text).toContain("You will hear from me by Monday 16 November 2026, whether or not there is news.");
    expect(text).toMatch(/Kind regards,\n\nDana Whitfield\\\ndana@ours\.example\n$/);
    for (const internal of Object.values(INTERNAL).flat()) expect(text).not.toContain(internal.split(" ")[0]);
    for (const never of ["as agreed", "Checkout was down for two hours", "angry", "Dear Acme", "patience", "Next update to Acme"]) expect(text).not.toContain(never);
  });

  it("with the next update left blank, gives no next-update date at all, and says so", async () => {
    const r = await trust(["letter", blank]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("\nDear Priya and Sam,\n");
    expect(r.stdout).not.toContain("hear from");
    expect(r.stdout).not.toMatch(/next|news/i);
    // The commitments keep their own dates, and none of them is offered as the next update.
    expect(r.stdout).toContain("(Dana Whitfield, by Saturday 14 November 2026)");
    expect(r.stderr).toBe("trust: warning: no day for the next update was recorded (a prompt marked letter: next), so the letter gives none\n");
  });

  it("tracks the next update as the owner's commitment, the owner named as the people file names them", async () => {
    const shown = JSON.parse((await trust(["show", id, "--json"])).stdout) as {
      session: { owner: string };
      actions: Array<{ prompt: string; what: string; owner: string; due: string; status: string }>;
    };
    // --owner Dana is Dana Whitfield, as in the commitments typed with "Dana": one person in the report's owner groups.
    expect(shown.session.owner).toBe("Dana Whitfield");
    expect(shown.actions.map((a) => [a.prompt, a.what, a.owner, a.due, a.status])).toEqual([
      ["actions", "Replay the failed orders", "Dana Whitfield", "2026-11-14", "open"],
      ["next_update", "Next update to Acme, news or not", "Dana Whitfield", "2026-11-16", "open"],
      ["actions", "Add an alert on queue depth", "Lee Park", "2026-11-20", "open"],
    ]);
    // Left blank, it is no commitment at all.
    const none = JSON.parse((await trust(["show", blank, "--json"])).stdout) as { actions: Array<{ prompt: string }> };
    expect(none.actions.map((a) => a.prompt)).toEqual(["actions", "actions"]);
  });

  it("plain text: no markup, no line over 72 columns", async () => {
    const r = await trust(["letter", id, "--format", "txt"]);
    expect(r.code).toBe(0);
    for (const line of r.stdout.split("\n")) expect(stringWidth(line), line).toBeLessThanOrEqual(72);
    expect(r.stdout).toMatch(/^Checkout outage: following up on our call\n=+\n\nDear Priya,\n\nI'm sorry\. We took your checkout down/);
    expect(r.stdout).not.toContain("\\");
  });

  it("html: one self-contained document", async () => {
    const r = await trust(["letter", id, "--format", "html"]);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith("<!DOCTYPE html>\n")).toBe(true);
    expect(r.stdout).toContain("<p>Dear Priya,</p>");
    expect(r.stdout).not.toMatch(/<(script|img|link|iframe)\b|https?:/);
  });

  it("eml: ready to send to the contacts with an address, from the owner, marked unsent; warns about who is left out", async () => {
    const out = join(dir, "letter.eml");
    const r = await trust(["letter", blank, "--format", "eml", "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("trust: warning: Sam Lee has no email address, so is left out of To:\n");
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const mail = await simpleParser(readFileSync(out));
    const to = (mail.to as AddressObject).value;
    expect(to.map((a) => [a.name, a.address])).toEqual([["Priya Raman", "priya@acme.example"]]);
    expect((mail.from as AddressObject).value.map((a) => [a.name, a.address])).toEqual([["Dana Whitfield", "dana@ours.example"]]);
    expect(mail.subject).toBe("Checkout outage: following up on our call");
    expect(mail.headers.get("x-unsent")).toBe("1");
    expect(mail.text).toMatch(/^Dear Priya and Sam,/);
    expect(mail.html).toContain("<p>Dear Priya and Sam,</p>");
  });

  it("eml: a comma in a --contact is part of the name, never a second person greeted or mailed", async () => {
    const comma = await startCall("2026-11-16", ["Müller, Hans <hans@acme.example>", '"Quoted" Name <q@acme.example>', "boss@evil.example, Bob <bob@acme.example>"]);
    const mail = await simpleParser((await trust(["letter", comma, "--format", "eml"])).stdout);
    expect((mail.to as AddressObject).value.map((a) => [a.name, a.address])).toEqual([
      ["Müller, Hans", "hans@acme.example"],
      ["Quoted Name", "q@acme.example"],
      ["boss@evil.example, Bob", "bob@acme.example"],
    ]);
    // Two people in one --contact cannot be told from one name with a comma: refused, with how to give them.
    const two = await trust(["start", "--answers", join(dir, "answers-2026-11-16.json"), "--client", "Acme", "--incident", "x", "--owner", "Dana", "--contact", "Ann <ann@acme.example>, Bob <bob@acme.example>"]);
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/^trust: --contact "Ann <ann@acme\.example>, Bob <bob@acme\.example>": .*\nhint: one person each, the option repeated for more/);
  });

  it("eml: no header from an incident holding a line break", async () => {
    const file = join(dir, "answers-2026-11-16.json");
    const r = await trust(["start", "--answers", file, "--client", "Acme\r\nBcc: evil@x", "--incident", "Outage\r\nBcc: evil@x", "--owner", "Dana", "--contact", "Priya <priya@acme.example>", "--json"]);
    expect(r.code).toBe(0);
    const injected = (JSON.parse(r.stdout) as { id: string }).id;
    const eml = await trust(["letter", injected, "--format", "eml"]);
    expect(eml.code).toBe(0);
    const head = eml.stdout.slice(0, eml.stdout.search(/\r?\n\r?\n/));
    expect(head).not.toMatch(/^bcc:/im);
    const mail = await simpleParser(eml.stdout);
    expect(mail.bcc).toBeUndefined();
    expect(mail.subject).toBe("Outage Bcc: evil@x: following up on our call");
  });

  it("refuses --redact for an eml, which needs the addresses it would hide", async () => {
    const r = await trust(["letter", id, "--format", "eml", "--redact"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^trust: --redact hides the email addresses an \.eml is sent to\n/);
  });

  it("--record keeps the final text in the timeline with its sha256, and `show` lists it", async () => {
    const out = join(dir, "recorded.md");
    const r = await trust(["letter", id, "--out", out, "--record"]);
    expect(r.code).toBe(0);
    const text = readFileSync(out, "utf8");
    const hash = sha256(text);
    expect(r.stderr).toBe(`trust: recorded the md letter in session ${id.slice(0, 8)} (sha256 ${hash.slice(0, 12)})\n`);

    const shown = JSON.parse((await trust(["show", id, "--json"])).stdout) as {
      letters: Array<{ at: string; format: string; sha256: string }>;
      timeline: Array<{ type: string; format?: string; text?: string; sha256?: string; at: string }>;
    };
    expect(shown.letters).toEqual([{ at: "2026-11-12T14:00:00.000Z", format: "md", sha256: hash }]);
    const event = shown.timeline.find((e) => e.type === "letter");
    expect(event).toMatchObject({ format: "md", text, sha256: hash, at: "2026-11-12T14:00:00.000Z" });

    const human = await trust(["show", id]);
    expect(human.stdout).toContain(`Letters\n  2026-11-12T14:00:00.000Z  md   sha256 ${hash}\n`);
    expect(human.stdout).toMatch(new RegExp(`letter +md, ${Buffer.byteLength(text)} bytes, sha256 ${hash}`));
  });

  it("--edit opens $EDITOR on a private copy of the draft and writes what was saved", async () => {
    const editor = join(dir, "editor.sh");
    const seen = join(dir, "editor-saw");
    writeFileSync(editor, `#!/bin/sh\nstat -c %a "$1" > "${seen}"\nsed -i 's/Kind regards,/With thanks,/' "$1"\nprintf '\\nP.S. Added in the editor.\\n' >> "$1"\n`);
    chmodSync(editor, 0o755);

    const out = join(dir, "edited.md");
    const r = await trust(["letter", id, "--edit", "--out", out, "--record"], { EDITOR: editor, VISUAL: "" });
    expect(r.code).toBe(0);
    expect(readFileSync(seen, "utf8").trim()).toBe("600");
    const text = readFileSync(out, "utf8");
    expect(text).toContain("With thanks,");
    expect(text).not.toContain("Kind regards,");
    expect(text.endsWith("P.S. Added in the editor.\n")).toBe(true);
    const shown = JSON.parse((await trust(["show", id, "--json"])).stdout) as { letters: Array<{ sha256: string }> };
    expect(shown.letters.at(-1)!.sha256).toBe(sha256(text));

    // For an eml, the markdown draft is edited, then rendered into both parts.
    const eml = await trust(["letter", id, "--format", "eml", "--edit"], { EDITOR: editor });
    expect(eml.code).toBe(0);
    const mail = await simpleParser(eml.stdout);
    expect(mail.text).toContain("With thanks,");
    expect(mail.text).toContain("P.S. Added in the editor.");
    expect(mail.html).toContain("<p>P.S. Added in the editor.</p>");
  });

  it("--edit: an editor that fails leaves nothing written and nothing recorded", async () => {
    const out = join(dir, "never.md");
    const before = JSON.parse((await trust(["show", id, "--json"])).stdout).letters.length;
    const r = await trust(["letter", id, "--edit", "--out", out, "--record"], { EDITOR: "false" });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('trust: the editor "false" exited with code 1; nothing was written\n');
    expect(existsSync(out)).toBe(false);
    expect(JSON.parse((await trust(["show", id, "--json"])).stdout).letters.length).toBe(before);
    const none = await trust(["letter", id, "--edit"], { EDITOR: "", VISUAL: "" });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^trust: --edit needs an editor: set VISUAL or EDITOR\n/);
  });

  it("--edit: a draft the editor removed or replaced by a folder or a FIFO is said so, nothing written, no hang", async () => {
    const out = join(dir, "never-either.md");
    for (const [editor, said] of [
      ["rm -f", "is gone"],
      ['sh -c \'rm -f "$0" && mkdir "$0"\'', "is no longer a file"],
      ['sh -c \'rm -f "$0" && mkfifo "$0"\'', "is no longer a file"],
      ['sh -c \'rm -f "$0" && ln -s /dev/zero "$0"\'', "is no longer a file"],
    ] as const) {
      const r = await trust(["letter", id, "--edit", "--out", out, "--record"], { EDITOR: editor, VISUAL: "" });
      expect(r.stderr).toBe(`trust: the draft ${said} after editing; nothing was written\n`);
      expect(r.code).toBe(1);
      expect(existsSync(out)).toBe(false);
    }
  });

  it("exits 4 for a session that does not exist", async () => {
    const r = await trust(["letter", "ffffffff"]);
    expect(r.code).toBe(4);
  });
});

describe("a letter after one was recorded says which of its promises have since moved or been broken", () => {
  const warned = (stderr: string) => stderr.split("\n").filter((l) => l.includes("the letter recorded on"));

  it("a commitment moved later, one cancelled, the next update moved; nothing once a new letter is recorded; and a carried one, in the later call's letter", async () => {
    const call = await startCall("2026-11-16", ["Priya Raman <priya@acme.example>"]);
    expect((await trust(["letter", call, "--record"])).code).toBe(0);
    // Nothing has changed since: nothing to say.
    expect(warned((await trust(["letter", call])).stderr)).toEqual([]);

    const later = { TRUST_NOW: "2026-11-13T10:00:00Z" };
    const listed = JSON.parse((await trust(["show", call, "--json"])).stdout) as { actions: Array<{ id: string; what: string; prompt: string }> };
    const idOf = (start: string) => listed.actions.find((a) => a.what.startsWith(start))!.id;
    const [replayOrders, alert, next] = [idOf("Replay"), idOf("Add an alert"), idOf("Next update")];
    for (const change of [
      ["edit", replayOrders, "--due", "2026-11-21"],
      ["cancel", alert, "--reason", "the alert already exists"],
      ["edit", next, "--due", "2026-11-18"],
    ]) {
      expect((await trust(["actions", ...change], later)).code).toBe(0);
    }
    const r = await trust(["letter", call], later);
    expect(r.code).toBe(0);
    expect(warned(r.stderr)).toEqual([
      'trust: warning: the letter recorded on 2026-11-12 promised "Replay the failed orders" by 2026-11-14; it is now due 2026-11-21: say that the day moved, and why, with --edit before you send this',
      'trust: warning: the letter recorded on 2026-11-12 promised "Next update to Acme, news or not" by 2026-11-16; it is now due 2026-11-18: say that the day moved, and why, with --edit before you send this',
      'trust: warning: the letter recorded on 2026-11-12 promised "Add an alert on queue depth" by 2026-11-20, and it has since been cancelled (the alert already exists): this letter leaves it out, so tell them why with --edit before you send this',
    ]);
    // The letter that says so, recorded, is the one they have now.
    expect((await trust(["letter", call, "--record"], later)).code).toBe(0);
    expect(warned((await trust(["letter", call], later)).stderr)).toEqual([]);

    // A later call carries the replay into its own commitments with a later day still.
    const file = join(dir, "answers-carried.json");
    const carried = JSON.parse(answers("2026-11-20")) as Record<string, unknown>;
    carried.actions = [
      { id: replayOrders, what: "Replay the failed orders", owner: "Dana", due: "2026-11-27" },
      { what: "Review the alert rules with them", owner: "Lee", due: "2026-11-25" },
    ];
    writeFileSync(file, JSON.stringify(carried));
    const again = { TRUST_NOW: "2026-11-16T10:00:00Z" };
    const made = await trust(["start", "--answers", file, "--client", "Acme", "--incident", "Checkout outage again", "--owner", "Dana", "--contact", "Priya Raman <priya@acme.example>", "--json"], again);
    expect(made.code).toBe(0);
    const second = (JSON.parse(made.stdout) as { id: string }).id;
    const letter = await trust(["letter", second], again);
    expect(letter.stdout).toContain("- Replay the failed orders (Dana Whitfield, by Friday 27 November 2026)");
    expect(warned(letter.stderr)).toEqual([
      `trust: warning: the letter recorded on 2026-11-13 for the call of session ${call.slice(0, 8)} promised "Replay the failed orders" by 2026-11-21; it is now due 2026-11-27: say that the day moved, and why, with --edit before you send this`,
    ]);
  });
});
