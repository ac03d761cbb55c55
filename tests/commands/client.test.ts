import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientDb, type ClientDb } from "../helpers/client-db.js";
import { backTo6 } from "../helpers/older-schema.js";
import { ROOT, runCli } from "../helpers/cli.js";

/**
 * `trust client` and `trust clients` through the real built CLI (run `npm run build` first), over
 * calls made with `trust start --answers` at pinned times and read on 2026-03-15:
 *
 *   session   started           client     trust  commitments
 *   acme-1    2026-01-10 10:00  ACME       2 → 4  review (Dana, 01-20, done 01-25: 15 days), alerts (Lee, 03-01: 14 days late)
 *   beta-1    2026-02-05 10:00  Beta       3 → 3  refund (Sam, 02-10: 33 days late)
 *   acme-2    2026-02-20 10:00  Acme       3 → 4  call back (Dana, 02-22, done 02-21: 1 day), credit (cancelled 02-25),
 *                                                 export fix (Dana, 06-30); a txt letter recorded 02-21
 *   gamma-r   2026-02-28 10:00  Gamma      2 → 3  rehearsal: a client with only rehearsals
 *   acme-r    2026-03-01 10:00  acme       1 → 2  rehearsal: practice (Dana, 03-05)
 *   cafe-1    2026-03-10 15:00  Café Noir  none   the check-in playbook: no rating, no commitment
 *
 * Acme's people: Priya Raman and Jo Park (no address) on acme-1, Priya and Sam Lee on acme-2;
 * Sam Lee also on acme-1 without an address, so once with his address he is one person.
 */

const NOW = "2026-03-15T12:00:00Z";
const GOLDEN = join(ROOT, "tests", "commands", "__golden__");

let dir: string;
let golden: ClientDb;
/** Every id in the golden database, full, and the 8-character label the golden files show instead. */
const labels = new Map<string, string>();

/** The output with each known id (full or short) replaced by its label; fails on any id it does not know. */
function normalise(text: string): string {
  let out = text;
  for (const [id, label] of labels) out = out.replaceAll(id, label).replaceAll(id.slice(0, 8), label);
  expect(out, "every id in the output is a known session or commitment").not.toMatch(/[0-9a-f]{8}/);
  return out;
}

function matchesGolden(name: string, actual: string): void {
  const file = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === "1") writeFileSync(file, actual);
  if (!existsSync(file)) throw new Error(`golden file ${name} is missing: run with UPDATE_GOLDEN=1 and review it`);
  expect(actual).toBe(readFileSync(file, "utf8"));
}

async function ok(db: ClientDb, ...args: string[]): Promise<string> {
  const r = await db.trust(args, NOW);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return r.stdout;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (db: ClientDb, ...args: string[]): Promise<any> => JSON.parse(await ok(db, ...args, "--json"));

async function buildGolden(): Promise<void> {
  golden = clientDb(dir, "golden");
  const sessions: Record<string, string> = {
    "S-acme-1": await golden.call({
      at: "2026-01-10T10:00:00Z", client: "ACME", incident: "API outage", trust: [2, 4],
      contacts: ["Priya Raman <priya@acme.example>", "Jo Park", "Sam Lee"],
      actions: [
        { what: "Send the incident review", owner: "Dana", due: "2026-01-20" },
        { what: "Add an alert on error rates", owner: "Lee", due: "2026-03-01" },
      ],
    }),
    "S-beta-1": await golden.call({
      at: "2026-02-05T10:00:00Z", client: "Beta", incident: "Double invoices", owner: "Sam", trust: [3, 3],
      contacts: ["Lee Chan <lee@beta.example>"],
      actions: [{ what: "Refund the double charges | both months", owner: "Sam", due: "2026-02-10" }],
    }),
    "S-acme-2": await golden.call({
      at: "2026-02-20T10:00:00Z", client: "Acme", incident: "Export late", trust: [3, 4],
      contacts: ["Priya Raman <priya@acme.example>", "Sam Lee <sam@acme.example>"],
      actions: [
        { what: "Call Priya back", owner: "Dana", due: "2026-02-22" },
        { what: "Offer a service credit", owner: "Dana", due: "2026-03-20" },
        { what: "Ship the export fix", owner: "Dana", due: "2026-06-30" },
      ],
    }),
    "S-gamm-r": await golden.call({
      at: "2026-02-28T10:00:00Z", client: "Gamma", trust: [2, 3], rehearsal: true,
      actions: [{ what: "Rehearse the call", owner: "Dana", due: "2026-04-01" }],
    }),
    "S-acme-r": await golden.call({
      at: "2026-03-01T10:00:00Z", client: "acme", incident: "Practice run", trust: [1, 2], rehearsal: true,
      actions: [{ what: "Practise the apology", owner: "Dana", due: "2026-03-05" }],
    }),
    "S-cafe-1": await golden.call({ at: "2026-03-10T15:00:00Z", client: "Café Noir", incident: "Check-in", contacts: ["Zoé Martin"] }),
  };
  for (const [label, id] of Object.entries(sessions)) labels.set(id, label);
  const c = await golden.commitments(NOW);
  const names: Record<string, string> = {
    "Send the incident review": "C-review",
    "Add an alert on error rates": "C-alerts",
    "Refund the double charges | both months": "C-refund",
    "Call Priya back": "C-callbk",
    "Offer a service credit": "C-credit",
    "Ship the export fix": "C-export",
    "Rehearse the call": "C-rehear",
    "Practise the apology": "C-practs",
  };
  expect([...c.keys()].sort()).toEqual(Object.keys(names).sort());
  for (const [what, label] of Object.entries(names)) labels.set(c.get(what)!.id, label);
  const change = async (at: string, ...args: string[]) => expect((await golden.trust(args, at)).code).toBe(0);
  await change("2026-01-25T10:00:00Z", "actions", "done", c.get("Send the incident review")!.id, "--note", "Sent to Priya");
  await change("2026-02-21T10:00:00Z", "actions", "done", c.get("Call Priya back")!.id);
  await change("2026-02-25T10:00:00Z", "actions", "cancel", c.get("Offer a service credit")!.id, "--reason", "They declined it");
  await change("2026-02-21T09:00:00Z", "letter", sessions["S-acme-2"]!, "--format", "txt", "--record");
  // After the letter, a promise in it moved: the page says so.
  await change("2026-03-02T10:00:00Z", "actions", "edit", c.get("Ship the export fix")!.id, "--due", "2026-07-31");
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "trust-client-"));
  await buildGolden();
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("trust client: golden pages", () => {
  it("prints the page as a table off a terminal: no colour, no sparkline", async () => {
    const table = await ok(golden, "client", "Acme");
    expect(table).not.toContain("\u001b");
    expect(table).not.toMatch(/[▁▂▃▄▅▆▇█]/);
    matchesGolden("client-acme.txt", normalise(table));
  });

  it("prints it as markdown and as JSON", async () => {
    const [md, asJson, again] = await Promise.all([ok(golden, "client", "acme", "--format", "md"), ok(golden, "client", "ACME", "--json"), ok(golden, "client", "Acme", "--format", "json")]);
    expect(again).toBe(asJson);
    matchesGolden("client-acme.md", normalise(md));
    matchesGolden("client-acme.json", normalise(asJson));
  });

  it("works out the figures of the page", async () => {
    const page = await json(golden, "client", "Acme");
    expect(page.client).toBe("Acme");
    expect(page.spellings).toEqual(["ACME", "Acme"]);
    expect(page.summary).toMatchObject({
      calls: 2, daysSinceLastCall: 23, open: 2, overdue: 1, done: 2, cancelled: 1, medianDaysToDone: 8, letters: 1,
      lastTrust: { before: 3, after: 4 }, lastLetter: "2026-02-21T09:00:00.000Z",
    });
    const what = (list: Array<{ what: string }>) => list.map((c) => c.what);
    expect(what(page.commitments.overdue)).toEqual(["Add an alert on error rates"]);
    expect(page.commitments.overdue[0].daysOverdue).toBe(14);
    expect(what(page.commitments.open)).toEqual(["Ship the export fix"]);
    expect(page.commitments.done.map((c: { what: string; daysToDone: number }) => [c.what, c.daysToDone])).toEqual([
      ["Call Priya back", 1],
      ["Send the incident review", 15],
    ]);
    expect(page.commitments.cancelled[0]).toMatchObject({ what: "Offer a service credit", cancelReason: "They declined it" });
    expect(page.letters).toEqual([{ session: expect.any(String), recordedAt: "2026-02-21T09:00:00.000Z", format: "txt" }]);
    expect(page.contacts.map((p: { name: string; email: string | null }) => [p.name, p.email])).toEqual([
      ["Priya Raman", "priya@acme.example"],
      ["Sam Lee", "sam@acme.example"],
      ["Jo Park", null],
    ]);
  });

  it("leaves rehearsals out unless asked", async () => {
    const page = await json(golden, "client", "Acme", "--rehearsals");
    expect(page.rehearsalsIncluded).toBe(true);
    expect(page.calls.map((c: { incident: string; rehearsal: boolean }) => [c.incident, c.rehearsal])).toEqual([
      ["Practice run", true],
      ["Export late", false],
      ["API outage", false],
    ]);
    expect(page.spellings).toEqual(["ACME", "Acme", "acme"]);
    expect(page.client).toBe("acme");
    expect(page.summary).toMatchObject({ calls: 3, overdue: 2, lastTrust: { before: 1, after: 2 } });
    const table = await ok(golden, "client", "Acme", "--rehearsals");
    expect(table.split("\n")[0]).toBe("acme (rehearsals included)");
    expect(table).toMatch(/ {2}completed \(rehearsal\) {2}1 → 2$/m);
  });

  it("lists the clients, riskiest first, as a table and as JSON; rehearsals only when asked", async () => {
    const [table, asJson] = await Promise.all([ok(golden, "clients"), ok(golden, "clients", "--json")]);
    matchesGolden("clients.txt", table);
    matchesGolden("clients.json", asJson);
    const withRehearsals = await json(golden, "clients", "--rehearsals");
    expect(withRehearsals.rehearsalsIncluded).toBe(true);
    expect(withRehearsals.clients.map((c: { client: string; calls: number; overdue: number }) => [c.client, c.calls, c.overdue])).toEqual([
      ["acme", 3, 2],
      ["Beta", 1, 1],
      ["Gamma", 1, 0],
      ["Café Noir", 1, 0],
    ]);
  });
});

describe("trust client: finding the client", () => {
  it("matches the name in any case, non-ASCII letters and either Unicode form included", async () => {
    for (const typed of ["ACME", "acme", "  Acme  "]) expect((await json(golden, "client", typed)).client).toBe("Acme");
    for (const typed of ["CAFÉ NOIR", "café noir", "CAFE\u0301 NOIR"]) {
      const page = await json(golden, "client", typed);
      expect(page.client).toBe("Café Noir");
      expect(page.summary).toMatchObject({ calls: 1, lastTrust: null, open: 0, medianDaysToDone: null, lastLetter: null });
      expect(page.contacts).toEqual([{ name: "Zoé Martin", email: null, lastSeen: "2026-03-10T15:00:00.000Z" }]);
    }
  });

  it("an unknown name is not found (exit 4): one line, a hint naming the nearest known names, no stack trace", async () => {
    const cases: Array<[string, string]> = [
      ["Acmee", 'hint: Did you mean "Acme"?'],
      ["caf", 'hint: Did you mean "Café Noir"?'],
      // At most three; Gamma, which has only rehearsals, is never offered.
      ["a", 'hint: Did you mean "Acme", "Beta", "Café Noir"?'],
      ["m", 'hint: Did you mean "Acme"?'],
      ["Globex", "hint: List the clients with `trust clients`."],
    ];
    for (const [typed, hint] of cases) {
      const r = await golden.trust(["client", typed], NOW);
      expect(r.code).toBe(4);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(`trust: no calls with a client named "${typed}" (rehearsals left out)\n${hint}\n`);
    }
    // No name at all is a usage error, not a client not found.
    const empty = await golden.trust(["client", " "], NOW);
    expect([empty.code, empty.stderr]).toEqual([2, "trust: trust client needs a client's name\nhint: List the clients with `trust clients`.\n"]);
  });

  it("names a client spelt in several cases of letters other than ASCII as its newest call does", async () => {
    // The spellings differ in a letter SQLite folds in no case (É, é), so only trust's own key joins them.
    const db = clientDb(dir, "spellings");
    await db.call({ at: "2026-01-05T10:00:00Z", client: "ÉCLAIR SA" });
    await db.call({ at: "2026-02-05T10:00:00Z", client: "éclair sa" });
    await db.call({ at: "2026-03-01T10:00:00Z", client: "ÉCLAIR SA", rehearsal: true });
    await db.call({ at: "2026-01-10T10:00:00Z", client: "Ölberg AG", rehearsal: true });
    await db.call({ at: "2026-02-10T10:00:00Z", client: "ÖLBERG AG", rehearsal: true });
    const page = await json(db, "client", "Éclair SA");
    expect([page.client, page.spellings, page.summary.calls]).toEqual(["éclair sa", ["ÉCLAIR SA", "éclair sa"], 2]);
    expect((await json(db, "client", "ÉCLAIR SA", "--rehearsals")).client).toBe("ÉCLAIR SA");
    const typo = await db.trust(["client", "eclair s"], NOW);
    expect([typo.code, typo.stderr.split("\n")[1]]).toEqual([4, 'hint: Did you mean "éclair sa"?']);
    const rehearsed = await db.trust(["client", "ölberg ag"], NOW);
    expect([rehearsed.code, rehearsed.stderr.split("\n")[1]]).toEqual([4, 'hint: "ÖLBERG AG" has only rehearsal runs: add --rehearsals to see them.']);
    const suggested = await db.trust(["client", "olberg ag", "--rehearsals"], NOW);
    expect(suggested.stderr.split("\n")[1]).toBe('hint: Did you mean "ÖLBERG AG"?');
  });

  it("a client with only rehearsals is not found without --rehearsals, and never suggested then", async () => {
    const r = await golden.trust(["client", "gamma"], NOW);
    expect(r.code).toBe(4);
    expect(r.stderr).toBe('trust: no calls with a client named "gamma" (rehearsals left out)\nhint: "Gamma" has only rehearsal runs: add --rehearsals to see them.\n');
    const typo = await golden.trust(["client", "gama"], NOW);
    expect(typo.stderr).toContain("hint: List the clients with `trust clients`.");
    expect((await json(golden, "client", "gamma", "--rehearsals")).summary.calls).toBe(1);
    const suggested = await golden.trust(["client", "gama", "--rehearsals"], NOW);
    expect(suggested.stderr).toBe('trust: no calls with a client named "gama"\nhint: Did you mean "Gamma"?\n');
  });

  it("with no database, or an empty file, `client` is not found (exit 4) and `clients` says there are none (exit 0)", async () => {
    const empty = join(dir, "empty.db");
    writeFileSync(empty, "");
    for (const db of [join(dir, "missing.db"), empty]) {
      const env = { TRUST_DB: db, TRUST_NOW: NOW, NO_COLOR: "1" };
      const one = await runCli(["client", "Acme"], { env });
      expect(one.code).toBe(4);
      expect(one.stderr).toBe('trust: no calls with a client named "Acme" (rehearsals left out)\nhint: List the clients with `trust clients`.\n');
      const all = await runCli(["clients"], { env });
      expect(all.code).toBe(0);
      expect(all.stdout).toBe("");
      expect(all.stderr).toBe("No clients yet. Start a call with: trust start --client <name>\n");
      const asJson = await runCli(["clients", "--json"], { env });
      expect(asJson.code).toBe(0);
      expect(JSON.parse(asJson.stdout)).toEqual({ version: 1, asOf: "2026-03-15", rehearsalsIncluded: false, clients: [] });
    }
    expect(existsSync(join(dir, "missing.db")), "reading creates no database").toBe(false);
  });

  it("refuses the files every command refuses, in the same words, and upgrades an older one", async () => {
    const Database = (await import("better-sqlite3")).default;
    const copy = (name: string, change: (db: InstanceType<typeof Database>) => void) => {
      const file = join(dir, name);
      writeFileSync(file, readFileSync(golden.db));
      const db = new Database(file);
      change(db);
      db.close();
      return file;
    };
    const notSqlite = join(dir, "notes.db");
    writeFileSync(notSqlite, "Meeting notes, not a database\n".repeat(10));
    const cases = [
      notSqlite,
      copy("newer.db", (db) => db.pragma("user_version = 99")),
      copy("other.db", (db) => db.exec("DROP TABLE session_stats; DROP TABLE actions; DROP TABLE events; DROP TABLE sessions")),
    ];
    for (const db of cases) {
      const [page, sessions] = await Promise.all([runCli(["client", "Acme", "--db", db]), runCli(["sessions", "--db", db])]);
      expect(page.code, db).toBe(1);
      expect(page.stderr).toMatch(/^trust: .*\nhint: .*\n$/);
      expect(page.stderr).toBe(sessions.stderr);
    }
    // Schema 6: before the letters' index, carried commitments and the client indexes. The page upgrades it, with a backup, and reads it.
    const older = copy("older.db", (db) => backTo6(db));
    const r = await runCli(["client", "Acme", "--db", older, "--json"], { env: { TRUST_NOW: NOW } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary.letters).toBe(1);
    expect(existsSync(`${older}.backup-v6`)).toBe(true);
    // The same page as the file never downgraded: every commitment found by its client again.
    const fresh = await runCli(["client", "Acme", "--db", golden.db, "--json"], { env: { TRUST_NOW: NOW } });
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(fresh.stdout));
    expect(JSON.parse(fresh.stdout).summary.open).toBeGreaterThan(0);
  });

  it("refuses a bad --format (exit 2)", async () => {
    const r = await golden.trust(["client", "Acme", "--format", "csv"], NOW);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
  });
});

/**
 * The documented JSON shapes (README, "JSON shapes"; src/clients/page.ts and overview.ts): each
 * key, in order, with its type. "?" allows null; an array holds one shape; an object lists its keys.
 */
type Shape = string | [Shape] | { [key: string]: Shape } | { nullable: { [key: string]: Shape } };
const TYPES: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === "string",
  number: (v) => typeof v === "number" && Number.isFinite(v),
  count: (v) => Number.isInteger(v) && (v as number) >= 0,
  boolean: (v) => typeof v === "boolean",
  id: (v) => typeof v === "string" && /^[0-9a-f]{32}$/.test(v),
  day: (v) => typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v),
  time: (v) => typeof v === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v),
  one: (v) => v === 1,
};
const COMMITMENT: Shape = {
  id: "id", session: "id", what: "string", owner: "string", due: "day", status: "string", overdue: "boolean", daysOverdue: "count",
  createdAt: "time", doneAt: "time?", daysToDone: "number?", doneNote: "string?", cancelledAt: "time?", cancelReason: "string?",
};
const CLIENT_PAGE: Shape = {
  version: "one", client: "string", spellings: ["string"], asOf: "day", rehearsalsIncluded: "boolean",
  summary: {
    calls: "count", firstCall: "time?", lastCall: "time?", daysSinceLastCall: "count?",
    lastTrust: { nullable: { session: "id", before: "number?", after: "number" } },
    open: "count", overdue: "count", done: "count", cancelled: "count", medianDaysToDone: "number?", letters: "count", lastLetter: "time?",
  },
  calls: [{
    id: "id", startedAt: "time", completedAt: "time?", status: "string", incident: "string", severity: "string", playbook: "string",
    owner: "string", rehearsal: "boolean", trustBefore: "number?", trustAfter: "number?",
  }],
  commitments: { overdue: [COMMITMENT], open: [COMMITMENT], done: [COMMITMENT], cancelled: [COMMITMENT] },
  letters: [{ session: "id", recordedAt: "time", format: "string" }],
  sinceLastLetter: {
    nullable: {
      session: "id", recordedAt: "time",
      changes: [{ commitment: "id", what: "string", change: "string", was: "day", now: "day?", reason: "string?" }],
    },
  },
  contacts: [{ name: "string", email: "string?", lastSeen: "time" }],
};
const CLIENTS: Shape = {
  version: "one", asOf: "day", rehearsalsIncluded: "boolean",
  clients: [{
    client: "string", calls: "count", lastCall: "time", daysSinceLastCall: "count", trustBefore: "number?", trustAfter: "number?",
    open: "count", overdue: "count",
  }],
};

/** Where `value` differs from `shape`: one line per problem, none when it fits. Empty arrays only when `allowEmpty`. */
function misfits(value: unknown, shape: Shape, allowEmpty = false, path = "$"): string[] {
  if (typeof shape === "string") {
    const type = shape.replace(/\?$/, "");
    return (shape.endsWith("?") && value === null) || TYPES[type]!(value) ? [] : [`${path}: ${JSON.stringify(value)} is not ${shape}`];
  }
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return [`${path}: not an array`];
    if (value.length === 0) return allowEmpty ? [] : [`${path}: empty, so unchecked (the fixture should fill it)`];
    return value.flatMap((v, i) => misfits(v, shape[0], allowEmpty, `${path}[${i}]`));
  }
  if ("nullable" in shape && typeof shape.nullable === "object") return value === null ? [] : misfits(value, shape.nullable as Shape, allowEmpty, path);
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [`${path}: not an object`];
  const keys = Object.keys(shape);
  const problems = JSON.stringify(Object.keys(value)) === JSON.stringify(keys) ? [] : [`${path}: keys ${Object.keys(value).join(", ")}; documented ${keys.join(", ")}`];
  return [...problems, ...keys.flatMap((k) => misfits((value as Record<string, unknown>)[k], (shape as Record<string, Shape>)[k]!, allowEmpty, `${path}.${k}`))];
}

/** Every key a shape names, at any depth. */
function keysOf(shape: Shape): string[] {
  if (typeof shape === "string") return [];
  if (Array.isArray(shape)) return keysOf(shape[0]);
  if ("nullable" in shape && typeof shape.nullable === "object") return keysOf(shape.nullable as Shape);
  return Object.entries(shape).flatMap(([k, v]) => [k, ...keysOf(v)]);
}

describe("the JSON shapes, as documented", () => {
  it("trust client --json has every key, in order, with its type", async () => {
    const page = await json(golden, "client", "Acme");
    expect(misfits(page, CLIENT_PAGE)).toEqual([]);
    // A page whose summary is mostly nulls.
    const unrated = await json(golden, "client", "Café Noir");
    expect(unrated.summary.lastTrust).toBeNull();
    expect(misfits(unrated, CLIENT_PAGE, true)).toEqual([]);
  });

  it("trust clients --json has every key, in order, with its type", async () => {
    expect(misfits(await json(golden, "clients"), CLIENTS)).toEqual([]);
  });

  it("the check can fail", () => {
    expect(misfits({ version: 1, asOf: "2026-03-15", rehearsalsIncluded: "no", clients: [] }, CLIENTS)).toEqual([
      '$.rehearsalsIncluded: "no" is not boolean',
      "$.clients: empty, so unchecked (the fixture should fill it)",
    ]);
    expect(misfits({ version: 1, rehearsalsIncluded: true, asOf: "x", clients: [{}] }, CLIENTS)[0]).toMatch(/^\$: keys version, rehearsalsIncluded, asOf/);
  });

  it("the README documents every key", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const at = readme.indexOf("### JSON shapes");
    expect(at).toBeGreaterThan(-1);
    const section = readme.slice(at, readme.indexOf("\n## ", at));
    for (const key of new Set([...keysOf(CLIENT_PAGE), ...keysOf(CLIENTS)])) expect(section, key).toContain(`\`${key}\``);
  });
});

describe("trust clients: the riskiest first", () => {
  it("sorts by overdue commitments, then the latest trust after (unrated last), then the oldest last call, then the name", async () => {
    const db = clientDb(dir, "order");
    const later = { what: "Later", owner: "Dana", due: "2026-12-31" };
    const call = (at: string, client: string, trust?: [number, number], actions = [later]) => db.call({ at, client, trust, actions });
    // Two overdue beat one, whatever the trust and the date: high trust, called yesterday.
    await call("2026-03-14T10:00:00Z", "Overdue Two", [1, 5], [
      { what: "First", owner: "Dana", due: "2026-03-01" },
      { what: "Second", owner: "Dana", due: "2026-03-02" },
    ]);
    // One overdue (and one open, which does not count) beats every lower trust.
    await call("2026-03-14T10:00:00Z", "Overdue One", [1, 4], [{ what: "Third", owner: "Dana", due: "2026-03-10" }, later]);
    // No overdue: the lower trust first, though called yesterday, with three open not yet due.
    await call("2026-03-14T10:00:00Z", "Low Trust", [1, 2], [later, later, later]);
    // Same trust, same last call: by name.
    await call("2026-03-01T10:00:00Z", "Tie B", [2, 3]);
    await call("2026-03-01T10:00:00Z", "Tie A", [2, 3]);
    // Same trust after: the older last call first. Old Call's earlier call was rated 1 after:
    // only its latest rating counts.
    await call("2025-11-01T10:00:00Z", "Old Call", [1, 1]);
    await call("2026-01-05T10:00:00Z", "Old Call", [2, 4]);
    await call("2026-03-10T10:00:00Z", "New Call", [3, 4], [{ what: "Done late", owner: "Dana", due: "2026-03-11" }]);
    // Never rated: after every rated client, though its last call is the oldest.
    await call("2025-12-01T10:00:00Z", "Unrated Old");
    const doneLate = (await db.commitments(NOW)).get("Done late")!.id;
    expect((await db.trust(["actions", "done", doneLate], "2026-03-13T10:00:00Z")).code).toBe(0);

    const expected = ["Overdue Two", "Overdue One", "Low Trust", "Tie A", "Tie B", "Old Call", "New Call", "Unrated Old"];
    const overview = await json(db, "clients");
    expect(overview.clients.map((c: { client: string }) => c.client)).toEqual(expected);
    expect(overview.clients.map((c: { overdue: number; open: number; trustAfter: number | null; daysSinceLastCall: number }) => [c.overdue, c.open, c.trustAfter, c.daysSinceLastCall])).toEqual([
      [2, 2, 5, 1],
      [1, 2, 4, 1],
      [0, 3, 2, 1],
      [0, 1, 3, 14],
      [0, 1, 3, 14],
      [0, 2, 4, 69],
      [0, 0, 4, 5],
      [0, 0, null, 104],
    ]);
    const table = (await ok(db, "clients")).trimEnd().split("\n");
    expect(table[0]).toMatch(/^CLIENT\s+OVERDUE\s+OPEN\s+LAST TRUST\s+LAST CALL\s+CALLS$/);
    expect(table.slice(1).map((l) => l.split("  ")[0]!.trim())).toEqual(expected);
    expect(table.at(-1)).toMatch(/^Unrated Old\s+0\s+0\s+–\s+2025-12-01 \(104 days ago\)\s+1$/);
  });
});

describe("the latest trust rating of a client", () => {
  it("is of its newest rated call: newer calls without a rating, and rehearsals unless asked for, are passed over", async () => {
    const db = clientDb(dir, "latest-rating");
    const actions = [{ what: "Write back", owner: "Dana", due: "2026-12-31" }];
    await db.call({ at: "2026-02-01T10:00:00Z", client: "Walk Back", trust: [1, 2], actions });
    await db.call({ at: "2026-02-10T10:00:00Z", client: "Walk Back", trust: [2, 3], actions });
    await db.call({ at: "2026-02-20T10:00:00Z", client: "Walk Back", trust: [5, 5], actions, rehearsal: true });
    await db.call({ at: "2026-03-01T10:00:00Z", client: "Walk Back" });
    const [calls] = (await json(db, "clients")).clients;
    expect(calls).toMatchObject({ client: "Walk Back", calls: 3, lastCall: "2026-03-01T10:00:00.000Z", trustBefore: 2, trustAfter: 3, open: 2 });
    expect((await json(db, "client", "Walk Back")).summary.lastTrust).toMatchObject({ before: 2, after: 3 });
    const [all] = (await json(db, "clients", "--rehearsals")).clients;
    expect(all).toMatchObject({ calls: 4, trustBefore: 5, trustAfter: 5, open: 3 });
  });
});

describe("calls at the same instant (a script with a pinned clock, an import)", () => {
  it("trust client and trust clients agree on the newest: the call recorded last", async () => {
    const db = clientDb(dir, "same-instant");
    const at = "2026-03-01T10:00:00Z";
    const actions = [{ what: "Write back", owner: "Dana", due: "2026-12-31" }];
    // Spelled differently each time, rated differently each time, all started at one instant.
    for (const [client, trust] of [["tie corp", [1, 2]], ["Tie Corp", [2, 5]], ["TIE CORP", [3, 3]], ["tie corp", [4, 1]], ["Tie CORP", [2, 4]]] as const) {
      await db.call({ at, client, trust: [...trust], actions });
    }
    const page = await json(db, "client", "tie corp");
    expect(page.client).toBe("Tie CORP");
    expect(page.summary.lastTrust).toMatchObject({ before: 2, after: 4 });
    const [line] = (await json(db, "clients")).clients;
    expect(line).toMatchObject({ client: page.client, calls: 5, trustBefore: 2, trustAfter: 4 });
  });
});

describe("a row trust did not write (a time or a due day edited by hand)", () => {
  it("is named, as every other read names one, by trust client and trust clients (no \"please report it\")", async () => {
    const db = clientDb(dir, "edited");
    const later = [{ what: "Later", owner: "Dana", due: "2026-12-31" }];
    const first = await db.call({ at: "2026-03-01T10:00:00Z", client: "Edited Co", trust: [2, 3], actions: later });
    await db.call({ at: "2026-03-02T10:00:00Z", client: "Edited Co", trust: [3, 4], actions: later });
    const file = new Database(db.db);
    file.prepare("UPDATE sessions SET started_at = 'yesterday' WHERE id = ?").run(first);
    file.close();
    for (const args of [["client", "Edited Co"], ["client", "Edited Co", "--json"], ["clients"], ["clients", "--json"]]) {
      const r = await db.trust(args, NOW);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.stderr).toBe(
        `trust: ${db.db} holds a session ${first} that trust cannot read (started_at: expected a whole number)\nhint: It may have been written by a newer trust or edited by hand; trust left it as it was.\n`,
      );
      expect(r.stdout).toBe("");
    }
  });

  it("is looked for among the rows of the client asked for, a time no date can stand for included", async () => {
    const db = clientDb(dir, "edited-two");
    const actions = [{ what: "Later", owner: "Dana", due: "2026-12-31" }];
    const edited = await db.call({ at: "2026-03-01T10:00:00Z", client: "Edited Co", trust: [2, 3], actions });
    const far = await db.call({ at: "2026-03-02T10:00:00Z", client: "Far Co", trust: [3, 4], actions });
    await db.call({ at: "2026-03-03T10:00:00Z", client: "Far Co", trust: [3, 4], actions });
    const file = new Database(db.db);
    file.prepare("UPDATE sessions SET started_at = 'yesterday' WHERE id = ?").run(edited);
    // A whole number, but past what a date can hold (±8.64e15 ms).
    file.prepare("UPDATE sessions SET started_at = 9000000000000000 WHERE id = ?").run(far);
    file.close();
    const hint = "hint: It may have been written by a newer trust or edited by hand; trust left it as it was.\n";
    for (const args of [["client", "Far Co"], ["client", "far co", "--json"]]) {
      const r = await db.trust(args, NOW);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.stderr).toBe(`trust: ${db.db} holds a session ${far} that trust cannot read (started_at: out of the range of dates)\n${hint}`);
    }
    const other = await db.trust(["client", "Edited Co"], NOW);
    expect(other.stderr).toBe(`trust: ${db.db} holds a session ${edited} that trust cannot read (started_at: expected a whole number)\n${hint}`);
  });
});

describe("hostile text: controls made visible, markdown escaped", () => {
  const CLIENT = "Evil\u001b]0;owned\u0007 Corp\nLine two | x";
  const INCIDENT = "Outage \u001b[2J| cleared\r\nagain";
  const WHAT = "Fix \u001b[31mred\u001b[0m | now\nplease";
  let hostile: ClientDb;

  beforeAll(async () => {
    hostile = clientDb(dir, "hostile");
    await hostile.call({
      at: "2026-02-10T10:00:00Z", client: CLIENT, incident: INCIDENT, trust: [2, 4],
      contacts: ["Mal \u001b[5mblink <mal@evil.example>"],
      actions: [{ what: WHAT, owner: "Dana", due: "2026-03-01" }],
    });
  }, 30_000);

  /** No control character but the newlines that end lines; the ones typed are shown as ␛, ␇, ␍. */
  const clean = (text: string) => expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);

  it("the table keeps each row on one line and shows the controls", async () => {
    const out = await ok(hostile, "client", CLIENT);
    clean(out);
    expect(out.split("\n")[0]).toBe("Evil␛]0;owned␇ Corp Line two | x");
    expect(out).toMatch(/^[0-9a-f]{8} {2}2026-02-10 {2}Outage ␛\[2J\| cleared␍ again {2}restore-trust/m);
    expect(out).toMatch(/^[0-9a-f]{8} {2}Fix ␛\[31mred␛\[0m \| now please {2}Dana/m);
    expect(out).toMatch(/^Mal ␛\[5mblink {2}mal@evil\.example/m);
    const clients = await ok(hostile, "clients");
    clean(clients);
    expect(clients.split("\n")[1]).toMatch(/^Evil␛]0;owned␇ Corp Line two \| x {2}1 /);
  });

  it("markdown escapes pipes in cells, so a table keeps its columns", async () => {
    const md = await ok(hostile, "client", "evil\u001b]0;owned\u0007 corp\nline two | X", "--format", "md");
    clean(md);
    expect(md.split("\n")[0]).toBe("# Evil␛\\]0;owned␇ Corp Line two \\| x");
    expect(md).toContain("| 2026-02-10 | Outage ␛\\[2J\\| cleared␍ again | restore-trust | completed | 2 → 4 |");
    expect(md).toContain("| Fix ␛\\[31mred␛\\[0m \\| now please | Dana | 2026-03-01 | 14 days late |");
    // Each table's rows have as many cells as its header, once the escaped pipes are set aside.
    const tables = md.split(/\n(?!\|)/).map((block) => block.split("\n").filter((l) => l.startsWith("|"))).filter((t) => t.length > 0);
    expect(tables.length).toBeGreaterThanOrEqual(3);
    for (const rows of tables) {
      const cells = rows.map((row) => row.replace(/\\\|/g, "").split("|").length);
      expect(new Set(cells).size, rows.join("\n")).toBe(1);
    }
  });

  it("the JSON keeps the text exactly as stored", async () => {
    const page = await json(hostile, "client", CLIENT);
    expect(page.client).toBe(CLIENT);
    expect(page.calls[0].incident).toBe(INCIDENT);
    expect(page.commitments.overdue[0].what).toBe(WHAT);
  });

  it("a hint suggesting a hostile name shows it on one line, controls visible", async () => {
    const r = await hostile.trust(["client", "evil"], NOW);
    expect(r.code).toBe(4);
    clean(r.stderr);
    expect(r.stderr).toBe('trust: no calls with a client named "evil" (rehearsals left out)\nhint: Did you mean "Evil␛]0;owned␇ Corp Line two | x"?\n');
    const typed = await hostile.trust(["client", "Nobody\u001b[2J\nhere"], NOW);
    clean(typed.stderr);
    expect(typed.stderr.split("\n")[0]).toBe('trust: no calls with a client named "Nobody␛[2J here" (rehearsals left out)');
  });
});
