import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ICAL from "ical.js";
import { ROOT, runCli } from "../helpers/cli.js";
import type { CommitmentJson } from "../../src/json/commitment.js";

/**
 * `trust actions` listings through the real built CLI (run `npm run build` first): --due-within,
 * --status, owners matched through the people file, and the csv format. Listed on Sunday
 * 15 February 2026.
 */

const NOW = "2026-02-15T09:00:00Z";
const CLIENT = '=Evil, Inc.\nLine two; "quoted"';


let dir: string;
let people: string;
const trust = (args: string[], now = NOW) =>
  runCli(args, { env: { TRUST_DB: join(dir, "trust.db"), TRUST_NOW: now, TZ: "UTC", XDG_CONFIG_HOME: join(dir, "no-config") } });

async function list(...args: string[]): Promise<CommitmentJson[]> {
  const r = await trust(["actions", "--json", ...args]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as CommitmentJson[];
}
const whats = (actions: CommitmentJson[]) => actions.map((a) => a.what);
const sessionId = async () => (JSON.parse((await trust(["sessions", "--json"])).stdout) as Array<{ id: string }>)[0]!.id;
const idOf = async (what: string) => (await list("--status", "all")).find((a) => a.what === what)!.id;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "trust-actions-list-"));
  people = join(dir, "people.yaml");
  writeFileSync(people, "people:\n  - name: Sam Whitfield\n    email: sam@ours.example\n    aliases: [Sam]\n");
  const answers = join(dir, "answers.yaml");
  // Owners as typed, kept so: no people file when the session is saved.
  writeFileSync(
    answers,
    [
      "trust_before: 2",
      "client_facts: [Checkout was down]",
      "actions:",
      "  - { what: Review, owner: Sam Whitfield (Head of Reliability), due: 2026-02-20 }",
      "  - { what: Call back, owner: sam, due: 2026-02-25 }",
      "  - { what: Post-mortem, owner: SAM WHITFIELD, due: 2026-04-01 }",
      "  - { what: Refund, owner: Samuel Jones, due: 2026-02-16 }",
      "  - { what: '=HYPERLINK(\"http://evil.example\",\"x\")', owner: Lee, due: 2026-05-01 }",
      "trust_after: 3",
    ].join("\n"),
  );
  for (const [file, client, at] of [
    [join(ROOT, "tests", "fixtures", "answers", "calm.yaml"), "Acme", "2026-01-10T10:00:00Z"], // Dana 2026-01-20, Lee 2026-03-01
    [answers, CLIENT, "2026-02-01T10:00:00Z"],
  ] as const) {
    const r = await trust(["start", "--answers", file, "--client", client, "--incident", "Outage", "--severity", "high", "--owner", "Dana"], at);
    expect(r.code, r.stderr).toBe(0);
  }
  for (const args of [
    ["done", await idOf("Refund")],
    ["cancel", await idOf("Add an alert on error rates"), "--reason", "Not needed after the fix"],
  ]) {
    const r = await trust(["actions", ...args]);
    expect(r.code, r.stderr).toBe(0);
  }
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("trust actions --due-within", () => {
  it("lists open commitments due from now to N days or weeks ahead, overdue ones included", async () => {
    const [week, twoWeeks, today, days] = await Promise.all([list("--due-within", "7d"), list("--due-within", "2w"), list("--due-within", "0d"), list("--due-within", "10 days")]);
    // The refund (16th) is done and the alert (1 March) cancelled: neither is listed.
    expect(whats(week)).toEqual(["Send the incident review", "Review"]);
    expect(whats(twoWeeks)).toEqual(["Send the incident review", "Review", "Call back"]);
    expect(whats(today)).toEqual(["Send the incident review"]);
    expect(whats(days)).toEqual(["Send the incident review", "Review", "Call back"]);
    const table = await trust(["actions", "--due-within", "0d", "--owner", "Lee"]);
    expect(table.stderr).toBe("Nothing is due within 0d.\n");
  });

  it("works with --fail and --owner as a CI gate", async () => {
    const r = await trust(["actions", "--due-within", "1w", "--owner", "dana", "--fail"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("1 commitment is overdue");
  });

  it.each([["--client"], ["--owner"]])("as a CI gate, refuses an empty %s (an unset variable) rather than pass on nothing listed (exit 2)", async (option) => {
    const r = await trust(["actions", "--overdue", "--fail", option, ""]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`trust: ${option} needs a name\nhint: give ${option} a name, or leave it out for all of them\n`);
  });

  it.each([["7"], ["7x"], ["-1d"], ["1 fortnight"]])("refuses %j (exit 2)", async (span) => {
    const r = await trust(["actions", "--due-within", span]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--due-within "${span}" is not a span of days or weeks`);
  });

  it.each([["4000d"], ["600w"], ["99999999999999999d"]])("refuses %j as a span too long, in the words of a span (exit 2)", async (span) => {
    const r = await trust(["actions", "--due-within", span]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`trust: --due-within "${span}" is too long: a span reaches at most ten years ahead\nhint: use 7d or 2w, or leave it out to list every open commitment\n`);
  });
});

describe("trust actions --status", () => {
  it("lists open and done by default, one state when asked, everything with all", async () => {
    const [byDefault, open, done, cancelled, all] = await Promise.all([list(), list("--status", "open"), list("--status", "done"), list("--status", "cancelled"), list("--status", "all")]);
    expect(byDefault.map((a) => a.status).sort()).toEqual(["done", "open", "open", "open", "open", "open"]);
    expect(whats(done)).toEqual(["Refund"]);
    expect(whats(cancelled)).toEqual(["Add an alert on error rates"]);
    expect(open.every((a) => a.status === "open")).toBe(true);
    expect(all).toHaveLength(7);
    expect(await list("--open")).toEqual(open);
    const table = await trust(["actions", "--status", "all"]);
    expect(table.stdout).toMatch(/^[0-9a-f]{8} {2}2026-03-01 {2}Lee .* cancelled$/m);
  });

  it("refuses an unknown state, or one --open, --overdue or --due-within contradict (exit 2)", async () => {
    const bad = await trust(["actions", "--status", "finished"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Allowed choices are open, done, cancelled, all");
    for (const flags of [["--open"], ["--overdue"], ["--due-within", "7d"]]) {
      const r = await trust(["actions", ...flags, "--status", "done"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${flags[0]} lists open commitments: it cannot be combined with --status done`);
    }
    expect((await trust(["actions", "--overdue", "--status", "open"])).code).toBe(0);
  });
});

describe("trust actions --owner", () => {
  it("matches any name the people file gives the person, whatever the case, a role in brackets aside", async () => {
    const withFile = (...args: string[]) => list("--people", people, ...args);
    const [alias, upper, full, role] = await Promise.all([withFile("--owner", "sam"), withFile("--owner", "SAM"), withFile("--owner", "sam whitfield"), withFile("--owner", "Sam Whitfield (CTO)")]);
    expect(whats(alias)).toEqual(["Review", "Call back", "Post-mortem"]);
    expect(upper).toEqual(alias);
    expect(full).toEqual(alias);
    expect(role).toEqual(alias);
  });

  it("without the people file, matches the name given, case and a role aside", async () => {
    expect(whats(await list("--owner", "sam whitfield"))).toEqual(["Review", "Post-mortem"]);
    expect(whats(await list("--owner", "Sam"))).toEqual(["Call back"]);
    expect(whats(await list("--owner", "Sam Whitfield (Head of Reliability)"))).toEqual(["Review", "Post-mortem"]);
  });
});

/** RFC 4180 records: quoted fields may hold commas, quotes (doubled) and line breaks; records end with CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error("unterminated quoted field");
        field += text.slice(i, q);
        i = q + 1;
        if (text[i] !== '"') break;
        field += '"';
        i++;
      }
    } else {
      const end = text.slice(i).search(/,|\r\n/);
      if (end < 0) throw new Error("record without CRLF");
      field = text.slice(i, i + end);
      if (/["\r\n]/.test(field)) throw new Error(`bare quote or line break in ${JSON.stringify(field)}`);
      i += end;
    }
    row.push(field);
    if (text[i] === ",") i++;
    else if (text.startsWith("\r\n", i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else throw new Error(`unexpected ${JSON.stringify(text[i])} after a field`);
  }
  return rows;
}

describe("trust actions --format csv", () => {
  it("is RFC 4180 with a header row, the JSON's fields, formulas defused", async () => {
    const r = await trust(["actions", "--format", "csv", "--status", "all"]);
    expect(r.code, r.stderr).toBe(0);
    const [header, ...rows] = parseCsv(r.stdout);
    expect(header).toEqual([
      "id", "session", "client", "incident", "prompt", "what", "owner", "due", "status", "overdue",
      "created_at", "done_at", "done_note", "cancelled_at", "cancel_reason",
    ]);
    const json = await list("--status", "all");
    expect(rows.map((row) => row[0])).toEqual(json.map((a) => a.id));
    const record = (what: string) => Object.fromEntries(header!.map((h, k) => [h, rows.find((row) => row[5] === what)![k]]));
    // A client name with a line break, a comma, a semicolon and quotes comes back whole; the leading "=" is defused.
    expect(record("Review")).toMatchObject({ client: `'${CLIENT}`, owner: "Sam Whitfield (Head of Reliability)", due: "2026-02-20", status: "open", overdue: "false", done_at: "" });
    expect(rows.find((row) => row[5]!.includes("HYPERLINK"))![5]).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(record("Add an alert on error rates")).toMatchObject({ status: "cancelled", cancelled_at: "2026-02-15T09:00:00.000Z", cancel_reason: "Not needed after the fix" });
    expect(record("Send the incident review")).toMatchObject({ client: "Acme", overdue: "true" });
  });

  it("prints the header alone when nothing matches", async () => {
    const r = await trust(["actions", "--format", "csv", "--client", "Nobody"]);
    expect(r.code).toBe(0);
    expect(parseCsv(r.stdout)).toHaveLength(1);
  });

  it("refuses --json with another --format, and an unknown format (exit 2)", async () => {
    const both = await trust(["actions", "--json", "--format", "csv"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--json and --format csv ask for two formats");
    // The same rule for every command with both, a format that is the default included (with
    // --debug, the stack trace follows the line).
    for (const args of [["client", "Acme", "--format", "md"], ["report", "--format", "table"], ["export", await sessionId(), "--format", "md"], ["report", "--format", "csv", "--debug"]]) {
      const r = await trust([...args, "--json"]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.split("\n")[0]).toBe(`trust: --json and --format ${args[args.indexOf("--format") + 1]} ask for two formats: give one`);
      expect((await trust([...args.filter((a, i) => a !== "--format" && args[i - 1] !== "--format"), "--format", "json", "--json"])).code).toBe(0);
    }
    const unknown = await trust(["actions", "--format", "xml"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Allowed choices are table, json, csv");
  });
});

describe("trust actions --format ics", () => {
  const todos = (text: string) => new ICAL.Component(ICAL.parse(text)).getAllSubcomponents("vtodo");

  it("is a calendar a calendar app reads: one to-do per open commitment, with its due date, owner and client", async () => {
    const r = await trust(["actions", "--format", "ics", "--people", people]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split("\r\n").filter((line) => Buffer.byteLength(line) > 75)).toEqual([]);
    const open = await list("--status", "open");
    const items = todos(r.stdout);
    expect(items.map((t) => t.getFirstPropertyValue("summary")).sort()).toEqual(whats(open).sort());
    for (const t of items) expect(t.getFirstPropertyValue("status")).toBe("NEEDS-ACTION");
    const review = items.find((t) => t.getFirstPropertyValue("summary") === "Review")!;
    expect(String(review.getFirstPropertyValue("due"))).toBe("2026-02-20");
    expect(review.getFirstPropertyValue("uid")).toBe(`${await idOf("Review")}@trust`);
    // The owner is an attendee when the people file has their address; the client name, with its
    // newline, semicolon and quotes, is text in the description, not a broken line.
    const attendee = review.getFirstProperty("attendee")!;
    expect(attendee.getFirstValue()).toBe("mailto:sam@ours.example");
    expect(attendee.getParameter("cn")).toBe("Sam Whitfield (Head of Reliability)");
    expect(String(review.getFirstPropertyValue("description"))).toContain(`Client: ${CLIENT}\n`);
    const lee = items.find((t) => t.getFirstPropertyValue("summary") === "Send the incident review")!;
    expect(lee.getFirstProperty("attendee")).toBeNull();
  });

  it("with nothing to list, is still a calendar (and a CSV its header), and says on stderr why it is empty", async () => {
    const r = await trust(["actions", "--format", "ics", "--owner", "Nobody At All"]);
    expect(r.code, r.stderr).toBe(0);
    expect(todos(r.stdout)).toEqual([]);
    expect(new ICAL.Component(ICAL.parse(r.stdout)).getFirstPropertyValue("prodid")).toBe("-//trust//commitments//EN");
    expect(r.stderr).toBe("No commitments match.\n");
    const csv = await trust(["actions", "--format", "csv", "--overdue", "--owner", "Nobody At All"]);
    expect(csv.stdout.split("\n")[0]).toMatch(/^id,session,client/);
    expect(csv.stderr).toBe("Nothing is overdue.\n");
    // Something to list: nothing said.
    expect((await trust(["actions", "--format", "ics"])).stderr).toBe("");
  });

  it("keeps each to-do's UID across runs, and counts its edits in SEQUENCE so a re-import updates it", async () => {
    const uids = async () => todos((await trust(["actions", "--format", "ics"])).stdout).map((t) => [t.getFirstPropertyValue("uid"), t.getFirstPropertyValue("sequence")]);
    const first = await uids();
    expect(await uids()).toEqual(first);
    const edited = await trust(["actions", "edit", await idOf("Call back"), "--due", "2026-02-27"]);
    expect(edited.code, edited.stderr).toBe(0);
    const after = new Map((await uids()) as Array<[unknown, unknown]>);
    const uid = `${await idOf("Call back")}@trust`;
    expect(after.get(uid)).toBe(1);
    expect([...after.keys()].sort()).toEqual(first.map(([u]) => u).sort());
    // Done, then reopened: each a new version a calendar must take, with what can be done now.
    const id = await idOf("Call back");
    const version = async (args: string[]) => {
      const run = await trust(args);
      expect(run.code, run.stderr).toBe(0);
      const todo = todos((await trust(["actions", "--format", "ics", "--status", "all"])).stdout).find((t) => t.getFirstPropertyValue("uid") === uid)!;
      return [todo.getFirstPropertyValue("sequence"), todo.getFirstPropertyValue("status"), String(todo.getFirstPropertyValue("description")).split("\n").at(-1)];
    };
    expect(await version(["actions", "done", id, "--note", "called them"])).toEqual([2, "COMPLETED", `Done: called them. Reopen it: trust actions reopen ${id.slice(0, 8)}`]);
    expect(await version(["actions", "reopen", id])).toEqual([3, "NEEDS-ACTION", `Mark it done: trust actions done ${id.slice(0, 8)}`]);
  });
});
