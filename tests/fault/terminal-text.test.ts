import { mkdirSync, writeFileSync } from "node:fs";
import ICAL from "ical.js";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { commitmentsIcs } from "../../src/report/commitments-ics.js";
import { openStore, type ListedAction } from "../../src/store/index.js";
import { runCli, type CliResult } from "../helpers/cli.js";
import { TerminalSession } from "../helpers/pty.js";
import { ANSWERS, NOW, tempDirs } from "./helpers.js";

/**
 * Text people typed (a client's name, an answer, a note, a commitment) holding terminal control
 * sequences: every human-readable output of the real CLI shows them as signs instead of letting
 * them act (set the title, clear the screen, plant a hidden link, overwrite a line, reorder text),
 * while JSON keeps the exact strings. Our own colours are checked by tests/fault/terminal-paint.test.ts.
 */

const tempDir = tempDirs("trust-fault-text-");

/**
 * OSC title, CSI clear, an OSC-8 hidden link, CR, BS, DEL, C1 NEL and CSI, RLO and an isolate,
 * and a DCS query. argv cannot hold NUL, so only the values from the answers file add one.
 */
const HOSTILE =
  "A\x1b]0;pwned\x07B\x1b[2JC\x1b]8;;http://evil.example\x1b\\hidden\x1b]8;;\x1b\\D\rE\bF\x7fG\x85H\x9b31mI\u202eJ\u2066K\u2069L\x1bP1$r\x1b\\M"
  // Direction marks, a line separator, characters that show as nothing, a stray tag character.
  + "\u200eN\u200fO\u061cP\u2028Q\u200bR\ufeffS\u2063T\u{E0041}U";
const IN_FILE = `${HOSTILE}\x00N`;

/** Any C0 control but tab and newline, DEL, any C1 control, any bidi mark, override or isolate, a line separator, the invisibles. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029\u200b\ufeff\u2060-\u2064\u{E0000}-\u{E007F}]/u;

function expectClean(text: string, what: string): void {
  const hit = CONTROL.exec(text);
  expect(hit, `${what}: U+${hit?.[0].codePointAt(0)!.toString(16).padStart(4, "0")} at ${hit?.index}`).toBeNull();
  // The text is still there, shown: the sign for ESC stands where a sequence started.
  expect(text).not.toContain("pwned\x07");
}

const CLIENT = `Client ${HOSTILE}`;
const INCIDENT = `Incident ${HOSTILE}`;
const OWNER = `Owner ${HOSTILE}`;

let dir: string;
let db: string;
let id: string;
let startRun: CliResult;
let actionIds: string[];

const trust = (args: string[]) => runCli([...args, "--db", db], { env: { TRUST_NOW: NOW, NO_COLOR: "1" } });

beforeAll(async () => {
  dir = tempDir();
  db = join(dir, "trust.db");
  const answers = {
    ...ANSWERS,
    known_and_open: `Known ${IN_FILE}`,
    client_facts: [`Fact ${IN_FILE}`, "line one\nline two\r\nline three"],
    business_impact: `Impact ${IN_FILE}`,
    client_feelings: `Feelings ${IN_FILE}`,
    lead_contact: `Lead ${IN_FILE}`,
    problem_statement: `Problem ${IN_FILE}`,
    remaining_concerns: `Concerns ${IN_FILE}`,
    fix_summary: `Fix ${IN_FILE}`,
    proof_of_fix: `Proof ${IN_FILE}`,
    actions: [
      { what: `Replay ${IN_FILE}`, owner: `Dana ${IN_FILE}`, due: "+3d" },
      { what: `Alert ${IN_FILE}`, owner: "Lee", due: "+1w" },
    ],
  };
  const file = join(dir, "answers.json");
  writeFileSync(file, JSON.stringify(answers));
  const common = ["start", "--answers", file, "--client", CLIENT, "--incident", INCIDENT, "--severity", "high", "--owner", OWNER];
  const people = ["--contact", `Sam ${HOSTILE} <sam@client.example>`, "--attendee", `Ana ${HOSTILE}`];
  startRun = await trust([...common, ...people]);
  expect(startRun.stderr).toBe("");
  expect(startRun.code).toBe(0);

  const listed = JSON.parse((await trust(["sessions", "--json"])).stdout) as Array<{ id: string }>;
  id = listed[0]!.id;
  // Notes are typed on the live call; stored here the way the call screen stores them.
  const store = openStore(db);
  try {
    store.append(id, { type: "note", step: "prepare", text: `Step note ${IN_FILE}\nsecond line` }, Date.parse(NOW) + 1000);
    store.append(id, { type: "note", text: `General note ${IN_FILE}` }, Date.parse(NOW) + 2000);
  } finally {
    store.close();
  }
  actionIds = (JSON.parse((await trust(["actions", "--json"])).stdout) as Array<{ id: string; what: string }>)
    .filter((a) => a.what.startsWith("Replay") || a.what.startsWith("Alert"))
    .map((a) => a.id);
  expect(actionIds).toHaveLength(2);
});

describe("every human-readable output shows controls instead of passing them on", () => {
  it("the end-of-call summary and transcript of trust start", () => {
    expectClean(startRun.stdout, "start");
    expect(startRun.stdout).toContain("Client A␛]0;pwned␇B␛[2JC");
  });

  const outputs: Array<[string, () => string[]]> = [
    ["trust sessions", () => ["sessions"]],
    ["trust show", () => ["show", id]],
    ["trust actions", () => ["actions"]],
    ["trust report", () => ["report"]],
    ["trust report --group-by client", () => ["report", "--group-by", "client"]],
    ["trust report --group-by owner", () => ["report", "--group-by", "owner"]],
    ["trust report --client (the scope line)", () => ["report", "--client", CLIENT]],
    ["trust report --format md --group-by client", () => ["report", "--format", "md", "--group-by", "client"]],
    ["trust export (team markdown)", () => ["export", id]],
    ["trust export --redact", () => ["export", id, "--redact"]],
    ["trust export --audience client", () => ["export", id, "--audience", "client"]],
    ["trust letter (md)", () => ["letter", id]],
    ["trust letter --format txt", () => ["letter", id, "--format", "txt"]],
    ["trust letter --format html", () => ["letter", id, "--format", "html"]],
    ["trust clients", () => ["clients"]],
    ["trust client", () => ["client", CLIENT]],
    ["trust client --format md", () => ["client", CLIENT, "--format", "md"]],
  ];
  for (const [name, args] of outputs) {
    it(name, async () => {
      const run = await trust(args());
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout.length).toBeGreaterThan(50);
      expectClean(run.stdout, `${name} stdout`);
      expectClean(run.stderr, `${name} stderr`);
    });
  }

  it.each([["md", ""], ["txt", ""], ["html", ""], ["eml", ""], ["txt", "--redact"]])("trust letter --format %s %s leaves out whole escape sequences: no code's tail, no hidden link's URL", async (format, redact) => {
    // Redaction strips controls before the letter does: it must take whole sequences too.
    const run = await trust(["letter", id, "--format", format, ...(redact ? [redact] : [])]);
    expect(run.code, run.stderr).toBe(0);
    // What the sequences held is gone with them; the text around them stays, in its order.
    expect(run.stdout).not.toContain("evil.example");
    expect(run.stdout).not.toContain("pwned");
    expect(run.stdout).not.toMatch(/\[2J|31m|1\$r/);
    expect(run.stdout).toContain("hidden");
  });

  it("trust show prints the notes and the commitments, shown", async () => {
    const run = await trust(["show", id]);
    expect(run.stdout).toContain("Step note A␛]0;pwned");
    expect(run.stdout).toContain("␀N");
    expect(run.stdout).toContain("Replay A␛");
  });

  it("trust actions done, edit, cancel and reopen confirm with the text shown", async () => {
    const [first, second] = actionIds.map((a) => a.slice(0, 8)) as [string, string];
    const runs = [
      await trust(["actions", "done", first, "--note", `Done ${HOSTILE}`]),
      await trust(["actions", "reopen", first, "--note", `Reopened ${HOSTILE}`]),
      await trust(["actions", "edit", first, "--what", `Edited ${HOSTILE}`, "--owner", `Kim ${HOSTILE}`]),
      await trust(["actions", "cancel", second, "--reason", `Cancelled ${HOSTILE}`]),
    ];
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/Edited A␛|Replay A␛|Alert A␛/);
      expectClean(run.stdout, "action verb stdout");
      expectClean(run.stderr, "action verb stderr");
    }
    // The timeline of show now holds the done note, the edit and the reason.
    const shown = await trust(["show", id]);
    expectClean(shown.stdout, "show after the verbs");
    expect(shown.stdout).toContain("Cancelled A␛");
  });

  it("errors quoting what was typed: a TrustError's message and hint, and commander's own errors", async () => {
    const runs = [
      await trust(["client", `Nobody ${HOSTILE}`]),
      await trust(["show", `beef${HOSTILE}`]),
      await trust(["actions", "done", `dead${HOSTILE}`]),
      await trust(["sessions", "--status", HOSTILE]),
      await trust(["report", "--since", HOSTILE]),
      await trust(["export", id, "--format", HOSTILE]),
      await trust([`--bogus${HOSTILE}`]),
    ];
    for (const run of runs) {
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(/^trust: /);
      expectClean(run.stderr, `error ${run.stderr.slice(0, 40)}`);
      expectClean(run.stdout, "error stdout");
    }
  });
});

describe("a playbook's own text is someone's file too", () => {
  // Every kind of text field a playbook has, each carrying the hostile string; YAML's double quotes
  // spell the controls with escapes, so the file is plain ASCII and loads as any playbook does.
  const q = (s: string) => JSON.stringify(s).replace(/\u007f/g, "\\x7f").replace(/\u0085/g, "\\x85").replace(/\u009b/g, "\\x9b");
  const yaml = [
    "id: hostile-text",
    `title: ${q(`Title ${HOSTILE}`)}`,
    "version: 1",
    `description: ${q(`Description ${HOSTILE}`)}`,
    "tags: [plain]",
    "steps:",
    "  - id: first",
    `    title: ${q(`Step ${HOSTILE}`)}`,
    `    guidance: ${q(`Guidance ${HOSTILE}`)}`,
    `    say: [${q(`Say ${HOSTILE}`)}]`,
    `    avoid: [${q(`Avoid ${HOSTILE}`)}]`,
    "    prompts:",
    "      - id: pick",
    "        type: select",
    `        message: ${q(`Message ${HOSTILE}`)}`,
    `        help: ${q(`Help ${HOSTILE}`)}`,
    `        choices: [${q(`Choice ${HOSTILE}`)}, plain]`,
    "",
  ].join("\n");
  let folder: string;

  let invalid: string;

  beforeAll(() => {
    folder = join(dir, "playbooks");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "hostile-text.yaml"), yaml);
    // Invalid where the error quotes what was written: a tag and a key of its own.
    invalid = join(dir, "invalid.yaml");
    writeFileSync(invalid, yaml.replace("tags: [plain]", `tags: [${q(`tag ${HOSTILE}`)}]\n${q(`key ${HOSTILE}`)}: 1`));
  });

  it("an invalid playbook's errors quote it with the controls shown", async () => {
    for (const args of [["playbook", "validate", invalid], ["playbook", "show", invalid]]) {
      const run = await trust(args);
      expect(run.code).toBe(2);
      expect(run.stdout + run.stderr).toContain("tags[0]");
      expectClean(run.stderr, `${args.join(" ")} stderr`);
      expectClean(run.stdout, `${args.join(" ")} stdout`);
    }
  });

  const runs: Array<[string, () => string[]]> = [
    ["trust playbook show <file>", () => ["playbook", "show", join(folder, "hostile-text.yaml")]],
    ["trust playbook show <id> --playbooks", () => ["playbook", "show", "hostile-text", "--playbooks", folder]],
    ["trust playbooks --playbooks", () => ["playbooks", "--playbooks", folder]],
    ["trust playbook validate", () => ["playbook", "validate", join(folder, "hostile-text.yaml")]],
  ];
  for (const [name, args] of runs) {
    it(name, async () => {
      const run = await trust(args());
      expect(run.code, run.stderr).toBe(0);
      expectClean(run.stdout, `${name} stdout`);
      expectClean(run.stderr, `${name} stderr`);
    });
  }

  it("the outline shows every field, controls as signs", async () => {
    const run = await trust(["playbook", "show", join(folder, "hostile-text.yaml")]);
    for (const field of ["Title", "Description", "Step", "Guidance", "Say", "Avoid", "Message", "Help", "Choice"]) {
      expect(run.stdout).toContain(`${field} A␛]0;pwned␇B`);
    }
  });
});

describe("the calendar file holds no controls a reader could take for its own syntax", () => {
  it("trust actions --format ics, read back with ical.js: one to-do per commitment, signs in the text", async () => {
    const run = await trust(["actions", "--format", "ics", "--status", "all"]);
    expect(run.code, run.stderr).toBe(0);
    // RFC 5545 TEXT allows no control character but the CRLF that ends each line.
    expectClean(run.stdout.replace(/\r\n/g, "\n"), "ics");
    const todos = new ICAL.Component(ICAL.parse(run.stdout)).getAllSubcomponents("vtodo");
    expect(todos.length).toBeGreaterThanOrEqual(2);
    expect(todos.map((t) => String(t.getFirstPropertyValue("summary"))).join("\n")).toMatch(/A␛\]0;pwned␇B/);
  });

  it("a lone CR or a line break in an owner cannot start a property of its own", () => {
    const action = {
      id: "0f0e0d0c-0b0a-4000-8000-000000000001",
      sessionId: "0f0e0d0c-0b0a-4000-8000-000000000002",
      what: "Replay\rATTENDEE:mailto:evil@example.com\r\nSTATUS:COMPLETED",
      owner: "Dana\rX-EVIL:1\nY",
      client: "Acme",
      incident: `Outage\r${HOSTILE}`,
      due: "2026-11-20",
      status: "open",
      createdAt: Date.parse(NOW),
      doneAt: null,
    } as unknown as ListedAction;
    const ics = commitmentsIcs({ actions: [action], emailOf: () => "dana@example.com", changes: new Map(), now: Date.parse(NOW) });
    expectClean(ics.replace(/\r\n/g, "\n"), "ics");
    const [todo] = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents("vtodo");
    const names = todo!.getAllProperties().map((p) => p.name).sort();
    expect(names).toEqual(["attendee", "created", "description", "dtstamp", "due", "sequence", "status", "summary", "uid"]);
    expect(todo!.getAllProperties("attendee")).toHaveLength(1);
    expect(todo!.getFirstPropertyValue("status")).toBe("NEEDS-ACTION");
    expect(todo!.getFirstProperty("attendee")!.getParameter("cn")).toBe("Dana␍X-EVIL:1 Y");
  });
});

describe("CSV keeps the exact text for a program, and shows it to a person at a terminal", () => {
  it.each([
    ["trust actions --format csv", ["actions", "--format", "csv"]],
    ["trust report --format csv --group-by client", ["report", "--format", "csv", "--group-by", "client"]],
    ["trust report --format csv --group-by owner", ["report", "--format", "csv", "--group-by", "owner"]],
  ])("%s", async (_name, args) => {
    const piped = await trust(args);
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout).toContain("A\x1b]0;pwned\x07B");

    const term = new TerminalSession([...args, "--db", db], { TRUST_NOW: NOW });
    expect(await term.exited).toBe(0);
    // The terminal turns each line end into CR LF; no other control reaches it.
    const seen = term.raw.replace(/\r*\n/g, "\n");
    expectClean(seen, args.join(" "));
    expect(seen).toContain("A␛]0;pwned␇B␛[2JC");
    expect(seen.split("\n")[0]).toBe(piped.stdout.split("\r\n")[0]);
  });
});

describe("JSON keeps the exact strings", () => {
  it("trust sessions --json", async () => {
    const [s] = JSON.parse((await trust(["sessions", "--json"])).stdout) as Array<{ client: string; incident: string; owner: string; contacts: Array<{ name: string }> }>;
    expect(s!.client).toBe(CLIENT);
    expect(s!.incident).toBe(INCIDENT);
    expect(s!.owner).toBe(OWNER);
    // "Name <email>" is parsed on the way in, which folds what JavaScript counts as white space (CR, U+2028, BOM) into spaces; the rest is kept.
    expect(s!.contacts[0]!.name).toBe(`Sam ${HOSTILE.replace(/[\r\u2028\ufeff]/g, " ")}`);
  });

  it("trust show --json: answers and notes", async () => {
    const out = JSON.parse((await trust(["show", id, "--json"])).stdout) as {
      answers: Array<{ prompt: string; value: unknown }>;
      notes: Array<{ text: string }>;
    };
    const value = (prompt: string) => out.answers.find((a) => a.prompt === prompt)?.value;
    expect(value("known_and_open")).toBe(`Known ${IN_FILE}`);
    expect(value("client_facts")).toEqual([`Fact ${IN_FILE}`, "line one\nline two\r\nline three"]);
    expect(out.notes.map((n) => n.text)).toEqual([`Step note ${IN_FILE}\nsecond line`, `General note ${IN_FILE}`]);
  });

  it("trust export --format json", async () => {
    const out = (await trust(["export", id, "--format", "json"])).stdout;
    const doc = JSON.parse(out) as { session: { client: string; owner: string } };
    expect(doc.session.client).toBe(CLIENT);
    expect(doc.session.owner).toBe(OWNER);
  });
});
