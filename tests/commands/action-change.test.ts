import Database from "better-sqlite3";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runCli } from "../helpers/cli.js";
import type { CommitmentJson } from "../../src/json/commitment.js";

/**
 * `trust actions done|edit|cancel|reopen` through the real built CLI (run `npm run build` first):
 * each change is an event in the session's timeline, every refusal exits 2 and writes nothing, and
 * an id that is unknown, or that no id could start with, exits 4. Each test starts its own
 * session from calm.yaml (Dana 2026-01-20, Lee 2026-03-01) in its own database.
 */

const ANSWERS = join(ROOT, "tests", "fixtures", "answers");
// Sunday 15 February 2026: "friday" is the 20th, "+3d" the 18th.
const NOW = "2026-02-15T09:00:00Z";

interface ShowJson {
  actions: CommitmentJson[];
  timeline: Array<{ type: string; action?: string; at: string } & Record<string, unknown>>;
}

let dir: string;
let people: string;
let n = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "trust-action-change-"));
  people = join(dir, "people.yaml");
  writeFileSync(people, "people:\n  - name: Sam Whitfield\n    email: sam@ours.example\n    aliases: [Sam]\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cliOn = (db: string) => (args: string[], now = NOW) =>
  runCli(args, { env: { TRUST_DB: db, TRUST_NOW: now, TZ: "UTC", XDG_CONFIG_HOME: join(dir, "no-config") } });

/** One completed calm session, made once through the CLI; each test gets its own copy of the file. */
let template: { db: string; session: string } | undefined;
async function templateDb(): Promise<{ db: string; session: string }> {
  if (template) return template;
  const db = join(dir, "template.db");
  const started = await cliOn(db)(
    ["start", "--answers", join(ANSWERS, "calm.yaml"), "--client", "Acme", "--incident", "Outage", "--severity", "high", "--owner", "Dana", "--json"],
    "2026-01-10T10:00:00Z",
  );
  expect(started.code, started.stderr).toBe(0);
  template = { db, session: (JSON.parse(started.stdout) as { id: string }).id };
  return template;
}

/** A database with one completed calm session; `trust` runs the CLI on it. */
async function fixture() {
  const db = join(dir, `t${++n}.db`);
  const made = await templateDb();
  copyFileSync(made.db, db);
  const trust = cliOn(db);
  const session = made.session;
  const show = async () => {
    const r = await trust(["show", session, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as ShowJson;
  };
  const [dana, lee] = (await show()).actions;
  return { db, trust, session, show, dana: dana!, lee: lee! };
}

describe("trust actions edit", () => {
  it("changes what, owner (as the people file names them) and due (as typed on the call), recorded as an event", async () => {
    const { trust, show, dana } = await fixture();
    const r = await trust(["--people", people, "actions", "edit", dana.id.slice(0, 6), "--what", "Send the full incident review", "--owner", "sam", "--due", "friday"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`✔ Edited: Send the full incident review, Sam Whitfield, Acme, due 2026-02-20 ${dana.id.slice(0, 8)}\n`);

    const after = await show();
    expect(after.actions.find((a) => a.id === dana.id)).toMatchObject({ what: "Send the full incident review", owner: "Sam Whitfield", due: "2026-02-20", status: "open" });
    expect(after.timeline.at(-1)).toEqual({
      type: "action_edited",
      action: dana.id,
      what: "Send the full incident review",
      owner: "Sam Whitfield",
      due: "2026-02-20",
      seq: expect.any(Number),
      at: "2026-02-15T09:00:00.000Z",
    });

    const json = await trust(["actions", "edit", dana.id, "--due", "+3d", "--json"]);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ id: dana.id, due: "2026-02-18", status: "open", overdue: false, cancelledAt: null, cancelReason: null });
    // Only the changed field is in the event.
    expect((await show()).timeline.at(-1)).toEqual({ type: "action_edited", action: dana.id, due: "2026-02-18", seq: expect.any(Number), at: expect.any(String) });
  });

  it("takes a due day already past, as the call screen does, and says the commitment is now overdue", async () => {
    const { trust, show, dana } = await fixture();
    const r = await trust(["actions", "edit", dana.id, "--due", "yesterday"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("trust: warning: --due 2026-02-14 is already past (today is 2026-02-15): the commitment is overdue from now on\n");
    expect((await show()).actions.find((a) => a.id === dana.id)).toMatchObject({ due: "2026-02-14", overdue: true });
    // Today itself is not past.
    const today = await trust(["actions", "edit", dana.id, "--due", "2026-02-15"]);
    expect(today.stderr).toBe("");
  });

  it("warns about an owner the people file does not know, or a group, and refuses it with --strict", async () => {
    const { trust, show, dana } = await fixture();
    const group = await trust(["--people", people, "actions", "edit", dana.id, "--owner", "Support team"]);
    expect(group.code).toBe(0);
    expect(group.stderr).toBe('trust: warning: "Support team" sounds like a group: name the one person who answers for it\n');
    const unknown = await trust(["--people", people, "actions", "edit", dana.id, "--owner", "Sam Whitfeld"]);
    expect(unknown.code).toBe(0);
    expect(unknown.stderr).toBe('trust: warning: "Sam Whitfeld" is not in the people file (did you mean Sam Whitfield?)\n');
    expect((await show()).actions.find((a) => a.id === dana.id)?.owner).toBe("Sam Whitfeld");

    const before = await show();
    const strict = await trust(["--people", people, "actions", "edit", dana.id, "--owner", "Jo Park", "--strict"]);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain('trust: --owner "Jo Park" is not in the people file; nothing was changed');
    expect(await show()).toEqual(before);
  });

  it.each([
    [["--due", "someday"], /--due "someday" is not a date/],
    [["--due", "2026-02-30"], /February 2026 has 28 days/],
    [["--what", "  "], /--what needs the text/],
    [["--owner", ""], /--owner needs a name/],
  ])("refuses bad input %j with exit 2, writing nothing", async (args, message) => {
    const { trust, show, dana } = await fixture();
    const before = await show();
    const r = await trust(["actions", "edit", dana.id, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
    expect(await show()).toEqual(before);
  });
});

describe("trust actions cancel and reopen", () => {
  it("cancels with a reason and reopens with a note, each an event; the cancelled one leaves the default listing", async () => {
    const { trust, show, dana } = await fixture();
    const cancel = await trust(["actions", "cancel", dana.id.slice(0, 4), "--reason", "The client chose a refund instead"]);
    expect(cancel.stderr).toBe("");
    expect(cancel.code).toBe(0);
    expect(cancel.stdout).toBe(`✖ Cancelled: Send the incident review, Dana, Acme: The client chose a refund instead ${dana.id.slice(0, 8)}\n`);
    let after = await show();
    expect(after.timeline.at(-1)).toMatchObject({ type: "action_cancelled", action: dana.id, reason: "The client chose a refund instead" });
    expect(after.actions.find((a) => a.id === dana.id)).toMatchObject({ status: "cancelled", cancelledAt: "2026-02-15T09:00:00.000Z", cancelReason: "The client chose a refund instead" });
    const listed = await trust(["actions", "--json"]);
    expect((JSON.parse(listed.stdout) as CommitmentJson[]).map((a) => a.id)).not.toContain(dana.id);

    const reopen = await trust(["actions", "reopen", dana.id, "--note", "The refund fell through", "--json"], "2026-02-16T10:00:00Z");
    expect(reopen.code, reopen.stderr).toBe(0);
    expect(JSON.parse(reopen.stdout)).toMatchObject({ id: dana.id, status: "open", overdue: true, cancelledAt: null, cancelReason: null });
    after = await show();
    expect(after.timeline.at(-1)).toMatchObject({ type: "action_reopened", action: dana.id, note: "The refund fell through", at: "2026-02-16T10:00:00.000Z" });
    // Nothing was deleted: the cancel is still in the timeline.
    expect(after.timeline.filter((e) => e.action === dana.id).map((e) => e.type)).toEqual(["action_cancelled", "action_reopened"]);

    const plain = await trust(["actions", "reopen", dana.id.slice(0, 8)]);
    expect(plain.code).toBe(2);
    const done = await trust(["actions", "done", dana.id]);
    expect(done.code, done.stderr).toBe(0);
    const again = await trust(["actions", "reopen", dana.id]);
    expect(again.stdout).toBe(`↺ Reopened: Send the incident review, Dana, Acme (overdue since 2026-01-20) ${dana.id.slice(0, 8)}\n`);
  });

  it("needs a reason", async () => {
    const { trust, show, dana } = await fixture();
    const before = await show();
    const missing = await trust(["actions", "cancel", dana.id]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--reason <text>' not specified");
    const blank = await trust(["actions", "cancel", dana.id, "--reason", " "]);
    expect(blank.code).toBe(2);
    expect(blank.stderr).toContain("--reason is needed");
    expect(await show()).toEqual(before);
  });
});

describe("a change the commitment's state does not allow", () => {
  // Each: the changes that bring the commitment into the state, then the refused one.
  it.each([
    ["done twice", [["done"]], ["done"], "is already done"],
    ["done after a cancel", [["cancel", "--reason", "r"]], ["done"], "was cancelled: reopen it first"],
    ["an edit of a done one", [["done"]], ["edit", "--what", "x"], "is done: reopen it first"],
    ["an edit of a cancelled one", [["cancel", "--reason", "r"]], ["edit", "--due", "+1w"], "is cancelled: reopen it first"],
    ["an edit with nothing to change", [], ["edit"], "has nothing to change: give --what, --owner or --due"],
    ["an edit to what it already is", [], ["edit", "--owner", "Dana", "--due", "2026-01-20"], "already has that owner and due: nothing to change"],
    ["cancel twice", [["cancel", "--reason", "r"]], ["cancel", "--reason", "r"], "is already cancelled"],
    ["cancel of a done one", [["done"]], ["cancel", "--reason", "r"], "is done: reopen it first"],
    ["reopen of an open one", [], ["reopen"], "is open already"],
  ])("refuses %s: exit 2 with the reason, nothing written", async (_name, setup, refused, reason) => {
    const { trust, show, dana } = await fixture();
    for (const [verb, ...rest] of setup) {
      const r = await trust(["actions", verb!, dana.id, ...rest]);
      expect(r.code, r.stderr).toBe(0);
    }
    const before = await show();
    const [verb, ...rest] = refused;
    const r = await trust(["actions", verb!, dana.id, ...rest]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n")[0]).toMatch(new RegExp(`^trust: commitment ${dana.id.slice(0, 8)} ${reason.replace(/[()]/g, "\\$&")}`));
    expect(await show()).toEqual(before);
  });
});

describe("ids", () => {
  const VERBS = [["done"], ["edit", "--what", "x"], ["cancel", "--reason", "r"], ["reopen"]];

  it.each(VERBS)("%s: an unknown id, or one that cannot exist, exits 4 and writes nothing", async (verb, ...rest) => {
    const { trust, show } = await fixture();
    const before = await show();
    const ids = ["ffff0000", "zzzz", "7a2e-", "a".repeat(33)];
    const results = await Promise.all(ids.map((id) => trust(["actions", verb, id, ...rest])));
    results.forEach((r, i) => {
      expect(r.code, `${verb} ${ids[i]}: ${r.stderr}`).toBe(4);
      expect(r.stderr).toContain(`trust: no action starts with "${ids[i]}"`);
      expect(r.stderr).toContain("hint: ");
    });
    expect(results[1]!.stderr).toBe(
      'trust: no action starts with "zzzz": ids are hexadecimal (0-9, a-f)\nhint: Ids are hexadecimal, like 3f9a2c1d; list them with `trust actions`.\n',
    );
    expect(await show()).toEqual(before);
  });

  it.each(VERBS)("%s: with no database file there is nothing to change, and no file is made (a --db typed wrong)", async (verb, ...rest) => {
    const db = join(dir, `absent-${n++}`, "trust.db");
    const r = await cliOn(db)(["actions", verb, "ffff0000", ...rest]);
    expect(r.code).toBe(4);
    expect(r.stderr).toBe(
      `trust: there is no commitment to change: there is no trust database at ${db} yet\nhint: commitments are made on a call (trust start); --db or TRUST_DB names another database\n`,
    );
    expect(existsSync(db)).toBe(false);
    expect(existsSync(join(db, ".."))).toBe(false);
  });

  it("an empty file where the database should be is left empty, and the message says so (touch trust.db)", async () => {
    const db = join(dir, `empty-${n++}`, "trust.db");
    mkdirSync(join(db, ".."), { recursive: true });
    writeFileSync(db, "");
    const r = await cliOn(db)(["actions", "done", "ffff0000"]);
    expect(r.code).toBe(4);
    expect(r.stderr).toBe(
      `trust: there is no commitment to change: ${db} is an empty file, not yet a trust database (left as it is)\nhint: commitments are made on a call (trust start); --db or TRUST_DB names another database\n`,
    );
    expect(readFileSync(db)).toHaveLength(0);
    expect(readdirSync(join(db, ".."))).toEqual(["trust.db"]);
  });

  it("trust show: an unknown or impossible session id exits 4", async () => {
    const { trust } = await fixture();
    const ids = ["zzzz", "ffff0000", "0".repeat(40)];
    const results = await Promise.all(ids.map((id) => trust(["show", id])));
    results.forEach((r, i) => {
      expect(r.code, ids[i]).toBe(4);
      expect(r.stderr).toContain(`trust: no session starts with "${ids[i]}"`);
    });
    expect(results[0]!.stderr).toContain("hint: Ids are hexadecimal, like 3f9a2c1d; list them with `trust sessions`.");
  });

  it("a prefix shorter than 4 characters, or one that matches several, is a usage error (exit 2) that says so", async () => {
    const { trust, db, show, dana, lee } = await fixture();
    const short = await trust(["actions", "done", dana.id.slice(0, 3)]);
    expect(short.code).toBe(2);
    expect(short.stderr).toContain(`"${dana.id.slice(0, 3)}" is too short to pick an action: type at least 4 characters of the id`);
    // Give both commitments ids that share their first 8 characters.
    const sql = new Database(db);
    sql.prepare("UPDATE actions SET id = ? WHERE id = ?").run(`abcd1234${dana.id.slice(8)}`, dana.id);
    sql.prepare("UPDATE actions SET id = ? WHERE id = ?").run(`abcd1234${lee.id.slice(8)}`, lee.id);
    sql.close();
    const before = await show();
    const ambiguous = await trust(["actions", "done", "abcd"]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('trust: "abcd" matches more than one action; type more of the id');
    expect(await show()).toEqual(before);
  });
});
