import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { luhn } from "../../src/report/redact.js";
import { openStore } from "../../src/store/index.js";
import { runCli } from "../helpers/cli.js";
import { ANSWERS, NOW, tempDirs } from "./helpers.js";

/**
 * `--redact` through the real CLI, with contact and payment details typed into every free-text
 * field a session has: the client's and owner's names, attendees, contacts, answers, notes,
 * commitments (what, owner, done note, cancel reason). No digit run of a redacted phone or card
 * number, nor any part of an address, may survive in any export or letter; dates, times, money,
 * versions and references must. The unit cases are in tests/report/redact.test.ts.
 */

const tempDir = tempDirs("trust-fault-redact-");

const PHONES = [
  "0044 20 7946 0958",
  "+44 (0)20 7946 0958",
  "5551234567",
  "555-123-4567",
  "555\u00a0867\u00a05309",
  "+1\u202f415\u202f555\u202f2671",
  "415\u2013555\u20130199",
  "415\u2014555\u20130142",
];
const CARDS = ["5555 5555 5555 4444", "6011-1111-1111-1117", "378282246310005"];
const IBANS = ["GB82 WEST 1234 5698 7654 32", "DE89370400440532013000"];
const EMAILS = ["sam@client.example", "da\u200bna@acme.example", "ops\uff20acme.example", "billing [at] acme [dot] example"];
/** Must come through --redact as typed. */
const KEPT = ["2026-11-09", "14:05", "£1,200", "version 10.4.12", "order 79927398710", "3530 1113 3330 0001"];

/** One of each, in turn, so every field holds a different mix. */
function secrets(i: number): string {
  const pick = <T>(list: T[]) => list[i % list.length]!;
  return `${pick(PHONES)} / ${pick(CARDS)} / ${pick(IBANS)} / ${pick(EMAILS)}`;
}

/** Runs of three or more digits of every phone, card and IBAN: none may be left in a redacted output. */
const DIGIT_RUNS = [...new Set([...PHONES, ...CARDS, ...IBANS].flatMap((s) => s.match(/\d{3,}/g) ?? []))];

/** The output without what is ours and may hold digits by chance: hex ids and ISO timestamps. */
function withoutIdsAndTimes(text: string): string {
  return text.replace(/\b(?=[0-9a-f]*[a-f])[0-9a-f]{8,32}\b/g, "ID").replace(/\d{4}-\d{2}-\d{2}T[\d:.]+Z/g, "TIME");
}

function expectNoLeak(text: string, what: string): void {
  const scanned = withoutIdsAndTimes(text);
  for (const run of DIGIT_RUNS) expect(scanned, `${what} still holds ${run}`).not.toContain(run);
  for (const part of ["@", "\uff20", "[at]", "client.example", "team.example", "acme.example", "acme [dot]"]) expect(text, `${what} still holds ${part}`).not.toContain(part);
}

let dir: string;
let db: string;
let id: string;
const trust = (args: string[]) => runCli([...args, "--db", db], { env: { TRUST_NOW: NOW, NO_COLOR: "1" } });

beforeAll(async () => {
  expect(luhn("3530111333300001")).toBe(false);
  dir = tempDir();
  db = join(dir, "trust.db");
  const answers = {
    ...ANSWERS,
    known_and_open: `Known: ${secrets(0)}. Kept: ${KEPT.join(", ")}.`,
    client_facts: [`Fact ${secrets(1)}`, `Fact ${secrets(2)}`],
    business_impact: `Impact ${secrets(3)}`,
    client_feelings: `Feelings ${secrets(4)}`,
    lead_contact: `Lead ${secrets(5)}`,
    senior_sponsor: `Sponsor ${secrets(6)}`,
    shared_facts: [`Shared ${secrets(7)}`],
    problem_statement: `Problem ${secrets(8)}`,
    remaining_concerns: `Concerns ${secrets(9)}`,
    fix_summary: `Fix ${secrets(10)}`,
    proof_of_fix: `Proof ${secrets(11)}`,
    actions: [
      { what: `Call back ${secrets(12)}`, owner: `Dana ${PHONES[2]}`, due: "+3d" },
      { what: `Refund ${secrets(13)}`, owner: `Lee ${PHONES[3]}`, due: "+1w" },
      { what: `Write ${secrets(14)}`, owner: "Kim", due: "+2w" },
    ],
  };
  const file = join(dir, "answers.json");
  writeFileSync(file, JSON.stringify(answers));
  const run = await trust([
    "start", "--answers", file, "--json", "--severity", "high",
    "--client", `Acme ${PHONES[4]}`,
    "--incident", `Outage reported by ${EMAILS[0]} on ${PHONES[5]}`,
    "--owner", `Dana Whitfield ${PHONES[6]}`,
    "--contact", `Sam Ortiz ${PHONES[7]} <sam@client.example>`,
    "--contact", `Billing ${EMAILS[3]}`,
    "--attendee", `Ana ${PHONES[0]} <ana@team.example>`,
  ]);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  id = (JSON.parse(run.stdout) as { id: string }).id;

  // Notes are typed on the live call; stored here as the call screen stores them.
  const store = openStore(db);
  try {
    store.append(id, { type: "note", step: "prepare", text: `Step note ${secrets(15)}` }, Date.parse(NOW) + 1000);
    store.append(id, { type: "note", text: `General note ${secrets(16)}` }, Date.parse(NOW) + 2000);
  } finally {
    store.close();
  }
  const listed = JSON.parse((await trust(["actions", "--json"])).stdout) as Array<{ id: string; what: string }>;
  const byWhat = (start: string) => listed.find((a) => a.what.startsWith(start))!.id.slice(0, 8);
  expect((await trust(["actions", "done", byWhat("Call back"), "--note", `Done ${secrets(17)}`])).code).toBe(0);
  expect((await trust(["actions", "cancel", byWhat("Refund"), "--reason", `Cancelled ${secrets(18)}`])).code).toBe(0);
});

const outputs: Array<[string, string[]]> = [
  ["team markdown", ["export"]],
  ["team JSON", ["export", "--format", "json"]],
  ["client letter (export)", ["export", "--audience", "client"]],
  ["client JSON", ["export", "--audience", "client", "--format", "json"]],
  ["letter md", ["letter"]],
  ["letter txt", ["letter", "--format", "txt"]],
  ["letter html", ["letter", "--format", "html"]],
];

describe("without --redact the details are there (so the checks below can fail)", () => {
  it("the team markdown holds a phone number, a card number, an IBAN and an address from every kind of field", async () => {
    const run = await trust(["export", id]);
    expect(run.code).toBe(0);
    for (const text of ["7946 0958", "5555 5555 5555 4444", "GB82 WEST", "sam@client.example", "867\u00a05309", "Done ", "Cancelled "]) {
      expect(run.stdout).toContain(text);
    }
  });
});

describe("with --redact nothing of them is left, in any field or format", () => {
  for (const [name, args] of outputs) {
    it(name, async () => {
      const run = await trust([args[0]!, id, "--redact", ...args.slice(1)]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout.length).toBeGreaterThan(300);
      expectNoLeak(run.stdout, name);
      expectNoLeak(run.stderr, `${name} stderr`);
    });
  }

  it("the marks stand where the details were, and the names around them stay", async () => {
    const md = (await trust(["export", id, "--redact"])).stdout;
    // Markdown escapes the brackets: \[phone\] renders as [phone].
    for (const mark of ["phone", "card", "iban", "email"]) expect(md).toContain(`\\[${mark}\\]`);
    expect(md).toContain("Acme \\[phone\\]");
    expect(md).toContain("Dana Whitfield \\[phone\\]");
    expect(md).toContain("Ana \\[phone\\]");
  });

  it("the JSON export redacts every person and commitment field", async () => {
    const doc = JSON.parse((await trust(["export", id, "--redact", "--format", "json"])).stdout) as {
      session: { client: string; owner: string; incident: string; attendees: Array<{ name: string }>; contacts: Array<{ name: string; email?: string }> };
      commitments: Array<{ what: string; owner: string; doneNote?: string | null; cancelReason?: string | null }>;
    };
    expect(doc.session.client).toBe("Acme [phone]");
    expect(doc.session.owner).toBe("Dana Whitfield [phone]");
    expect(doc.session.incident).toBe("Outage reported by [email] on [phone]");
    expect(doc.session.attendees).toEqual([{ name: "Ana [phone]", email: "[email]" }]);
    expect(doc.session.contacts[0]).toEqual({ name: "Sam Ortiz [phone]", email: "[email]" });
    expect(doc.commitments.map((c) => c.owner)).toEqual(expect.arrayContaining(["Dana [phone]", "Lee [phone]", "Kim"]));
    expect(doc.commitments.find((c) => c.doneNote)?.doneNote).toBe("Done [phone] / [card] / [iban] / [email]");
  });

  it("dates, times, money, versions, order numbers and a number failing Luhn are kept", async () => {
    for (const args of [["export", id, "--redact"], ["export", id, "--redact", "--format", "json"]]) {
      const out = (await trust(args)).stdout;
      for (const kept of KEPT) expect(out).toContain(kept);
    }
  });
});
