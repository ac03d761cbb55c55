import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commitmentJson } from "../../src/json/commitment.js";
import { answerJson, eventJson, letterJson, noteJson } from "../../src/json/session-detail.js";
import { sessionJson } from "../../src/json/session.js";
import { ENTITIES, JSON_OUTPUTS, renderJsonSection, type EntityName, type Field } from "../../src/json/shapes.js";
import { ROOT, runCli, withoutPastDays } from "../helpers/cli.js";

/**
 * src/json/shapes.ts is what the README says every --json output holds. These tests hold the
 * README to it, each serializer to its entity's fields, and the built CLI's real output (a call
 * run from an answers file, a letter recorded, a commitment done) to each command's row.
 */

const README = join(ROOT, "README.md");
const START = "<!-- json-output:start -->\n";
const END = "<!-- json-output:end -->";

const names = (fields: readonly Field[]) => fields.map((x) => x.name);
const keys = (o: unknown) => Object.keys(o as object);
const entity = (name: EntityName) => names(ENTITIES[name].fields);

function output(command: string) {
  const found = JSON_OUTPUTS.find((o) => o.command.startsWith(command));
  if (found === undefined) throw new Error(`no row for ${command}`);
  return found;
}
function fieldsOf(command: string): string[] {
  const { shape } = output(command);
  if (!("fields" in shape)) throw new Error(`${command} has no fields of its own`);
  return names(shape.fields);
}

describe("the README's JSON output section", () => {
  it("is the one rendered from src/json/shapes.ts", () => {
    const readme = readFileSync(README, "utf8");
    const from = readme.indexOf(START);
    const to = readme.indexOf(END);
    expect(from, "README has the json-output markers").toBeGreaterThan(-1);
    const want = `${START}${renderJsonSection()}${END}`;
    if (process.env.UPDATE_README === "1") writeFileSync(README, readme.slice(0, from) + want + readme.slice(to + END.length));
    else expect(readme.slice(from, to + END.length), "run UPDATE_README=1 npx vitest run tests/json/shapes.test.ts").toBe(want);
  });
});

let dir: string;
let db: string;
const cli = (...args: string[]) => runCli([...args, "--db", db], { env: { TRUST_NOW: "2026-11-09T10:00:00Z" } });
async function json(...args: string[]): Promise<unknown> {
  const r = await cli(...args);
  expect(withoutPastDays(r.stderr)).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

let summary: { id: string; actions: Array<{ id: string }> };
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "trust-json-"));
  db = join(dir, "trust.db");
  const answers = join(ROOT, "tests", "fixtures", "answers", "calm.yaml");
  summary = (await json("start", "--answers", answers, "--client", "Acme", "--incident", "Outage", "--severity", "high", "--owner", "Dana", "--contact", "Priya <priya@acme.example>", "--attendee", "Sam Lee", "--json")) as typeof summary;
  const letter = await cli("letter", summary.id, "--record", "--out", join(dir, "letter.md"));
  expect(letter.code).toBe(0);
  await json("actions", "done", summary.actions[0]!.id, "--note", "sent", "--json");
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("each command prints what its row says, in that order", () => {
  it("trust start --json", () => {
    expect(keys(summary)).toEqual(fieldsOf("trust start"));
    expect(summary.actions.length).toBeGreaterThan(0);
    for (const a of summary.actions) expect(keys(a)).toEqual(entity("commitment"));
  });

  it("trust sessions --json: a list of sessions", async () => {
    const list = (await json("sessions", "--json")) as unknown[];
    expect(output("trust sessions").shape).toEqual({ listOf: "session" });
    expect(list).toHaveLength(1);
    expect(keys(list[0])).toEqual(entity("session"));
    // A person is { name, email } everywhere, email null when not given (as the client page has it).
    expect(list[0]).toMatchObject({ attendees: [{ name: "Sam Lee", email: null }], contacts: [{ name: "Priya", email: "priya@acme.example" }] });
    const exported = (await json("export", summary.id, "--json")) as { session: unknown };
    expect(exported.session).toMatchObject({ attendees: [{ name: "Sam Lee", email: null }] });
  });

  it("trust show --json: its fields, each entity in its one shape", async () => {
    const shown = (await json("show", summary.id, "--json")) as Record<string, unknown[]> & { session: unknown };
    expect(keys(shown)).toEqual(fieldsOf("trust show"));
    expect(keys(shown.session)).toEqual(entity("session"));
    expect(shown.answers!.length).toBeGreaterThan(3);
    for (const a of shown.answers!) expect(keys(a)).toEqual(entity("answer"));
    for (const a of shown.actions!) expect(keys(a)).toEqual(entity("commitment"));
    expect(shown.letters).toHaveLength(1);
    expect(keys(shown.letters![0])).toEqual(entity("letter"));
    for (const e of shown.timeline!) expect(keys(e)).toEqual(expect.arrayContaining(["seq", "type", "at"]));
  });

  it("trust actions --json and a verb's --json: commitments", async () => {
    const list = (await json("actions", "--status", "all", "--json")) as unknown[];
    expect(list.length).toBe(summary.actions.length);
    for (const a of list) expect(keys(a)).toEqual(entity("commitment"));
    const reopened = await json("actions", "reopen", summary.actions[0]!.id, "--json");
    expect(output("trust actions done").shape).toEqual({ one: "commitment" });
    expect(keys(reopened)).toEqual(entity("commitment"));
  });

  it("trust doctor --json and trust playbook validate --json", async () => {
    expect(keys(await json("doctor", "--json"))).toEqual(fieldsOf("trust doctor"));
    const file = join(ROOT, "playbooks", "restore-trust.yaml");
    expect(keys(await json("playbook", "validate", file, "--json"))).toEqual(fieldsOf("trust playbook validate"));
  });

  it("the versioned outputs carry the format and version their rows give", async () => {
    const versioned = (o: unknown) => ({ format: (o as { format?: string }).format, version: (o as { version: number }).version });
    const row = (command: string) => {
      const s = output(command).stability;
      if (!("versioned" in s)) throw new Error(`${command} is not versioned`);
      return { format: s.versioned.format, version: s.versioned.version };
    };
    expect(versioned(await json("report", "--json"))).toEqual(row("trust report"));
    expect(versioned(await json("export", summary.id, "--json"))).toEqual(row("trust export"));
    expect(versioned(await json("client", "Acme", "--json"))).toEqual(row("trust client <name>"));
    expect(versioned(await json("clients", "--json"))).toEqual(row("trust clients"));
  });
});

describe("each serializer gives its entity's fields, in order", () => {
  const at = Date.UTC(2026, 10, 9, 10);
  const session = {
    id: "3f9c".padEnd(32, "0"),
    client: "Acme",
    incident: "Outage",
    severity: "high" as const,
    owner: "Dana",
    attendees: [],
    contacts: [],
    rehearsal: false,
    playbookId: "restore-trust",
    playbookVersion: 3,
    playbookHash: "0".repeat(64),
    playbookSource: "",
    status: "completed" as const,
    source: "live" as const,
    startedAt: at,
    updatedAt: at,
    completedAt: at,
  };
  const action = {
    id: "7a2e".padEnd(32, "0"),
    sessionId: session.id,
    client: "Acme",
    incident: "Outage",
    prompt: "commitments",
    position: 0,
    what: "Send the post-mortem",
    owner: "Dana",
    due: "2026-11-13",
    status: "open" as const,
    createdAt: at,
    doneAt: null,
    doneNote: null,
    cancelledAt: null,
    cancelReason: null,
  };

  it.each<[EntityName, unknown]>([
    ["session", sessionJson(session)],
    ["commitment", commitmentJson(action, "2026-11-20")],
    ["answer", answerJson({ id: "facts" } as never, { id: "what_happened", type: "text", message: "What happened?" } as never, { kind: "answered", value: "x", at, seq: 3 })],
    ["note", noteJson({ text: "they were calm", at })],
    ["letter", letterJson({ type: "letter", format: "md", text: "Dear Priya", sha256: "0".repeat(64), seq: 9, at })],
  ])("%s", (name, json) => {
    expect(keys(json)).toEqual(entity(name));
  });

  it("an event keeps its own fields and gives its time as ISO 8601", () => {
    expect(eventJson({ type: "note", text: "hi", seq: 4, at })).toEqual({ type: "note", text: "hi", seq: 4, at: "2026-11-09T10:00:00.000Z" });
  });

  it("a commitment open past its due date is overdue, a done one never", () => {
    expect(commitmentJson(action, "2026-11-14").overdue).toBe(true);
    expect(commitmentJson({ ...action, status: "done", doneAt: at }, "2026-11-14").overdue).toBe(false);
  });
});
