import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/index.js";
import { BIN, ROOT, runCli, withoutPastDays } from "../helpers/cli.js";
import { TerminalSession } from "../helpers/pty.js";
import { markDone, timedCall } from "../helpers/live-calls.js";
import { startPostgres, type PgServer } from "../helpers/postgres.js";
import { loadedFiles, zodStarted } from "../helpers/load-trace.js";
import { JSON_OUTPUTS } from "../../src/json/shapes.js";
import { ON_ANOTHER_NODE } from "../helpers/node-line.js";
import { eventCount, indexes, killWhenSpilling, manyCalls, until } from "../helpers/bulk-file.js";

/** The fields the README's JSON output section gives `command`, in order. */
function fieldsOf(command: string): string[] {
  const shape = JSON_OUTPUTS.find((o) => o.command === command)!.shape;
  return "fields" in shape ? shape.fields.map((x) => x.name) : [];
}

/**
 * `trust sync` against a real PostgreSQL server (issue 14): a private server started for these
 * tests (tests/helpers/postgres.ts), the real built CLI, real SQLite files.
 */

let pg: PgServer;
let dir: string;

const WRITER = { user: "sam", password: "team pw/with:odd@chars" };
const READER = { user: "trust_ci", password: "change-me-ci" };

beforeAll(async () => {
  pg = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), "trust-sync-"));
  // The roles the README tells a team to make, with its SQL as written there.
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const sql = /\*\*Setting up the server\*\*[\s\S]*?```sql\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(sql, "the README shows the SQL that sets up the server").toBeDefined();
  pg.psql(sql!);
  // A password with characters a URL must escape.
  pg.psql(`ALTER ROLE sam PASSWORD '${WRITER.password}'; CREATE ROLE tls_only LOGIN PASSWORD 'x';`);
}, 180_000);
afterAll(() => {
  pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const NOW = "2026-05-15T12:00:00Z";
const writer = () => pg.url(WRITER);
const reader = () => pg.url(READER);
const trust = (db: string, args: string[], env: Record<string, string> = {}) =>
  runCli(args, { env: { TRUST_DB: db, TRUST_NOW: NOW, PGCONNECT_TIMEOUT: "10", ...env }, timeoutMs: 120_000 });
const sync = (db: string, ...args: string[]) => trust(db, ["sync", "--remote", writer(), ...args]);
const json = async (db: string, args: string[]) => {
  const r = await trust(db, args);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};
const path = (name: string) => join(dir, name);

/** Everything a file derives, by global ids, to compare files. */
function state(db: string) {
  const store = openStore(db, { readonly: true });
  try {
    const q = (sql: string) => store.db.prepare(sql).all();
    return {
      sessions: q("SELECT id, client, status, updated_at, completed_at FROM sessions ORDER BY id"),
      events: q(`SELECT s.id, o.id AS origin, coalesce(e.origin_seq, e.id) AS seq, e.at, e.type, e.data FROM events e
        JOIN origins o ON o.pk = e.origin JOIN sessions s ON s.pk = e.session_pk ORDER BY s.id, e.id`),
      actions: q("SELECT id, what, owner, due, status, done_at FROM actions ORDER BY id"),
      stats: q("SELECT s.id, st.active_ms, st.trust_before, st.trust_after, st.open_due, st.done_ms FROM session_stats st JOIN sessions s ON s.pk = st.session_pk ORDER BY s.id"),
    };
  } finally {
    store.close();
  }
}

const serverEvents = () => Number(pg.psql("SELECT count(*) FROM trust.events").trim());

describe("trust sync", () => {
  it("two laptops push, a third pulls with a read-only role, and all report the union; a second sync changes nothing", async () => {
    const [ana, ben, ci] = [path("ana.db"), path("ben.db"), path("ci.db")];
    timedCall(ana, { day: "2026-04-02", client: "Acme", owner: "Ana", trust: [2, 4], actions: [{ what: "Send the RCA", owner: "Ana", due: "2026-04-10" }] });
    timedCall(ana, { day: "2026-04-20", client: "Beta", owner: "Ana", trust: [1, 3], actions: [{ what: "Credit the invoice", owner: "Lee", due: "2026-05-01" }] });
    timedCall(ben, { day: "2026-04-09", client: "Acme", owner: "Ben", trust: [3, 5], actions: [{ what: "Weekly status mail", owner: "Ben", due: "2026-06-01" }] });
    markDone(ben, "Weekly status mail", "2026-04-12T09:00:00Z");

    const first = await sync(ana);
    expect(first.stderr).toMatch(/^Pushed 2 sessions \(\d+ events\), pulled 0 sessions \(0 events\) in \d+\.\d s\.\n$/);
    expect(first.code).toBe(0);
    const second = await trust(ben, ["sync", "--remote", writer(), "--json"]);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ pushed: { sessions: 1 }, pulled: { sessions: 2, rebuilt: 0 } });
    expect(Object.keys(JSON.parse(second.stdout))).toEqual(fieldsOf("trust sync --json"));
    // The password is never shown.
    expect(second.stdout).not.toContain(WRITER.password);
    expect(second.stdout).toContain("sam:***@");
    await sync(ana);

    const pulled = await trust(ci, ["sync", "--pull", "--remote", reader(), "--json"]);
    expect(pulled.stderr).toBe("");
    expect(JSON.parse(pulled.stdout)).toMatchObject({ pushed: null, pulled: { sessions: 3 } });
    const report = async (db: string) => (await json(db, ["report", "--json"])).totals;
    expect(await report(ci)).toEqual(await report(ana));
    expect(await report(ben)).toEqual(await report(ana));
    expect((await report(ci)).sessions).toMatchObject({ started: 3, completed: 3 });
    // The CI gate over the team's commitments: Lee's credit (05-01) is overdue on 05-15.
    const gate = await trust(ci, ["actions", "--overdue", "--fail"]);
    expect(gate.code).toBe(3);
    expect(gate.stdout).toContain("Credit the invoice");
    expect(state(ana)).toEqual(state(ben));
    expect(state(ci)).toEqual(state(ana));

    const events = serverEvents();
    const again = await sync(ana);
    expect(again.stderr).toMatch(/^Pushed 0 sessions \(0 events\), pulled 0 sessions \(0 events\)/);
    expect(serverEvents()).toBe(events);
    expect(state(ana)).toEqual(state(ben));
  });

  it("merges the same session resumed on two machines offline, and a commitment done on one and edited on the other", async () => {
    const [one, two] = [path("one.db"), path("two.db")];
    const id = timedCall(one, { day: "2026-04-25", client: "Gamma", owner: "Ana", trust: [2, 3], actions: [{ what: "Fix the export", owner: "Ana", due: "2026-05-20" }] });
    await sync(one);
    copyFileSync(one, two);
    // Offline, each machine goes on: one marks the commitment done, the other moves it and reopens the call.
    markDone(one, "Fix the export", "2026-04-26T10:00:00Z");
    const store = openStore(two);
    try {
      const action = store.listActions({ sessionId: id })[0]!;
      store.changeAction(action.id, { kind: "edit", owner: "Sam", due: "2026-05-30" }, Date.parse("2026-04-26T09:00:00Z"));
      store.append(id, { type: "resumed" }, Date.parse("2026-04-26T11:00:00Z"));
      store.append(id, { type: "note", text: "Called back: they want weekly updates" }, Date.parse("2026-04-26T11:05:00Z"));
    } finally {
      store.close();
    }
    expect((await sync(two)).code).toBe(0);
    expect((await sync(one)).code).toBe(0);
    expect((await sync(two)).code).toBe(0);
    expect(state(one)).toEqual(state(two));
    const [action] = await json(one, ["actions", "--json", "--client", "Gamma"]);
    expect(action).toMatchObject({ what: "Fix the export", owner: "Sam", due: "2026-05-30", status: "done" });
    const show = await json(two, ["show", id, "--json"]);
    expect(show.session.status).toBe("in_progress");
  });

  it("text with tabs, newlines, backslashes, a literal \\N, quotes and emoji arrives byte for byte", async () => {
    const [from, to] = [path("odd-from.db"), path("odd-to.db")];
    const odd = 'Tab\there\nnew line\r\\ back \\N "quoted" \'single\' 😀 漢字 \u0007 end';
    timedCall(from, { day: "2026-05-06", client: `Odd ${odd}`, incident: odd, owner: `Ana ${odd}`, trust: [1, 5], actions: [{ what: odd, owner: odd, due: "2026-06-01" }] });
    expect((await sync(from)).code).toBe(0);
    expect((await trust(to, ["sync", "--pull", "--remote", reader()])).code).toBe(0);
    const mine = state(from);
    const theirs = state(to);
    const odds = (st: ReturnType<typeof state>) => JSON.stringify(st).includes(JSON.stringify(odd).slice(1, -1));
    expect(odds(theirs)).toBe(true);
    expect(theirs.actions.filter((a) => (a as { what: string }).what === odd)).toEqual(mine.actions.filter((a) => (a as { what: string }).what === odd));
    expect(theirs.sessions.filter((x) => (x as { client: string }).client.startsWith("Odd"))).toEqual(mine.sessions.filter((x) => (x as { client: string }).client.startsWith("Odd")));
  });

  it("a pull over several pages brings every event when the files' own numbers interleave", async () => {
    pg.psql("CREATE DATABASE pages OWNER trust_team", "postgres");
    const url = pg.url({ ...WRITER, database: "pages" });
    // Two files whose events carry the same own numbers (1, 2, 3...), pushed one after the other:
    // more events than a page holds, so the pages must follow the server's order, not the files'.
    const [one, two, all] = [path("pages-1.db"), path("pages-2.db"), path("pages-all.db")];
    manyCalls(one, 400, "Page One");
    manyCalls(two, 400, "Page Two");
    for (const db of [one, two]) expect((await trust(db, ["sync", "--push", "--remote", url])).code).toBe(0);
    const onServer = Number(pg.psql("SELECT count(*) FROM trust.events", "pages").trim());
    expect(onServer).toBeGreaterThan(5_000);
    expect((await trust(all, ["sync", "--pull", "--remote", url])).code).toBe(0);
    expect(eventCount(all)).toBe(onServer);
    expect((await json(all, ["sessions", "--json"])).length).toBe(800);
  });

  it("a server that was wiped gets everything again", async () => {
    const db = path("wiped.db");
    timedCall(db, { day: "2026-05-02", client: "Delta", owner: "Ana", trust: [1, 2], actions: [] });
    expect((await sync(db)).code).toBe(0);
    pg.psql(`DROP SCHEMA trust CASCADE; CREATE SCHEMA trust AUTHORIZATION trust_team; GRANT USAGE ON SCHEMA trust TO trust_ci;
      ALTER DEFAULT PRIVILEGES FOR ROLE trust_team IN SCHEMA trust GRANT SELECT ON TABLES TO trust_ci;`);
    const r = await trust(db, ["sync", "--push", "--remote", writer(), "--json"]);
    expect(r.code).toBe(0);
    const sessions = (await json(db, ["sessions", "--json"])).length;
    expect(JSON.parse(r.stdout).pushed.sessions).toBe(sessions);
    expect(Number(pg.psql("SELECT count(*) FROM trust.sessions").trim())).toBe(sessions);
  });

  it("after its own push a file pulls nothing back, but still pulls what another file pushed in between", async () => {
    pg.psql("CREATE DATABASE own OWNER trust_team", "postgres");
    const url = pg.url({ ...WRITER, database: "own" });
    const [ana, ben] = [path("own-ana.db"), path("own-ben.db")];
    const toPull = async (db: string) => (await json(db, ["sync", "--status", "--remote", url, "--json"])).toPull;
    manyCalls(ana, 40, "Own Ana");
    expect((await trust(ana, ["sync", "--push", "--remote", url])).code).toBe(0);
    expect(await toPull(ana)).toBe(0);
    const again = await trust(ana, ["sync", "--remote", url, "--json"]);
    expect(JSON.parse(again.stdout).pulled).toEqual({ sessions: 0, events: 0, rebuilt: 0 });

    // Ben pushes between two of Ana's pushes: Ana's second push must not move her mark past his events.
    timedCall(ben, { day: "2026-05-04", client: "Foxtrot", owner: "Ben", trust: [2, 3], actions: [] });
    expect((await trust(ben, ["sync", "--push", "--remote", url])).code).toBe(0);
    const bens = Number(pg.psql("SELECT count(*) FROM trust.events e JOIN trust.sessions s ON s.id = e.session_id WHERE s.client = 'Foxtrot'", "own").trim());
    timedCall(ana, { day: "2026-05-05", client: "Golf", owner: "Ana", trust: [3, 4], actions: [] });
    expect((await trust(ana, ["sync", "--push", "--remote", url])).code).toBe(0);
    expect(await toPull(ana)).toBe(bens + Number(pg.psql("SELECT count(*) FROM trust.events e JOIN trust.sessions s ON s.id = e.session_id WHERE s.client = 'Golf'", "own").trim()));
    const pulled = JSON.parse((await trust(ana, ["sync", "--remote", url, "--json"])).stdout).pulled;
    expect(pulled).toEqual({ sessions: 1, events: bens, rebuilt: 0 });
    expect(await toPull(ana)).toBe(0);
    expect((await json(ana, ["sessions", "--json"])).map((x: { client: string }) => x.client)).toContain("Foxtrot");
  });

  it("a server restored from an older backup under the same id: the next sync says so, sends and fetches everything again, and every file converges", async () => {
    pg.psql("CREATE DATABASE restored OWNER trust_team", "postgres");
    const url = pg.url({ ...WRITER, database: "restored" });
    const [ana, ben, ci] = [path("restored-ana.db"), path("restored-ben.db"), path("restored-ci.db")];
    const run = (db: string, ...args: string[]) => trust(db, ["sync", "--remote", url, ...args]);
    const count = (sql: string) => Number(pg.psql(sql, "restored").trim());
    timedCall(ana, { day: "2026-05-02", client: "Hotel", owner: "Ana", trust: [2, 3], actions: [{ what: "Call back", owner: "Ana", due: "2026-05-09" }] });
    expect((await run(ana)).code).toBe(0);
    const backup = count("SELECT max(seq) FROM trust.events");
    // After the backup: Ana's second call reaches the server, and the CI file pulls everything.
    timedCall(ana, { day: "2026-05-06", client: "India", owner: "Ana", trust: [1, 4], actions: [{ what: "Refund", owner: "Lee", due: "2026-05-20" }] });
    expect((await run(ana)).code).toBe(0);
    expect((await run(ci, "--pull")).code).toBe(0);
    // The restore: the server as it was at the backup, its numbering too, and the same server id.
    pg.psql(
      `DELETE FROM trust.events WHERE seq > ${backup}; DELETE FROM trust.sessions s WHERE NOT EXISTS (SELECT 1 FROM trust.events e WHERE e.session_id = s.id);
       SELECT setval(pg_get_serial_sequence('trust.events', 'seq'), ${backup});`,
      "restored",
    );
    // Ben pushes a short call after the restore: its events take numbers the CI file already pulled past.
    timedCall(ben, { day: "2026-05-08", client: "Juliet", owner: "Ben", trust: [3, 3], actions: [] });
    expect((await run(ben)).code).toBe(0);

    const again = await run(ana, "--json");
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/^trust: warning: the team server \(postgres:\/\/sam:\*\*\*@[^)]*\) no longer holds everything this file sent to it or fetched from it, as after a restore from an older backup: this sync sends and fetches everything again/);
    expect(again.stderr.split("\n")).toHaveLength(2);
    // India is on the server again, and Ana has Juliet.
    expect(JSON.parse(again.stdout)).toMatchObject({ pushed: { sessions: 1 }, pulled: { sessions: 1 } });
    expect(count("SELECT count(*) FROM trust.sessions WHERE client = 'India'")).toBe(1);
    const ciAgain = await run(ci, "--pull");
    expect(ciAgain.code).toBe(0);
    expect(ciAgain.stderr).toContain("no longer holds everything");
    expect((await run(ben)).code).toBe(0);
    expect(state(ci)).toEqual(state(ana));
    expect(state(ben)).toEqual(state(ana));
    expect((await json(ci, ["sessions", "--json"])).map((x: { client: string }) => x.client).sort()).toEqual(["Hotel", "India", "Juliet"]);
    // Once is enough: the marks mean something again.
    const quiet = await run(ana);
    expect(quiet.stderr).toMatch(/^Pushed 0 sessions \(0 events\), pulled 0 sessions \(0 events\)/);
  });

  it("a sync runs from dist/sync.cjs alone, and with nothing to merge never starts zod (nor the YAML parser it comes with)", async () => {
    const db = path("budget.db");
    timedCall(db, { day: "2026-05-06", client: "Hotel", owner: "Ana", trust: [2, 4], actions: [] });
    expect((await sync(db)).code).toBe(0);
    timedCall(db, { day: "2026-05-07", client: "India", owner: "Ana", trust: [2, 4], actions: [] });
    const traced = mkdtempSync(join(dir, "trace-"));
    const files = loadedFiles(traced, ["sync", "--remote", writer()], { TRUST_DB: db, TRUST_NOW: NOW, HOME: traced });
    // One CommonJS file (src/fast/sync-main.ts), not commander and the ES module chunks.
    expect(files.filter((f) => f.includes("/dist/")).map((f) => f.split("/").pop())).toEqual(["sync.cjs"]);
    // zod is in that file, and sets its global configuration when it starts: the write checks
    // and the playbook parser, which load it with YAML, are only started before a merge.
    expect(zodStarted(traced, ["sync", "--remote", writer()], { TRUST_DB: db, TRUST_NOW: NOW, HOME: traced })).toBe(false);
    // The check can fail: a pull with something to merge starts them.
    const other = path("budget-other.db");
    expect(zodStarted(traced, ["sync", "--pull", "--remote", writer()], { TRUST_DB: other, TRUST_NOW: NOW, HOME: traced })).toBe(true);
  });

  it("--dry-run and --status say what would move and write nothing", async () => {
    const db = path("dry.db");
    timedCall(db, { day: "2026-05-03", client: "Echo", owner: "Ana", trust: [2, 2], actions: [] });
    const before = serverEvents();
    const dry = await trust(db, ["sync", "--dry-run", "--remote", writer(), "--json"]);
    expect(dry.code).toBe(0);
    const out = JSON.parse(dry.stdout);
    expect(Object.keys(out)).toEqual(fieldsOf("trust sync --dry-run --json"));
    expect(out.toPush).toBeGreaterThan(0);
    expect(out.toPull).toBe(before);
    expect(serverEvents()).toBe(before);
    const statusJson = await json(db, ["sync", "--status", "--remote", writer(), "--json"]);
    expect(Object.keys(statusJson)).toEqual(fieldsOf("trust sync --status --json").filter((k) => k !== "problem"));
    const status = await trust(db, ["sync", "--status", "--remote", writer()]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^Team server: postgres:\/\/sam:\*\*\*@127\.0\.0\.1:\d+\/trust\nLast sync:   never\nTo push:     \d+ events\nTo pull:     \d+ events\n$/);

    // Synced, then a call more, then asked while the server cannot be reached: the marks of the one
    // server this file knows, not "never" and every event.
    expect((await trust(db, ["sync", "--remote", writer()])).code).toBe(0);
    timedCall(db, { day: "2026-05-04", client: "Echo", owner: "Ana", trust: [2, 3], actions: [] });
    const waiting = (await json(db, ["sync", "--status", "--remote", writer(), "--json"])).toPush as number;
    const down = await json(db, ["sync", "--status", "--remote", "postgres://sam:pw@127.0.0.1:1/trust", "--json"]);
    expect(down).toMatchObject({ reachable: false, server: null, toPush: waiting, toPull: null });
    expect(waiting).toBeGreaterThan(0);
    expect(waiting).toBeLessThan(serverEvents());
    expect(down.lastSync).toMatch(/^\d{4}-\d\d-\d\dT/);
    const text = await trust(db, ["sync", "--status", "--remote", "postgres://sam:pw@127.0.0.1:1/trust"]);
    expect(text.stdout).toMatch(new RegExp(`\\nLast sync:   \\S+ \\(with server [0-9a-f]{8}, the only one this file has synced with\\)\\nTo push:     ${waiting} events\\nTo pull:     unknown\\n$`));
  });
});

describe("pushing after a call or a change, when a team server is configured", () => {
  it("a call run from an answers file and a commitment marked done reach the server; an unreachable server only says so", async () => {
    const db = path("auto.db");
    const answers = join(ROOT, "tests", "fixtures", "answers", "calm.yaml");
    const run = (args: string[], remote: string) => trust(db, args, { TRUST_REMOTE: remote });
    const started = await run(["start", "--answers", answers, "--client", "Hotel", "--incident", "Late invoice", "--owner", "Ana", "--json"], writer());
    expect(started.code).toBe(0);
    expect(withoutPastDays(started.stderr)).toBe("");
    const id = JSON.parse(started.stdout).id as string;
    expect(pg.psql(`SELECT count(*) FROM trust.sessions WHERE id = '${id}'`).trim()).toBe("1");

    const [action] = await json(db, ["actions", "--json", "--client", "Hotel"]);
    const down = pg.url({ ...WRITER, database: "trust" }).replace(/:\d+\//, ":1/");
    const done = await run(["actions", "done", action.id], down);
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/^✔ Done: /);
    expect(done.stderr).toMatch(/^trust: warning: not pushed to the team server yet \(cannot reach the team server .*: the connection was refused\); `trust sync` will send it \(postgres:\/\/sam:\*\*\*@127\.0\.0\.1:1\/trust\)\n$/);
    expect(done.stderr).not.toContain(WRITER.password);
    // The next sync sends it.
    expect((await sync(db)).code).toBe(0);
    expect(pg.psql(`SELECT count(*) FROM trust.events WHERE type = 'action_done' AND data LIKE '%${action.id}%'`).trim()).toBe("1");
  });
});

describe("trust doctor with a team server configured", () => {
  it("says whether it answers, a warning when not, with the password masked", async () => {
    const db = path("doctor.db");
    timedCall(db, { day: "2026-05-07", client: "India", owner: "Ana", trust: [2, 3], actions: [] });
    expect((await sync(db)).code).toBe(0);
    const ok = JSON.parse((await trust(db, ["doctor", "--json"], { TRUST_REMOTE: writer() })).stdout);
    expect(ok.checks.find((c: { name: string }) => c.name === "team server")).toMatchObject({ ok: true, detail: expect.stringMatching(/^postgres:\/\/sam:\*\*\*@127\.0\.0\.1:\d+\/trust answers, schema 1, server [0-9a-f]{8}$/) });
    const down = await trust(db, ["doctor"], { TRUST_REMOTE: writer().replace(/:\d+\//, ":1/") });
    expect(down.code).toBe(0);
    expect(down.stdout).toMatch(/^! team server: cannot reach the team server \(postgres:\/\/sam:\*\*\*@127\.0\.0\.1:1\/trust\): the connection was refused$/m);
    expect(down.stdout + ok.toString()).not.toContain(WRITER.password);
  });
});

describe("trust sync when something is wrong", () => {
  const fail = async (args: string[], env: Record<string, string> = {}) => {
    const r = await trust(path("fail.db"), ["sync", ...args], env);
    return { code: r.code, stderr: r.stderr.replace(/:\d{4,5}\//g, ":PORT/") };
  };

  it("no server configured: exit 2", async () => {
    expect(await fail([])).toEqual({ code: 2, stderr: expect.stringMatching(/^trust: no team server is configured\nhint: Give --remote/) });
    expect(await fail(["--remote", "mysql://x@y/z"])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^trust: the team server must be a postgres:\/\/ URL/) });
  });

  it("sslmode means what it means to libpq: prefer (the default) and allow connect in the clear to a server without TLS, require does not, an unknown one is refused", async () => {
    const db = path("sslmode.db");
    timedCall(db, { day: "2026-05-03", client: "Kilo", owner: "Ana", trust: [2, 3], actions: [] });
    const syncWith = (url: string, env: Record<string, string> = {}) => trust(db, ["sync", "--remote", url], env);
    for (const [url, env] of [
      [pg.url({ ...WRITER, query: "sslmode=prefer" }), {}],
      [pg.url({ ...WRITER, query: "sslmode=allow" }), {}],
      [pg.url(WRITER), { PGSSLMODE: "prefer" }],
      [pg.url(WRITER), { PGSSLMODE: "allow" }],
      [pg.url({ ...WRITER, query: "sslmode=disable" }), { PGSSLMODE: "require" }],
    ] as const) {
      const r = await syncWith(url, env);
      expect(r.stderr, `${url} ${JSON.stringify(env)}`).toMatch(/^Pushed \d+ sessions?/);
      expect(r.code).toBe(0);
    }
    // The URL's sslmode wins over PGSSLMODE, as in libpq; without one in the URL, PGSSLMODE decides.
    const required = await syncWith(pg.url(WRITER), { PGSSLMODE: "require" });
    expect(required).toMatchObject({ code: 5, stderr: expect.stringMatching(/does not offer TLS/) });
    // allow: in the clear first, then TLS when the server asks for it, which this one cannot give.
    const tlsOnly = await syncWith(pg.url({ user: "tls_only", password: "x", query: "sslmode=allow" }));
    expect(tlsOnly.code).toBe(5);
    expect(tlsOnly.stderr).toMatch(/does not offer TLS/);
    const unknown = await syncWith(pg.url({ ...WRITER, query: "sslmode=sometimes" }));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.split("\n")[0]).toBe('trust: sslmode "sometimes" (in the team server\'s URL) is not one of disable, allow, prefer, require, verify-ca, verify-full');
    expect(unknown.stderr).not.toContain(WRITER.password);
  });

  it("a wrong password, a role that needs TLS, TLS the server lacks, a push by a read-only role: exit 5, one line, no password shown", async () => {
    const wrong = await fail(["--remote", pg.url({ user: "sam", password: "nope" })]);
    expect(wrong.code).toBe(5);
    expect(wrong.stderr).toBe(
      'trust: the team server (postgres://sam:***@127.0.0.1:PORT/trust) refused the password for role "sam"\nhint: Check PGPASSWORD, ~/.pgpass or the password in the URL; trust never stores it.\n',
    );
    const tls = await fail(["--remote", pg.url({ user: "tls_only", password: "x" })]);
    expect(tls).toMatchObject({ code: 5, stderr: expect.stringMatching(/accepts role "tls_only" only over TLS\nhint: Add \?sslmode=require/) });
    const noTls = await fail(["--remote", pg.url({ ...WRITER, query: "sslmode=require" })]);
    expect(noTls).toMatchObject({ code: 5, stderr: expect.stringMatching(/does not offer TLS, and the URL asks for it/) });
    timedCall(path("fail.db"), { day: "2026-05-04", client: "Fox", owner: "Ana", trust: [2, 2], actions: [] });
    const readOnly = await fail(["--push", "--remote", reader()]);
    expect(readOnly).toMatchObject({ code: 5, stderr: expect.stringMatching(/^trust: the team server \(.*\) refused role "trust_ci" the push \(permission denied\)\nhint: A read-only role can only pull/) });
    for (const r of [wrong, tls, noTls, readOnly]) {
      expect(r.stderr.split("\n"), r.stderr).toHaveLength(3);
      expect(r.stderr).not.toMatch(/at .*\.js|pw/);
    }
  });

  it("a password from ~/.pgpass is used when the URL has none", async () => {
    const home = mkdtempSync(join(tmpdir(), "trust-pgpass-"));
    const { writeFileSync, chmodSync } = await import("node:fs");
    writeFileSync(join(home, ".pgpass"), `127.0.0.1:${pg.port}:trust:trust_ci:${READER.password}\n`);
    chmodSync(join(home, ".pgpass"), 0o600);
    const r = await trust(path("pgpass.db"), ["sync", "--pull", "--remote", pg.url({ user: "trust_ci", password: undefined }), "--json"], { HOME: home });
    rmSync(home, { recursive: true, force: true });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("a server schema newer than this trust is refused, and nothing is changed", async () => {
    const db = path("newer.db");
    timedCall(db, { day: "2026-05-05", client: "Golf", owner: "Ana", trust: [2, 2], actions: [] });
    const events = serverEvents();
    pg.psql("UPDATE trust.meta SET value = '99' WHERE key = 'schema_version'");
    try {
      const r = await fail(["--remote", writer()]);
      expect(r.code).toBe(5);
      expect(r.stderr).toMatch(/^trust: the team server's schema is version 99, newer than this trust knows \(1\)\nhint: .*Nothing was changed\.\n$/);
      expect(serverEvents()).toBe(events);
    } finally {
      pg.psql("UPDATE trust.meta SET value = '1' WHERE key = 'schema_version'");
    }
  });

  it("a server that is down: exit 5, the connection refused", async () => {
    pg.kill();
    try {
      const r = await fail(["--remote", writer()]);
      expect(r).toEqual({ code: 5, stderr: "trust: cannot reach the team server (postgres://sam:***@127.0.0.1:PORT/trust): the connection was refused\nhint: Is the server running, and is the host and port right?\n" });
    } finally {
      pg.start();
    }
  });
});

/**
 * The long fault tests run once per CI, on the machine's Node: they test the protocol between
 * trust and PostgreSQL, which does not change with Node; scripts/test-on-node.sh says when a run
 * is the suite again on another Node line (every other sync test runs there too).
 */

describe.skipIf(ON_ANOTHER_NODE)("trust sync under faults and load", () => {
  it("a push killed at 20 random moments, then run again, leaves the server with every event once; a killed pull converges too", async () => {
    pg.psql("CREATE DATABASE kill OWNER trust_team", "postgres");
    const url = pg.url({ ...WRITER, database: "kill" });
    const db = path("kill.db");
    manyCalls(db, 2500);
    const local = (await json(db, ["sessions", "--json"])).length;
    const count = () => Number(pg.psql("SELECT count(*) FROM trust.events", "kill").trim() || 0);
    // How long a whole push takes here: the kills fall anywhere in it.
    const t0 = Date.now();
    expect((await trust(db, ["sync", "--push", "--remote", url])).code).toBe(0);
    const whole = Date.now() - t0;
    pg.psql("DROP SCHEMA trust CASCADE", "kill");
    let interrupted = 0;
    for (let i = 0; i < 20; i++) {
      const delay = Math.floor(Math.random() * whole);
      const r = await killAfter(db, ["sync", "--push", "--remote", url], delay);
      if (r.code !== 0) interrupted++;
    }
    expect(interrupted).toBeGreaterThan(0);
    const last = await trust(db, ["sync", "--remote", url, "--json"]);
    expect(last.stderr).toBe("");
    const events = Number(eventCount(db));
    expect(count()).toBe(events);
    expect(Number(pg.psql("SELECT count(DISTINCT (origin, origin_seq)) FROM trust.events", "kill").trim())).toBe(events);
    expect(Number(pg.psql("SELECT count(*) FROM trust.sessions", "kill").trim())).toBe(local);

    // A pull into a new file, killed five times, then finished: the same state as the file it came from.
    const copy = path("kill-pull.db");
    for (let i = 0; i < 5; i++) await killAfter(copy, ["sync", "--pull", "--remote", url], Math.floor(Math.random() * whole));
    expect((await trust(copy, ["sync", "--pull", "--remote", url])).code).toBe(0);
    expect(state(copy)).toEqual(state(db));
  }, 600_000);

  it("8 syncs at once against one server, then once more each: every file holds the union", async () => {
    pg.psql("CREATE DATABASE busy OWNER trust_team", "postgres");
    const url = pg.url({ ...WRITER, database: "busy" });
    const files = Array.from({ length: 8 }, (_, i) => path(`busy-${i}.db`));
    files.forEach((f, i) => manyCalls(f, 15, `Team ${i}`));
    const first = await Promise.all(files.map((f) => trust(f, ["sync", "--remote", url])));
    for (const r of first) expect([r.code, r.stderr]).toEqual([0, expect.stringMatching(/^Pushed 15 sessions/)]);
    for (const f of files) expect((await trust(f, ["sync", "--remote", url])).code).toBe(0);
    const total = Number(pg.psql("SELECT count(*) FROM trust.events", "busy").trim());
    for (const f of files) {
      expect(eventCount(f)).toBe(total);
      expect(state(f)).toEqual(state(files[0]!));
    }
    expect(Number(pg.psql("SELECT count(*) FROM trust.sessions", "busy").trim())).toBe(8 * 15);

    // Two syncs of one file at once: one waits for nothing and says so, or both finish; never a mix.
    const twice = await Promise.all([trust(files[0]!, ["sync", "--remote", url]), trust(files[0]!, ["sync", "--remote", url])]);
    for (const r of twice) {
      if (r.code !== 0) expect([r.code, r.stderr]).toEqual([1, expect.stringMatching(/^trust: another trust sync of .*busy-0\.db with this server is running\n/)]);
    }
    expect(state(files[0]!)).toEqual(state(files[1]!));
  }, 300_000);
});

describe("trust sync on a terminal", () => {
  it.each([
    [80, 24],
    [60, 18],
  ])("draws its progress lines at %i columns and leaves only the summary", async (cols, rows) => {
    pg.psql(`CREATE DATABASE tty${cols} OWNER trust_team`, "postgres");
    const url = pg.url({ ...WRITER, database: `tty${cols}` });
    const [from, to] = [path(`tty-${cols}.db`), path(`tty-${cols}-pulled.db`)];
    manyCalls(from, 300);
    for (const [db, args, done] of [
      [from, ["sync", "--push"], /^Pushed 300 sessions \([\d,]+ events\) in \d+\.\d s\.$/],
      [to, ["sync", "--pull"], /^Pulled 300 sessions \([\d,]+ events\) in \d+\.\d s\.$/],
    ] as const) {
      const term = new TerminalSession([...args, "--remote", url], { TRUST_DB: db, TRUST_NOW: NOW }, { cols, rows });
      expect(await term.exited).toBe(0);
      expect(term.raw).toMatch(/(pushing|pulling) events [\d,]+ of [\d,]+/);
      // The lines as written (a long path wraps the summary onto the next row).
      const shown = await term.writtenLines();
      expect(shown, shown.join("\n")).toEqual([expect.stringMatching(done)]);
    }
  }, 120_000);
});

describe.skipIf(ON_ANOTHER_NODE)("the server going away in the middle of a push", () => {
  it("says the connection was lost, exits 5, and the next sync completes with every event once", async () => {
    pg.psql("CREATE DATABASE cut OWNER trust_team", "postgres");
    const url = pg.url({ ...WRITER, database: "cut" });
    const db = path("cut.db");
    manyCalls(db, 3000);
    const pushing = trust(db, ["sync", "--push", "--remote", url]);
    // Kill the server once the push is writing (seen in pg_stat_activity), not after a fixed time.
    await until(
      () => pg.psql("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'trust' AND query ~ '^\\s*(COPY|INSERT)'", "postgres").trim() !== "0",
    );
    pg.kill();
    const r = await pushing;
    pg.start();
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/^trust: (the connection to the team server \(.*\) was (lost|cut) during the push|the team server \(.*\) shut down during the push)\. What was sent before it is kept on both sides, and `trust sync` goes on from there\.\nhint: Run `trust sync` again\.\n$/);
    const again = await trust(db, ["sync", "--push", "--remote", url]);
    expect([again.code, again.stderr]).toEqual([0, expect.stringMatching(/^Pushed /)]);
    expect(Number(pg.psql("SELECT count(*) FROM trust.events", "cut").trim())).toBe(eventCount(db));
  }, 300_000);
});

describe("a first pull into a file that holds nothing", () => {
  it("is one transaction: killed half way or the server lost, the file holds nothing and every index, and says so; the next pull brings it all", async () => {
    pg.psql("CREATE DATABASE first OWNER trust_team", "postgres");
    const url = pg.url({ ...WRITER, database: "first" });
    const db = path("first.db");
    manyCalls(db, 3000);
    expect((await trust(db, ["sync", "--push", "--remote", url])).code).toBe(0);
    const copy = path("first-pull.db");

    // SIGKILLed half way: merged pages have begun to fill the file's log (the transaction spills to it).
    expect(await killWhenSpilling(["sync", "--pull", "--remote", url], copy, NOW)).toBe("SIGKILL");
    expect(eventCount(copy)).toBe(0);
    expect(indexes(copy)).toEqual(indexes(db));

    // The server lost while the pull reads its pages: said as what it is.
    const pulling = trust(copy, ["sync", "--pull", "--remote", url]);
    await until(() => pg.psql("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'trust' AND query ~ 'FROM trust\\.events e WHERE'", "postgres").trim() !== "0");
    pg.kill();
    const r = await pulling;
    pg.start();
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(
      /^trust: (the connection to the team server \(.*\) was (lost|cut) during the pull|the team server \(.*\) shut down during the pull)\. Nothing of it was merged: a first pull into a file that holds nothing is one transaction, and `trust sync` starts it again\.\nhint: Run `trust sync` again\.\n$/,
    );
    expect(eventCount(copy)).toBe(0);

    const again = await trust(copy, ["sync", "--pull", "--remote", url]);
    expect([again.code, again.stderr]).toEqual([0, expect.stringMatching(/^Pulled 3,000 sessions/)]);
    expect(state(copy)).toEqual(state(db));
    // Built again at its end, each from its own SQL: the file has every index the file that wrote the calls has.
    expect(indexes(copy)).toEqual(indexes(db));
  }, 300_000);
});

/** Runs the CLI and kills it with SIGKILL after `ms` (if it has not finished by then). */
function killAfter(db: string, args: string[], ms: number): Promise<{ code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TRUST_DB: db, TRUST_NOW: NOW, TZ: "UTC" },
      stdio: "ignore",
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), ms);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code });
    });
  });
}
