import { SessionInfo } from "../../src/session/model.js";
import Database from "better-sqlite3";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NotFoundError, TrustError, UsageError } from "../../src/errors.js";
import type { SessionEvent } from "../../src/session/model.js";
import { openStore, type Store } from "../../src/store/index.js";
import { PLAYBOOK_SOURCE, newSession, useTempDir } from "./helpers.js";

const tempDir = useTempDir();
let store: Store;
let path: string;

beforeEach(() => {
  path = join(tempDir(), "trust.db");
  store = openStore(path);
});
afterEach(() => store.close());

/** Reads the file with a separate connection, as another process would. */
function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

describe("sessions", () => {
  it("are created in progress with a random 32-character id and read back as they were", () => {
    const s = store.createSession(newSession({ at: 5_000, rehearsal: true }));
    expect(s.id).toMatch(/^[0-9a-f]{32}$/);
    expect(s).toMatchObject({
      client: "Acme",
      attendees: [{ name: "Bob" }, { name: "Carla", email: "carla@ours.example" }],
      contacts: [{ name: "Priya", email: "priya@acme.example" }],
      rehearsal: true,
      status: "in_progress",
      startedAt: 5_000,
      updatedAt: 5_000,
      completedAt: null,
      playbookId: "restore-trust",
      playbookVersion: 1,
      playbookSource: PLAYBOOK_SOURCE,
    });
    expect(s.playbookHash).toBe(createHash("sha256").update(PLAYBOOK_SOURCE).digest("hex"));
    expect(store.getSession(s.id)).toEqual(s);
    expect(store.getSession("0".repeat(32))).toBeUndefined();
  });

  it("share one stored copy of the same playbook text", () => {
    store.createSession(newSession());
    store.createSession(newSession());
    store.createSession(newSession({ source: `${PLAYBOOK_SOURCE}# edited\n` }));
    expect(query<{ n: number }>("SELECT count(*) AS n FROM playbook_snapshots")).toEqual([{ n: 2 }]);
  });

  it("apply the defaults of SessionInfo", () => {
    const input = newSession();
    const { attendees: _a, contacts: _c, rehearsal: _r, ...info } = input.info;
    const s = store.createSession({ ...input, info: SessionInfo.parse(info) });
    expect(store.getSession(s.id)).toMatchObject({ attendees: [], contacts: [], rehearsal: false });
  });
});

describe("rows edited by hand or by another program", () => {
  it("are reported as unreadable with the session id, not passed on", () => {
    const s = store.createSession(newSession());
    const db = new Database(path);
    db.prepare("UPDATE sessions SET attendees = 'Bob and Carla' WHERE id = ?").run(s.id);
    db.close();
    expect(() => store.getSession(s.id)).toThrow(`${path} holds a session ${s.id} that trust cannot read (attendees: is not valid JSON)`);
  });

  it("in the timeline, are reported the same way", () => {
    const s = store.createSession(newSession());
    store.append(s.id, { type: "went_back", step: "b", to: "a" }, 1);
    const db = new Database(path);
    db.prepare("UPDATE events SET data = '{\"destination\":\"a\"}'").run();
    db.close();
    expect(() => store.events(s.id)).toThrow(/holds an event 1 that trust cannot read \(to: missing from a went_back event\)/);
  });
});

describe("resolveSession", () => {
  it("finds a session by its full id or a unique prefix, in any case", () => {
    const s = store.createSession(newSession());
    store.createSession(newSession());
    expect(store.resolveSession(s.id).id).toBe(s.id);
    expect(store.resolveSession(s.id.slice(0, 12).toUpperCase()).id).toBe(s.id);
  });

  it("reports an unknown id as not found (exit 4)", () => {
    store.createSession(newSession());
    const error = catchError(() => store.resolveSession("0".repeat(32)));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).exitCode).toBe(4);
  });

  it("rejects a prefix that is too short as a usage error; finds nothing for one no id can start with", () => {
    expect(catchError(() => store.resolveSession("abc"))).toBeInstanceOf(UsageError);
    // Not hexadecimal, or longer than an id: not found (exit 4), like any id that matches nothing.
    expect(catchError(() => store.resolveSession("acme"))).toBeInstanceOf(NotFoundError);
    expect(catchError(() => store.resolveSession("a".repeat(33)))).toBeInstanceOf(NotFoundError);
  });

  it("lists the candidates of an ambiguous prefix with their client and start", () => {
    // Random ids: with a few thousand sessions, two share their first four characters.
    const seen = new Map<string, string>();
    let pair: [string, string] | undefined;
    store.batch(() => {
      for (let i = 0; i < 5_000 && !pair; i++) {
        const s = store.createSession(newSession({ client: `Client ${i}` }));
        const other = seen.get(s.id.slice(0, 4));
        if (other) pair = [other, s.id];
        seen.set(s.id.slice(0, 4), s.id);
      }
    });
    expect(pair).toBeDefined();
    const [a, b] = pair!;
    const error = catchError(() => store.resolveSession(a.slice(0, 4))) as UsageError;
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(`"${a.slice(0, 4)}" matches more than one session; type more of the id`);
    const lines = error.details.join("\n");
    for (const id of [a, b]) expect(lines).toContain(id.slice(0, 8));
    expect(lines).toMatch(/Client \d+ {2}started \d{4}-\d\d-\d\d \d\d:\d\d/);
  });
});

describe("batch", () => {
  it("commits everything together, or nothing when it throws", () => {
    const s = store.createSession(newSession());
    store.batch(() => {
      store.append(s.id, { type: "paused" }, 1);
      store.append(s.id, { type: "resumed" }, 2);
    });
    expect(() =>
      store.batch(() => {
        store.append(s.id, { type: "paused" }, 3);
        store.createSession(newSession({ client: "Lost", source: "id: new\n" }));
        throw new Error("generator failed");
      }),
    ).toThrow("generator failed");
    expect(store.events(s.id).map((e) => e.at)).toEqual([1, 2]);
    expect(store.listSessions({}).map((x) => x.client)).toEqual(["Acme"]);
    // The playbook text written by the rolled-back batch is written again when next needed.
    const again = store.createSession(newSession({ source: "id: new\n" }));
    expect(store.getSession(again.id)?.playbookSource).toBe("id: new\n");
  });
});

describe("latestUnfinished", () => {
  it("is the in-progress session touched most recently", () => {
    expect(store.latestUnfinished()).toBeUndefined();
    const a = store.createSession(newSession({ at: 1_000 }));
    const b = store.createSession(newSession({ at: 2_000 }));
    const c = store.createSession(newSession({ at: 3_000 }));
    store.append(a.id, { type: "step_started", step: "listen" }, 4_000);
    store.append(c.id, { type: "completed" }, 5_000);
    expect(store.latestUnfinished()?.id).toBe(a.id);
    store.append(b.id, { type: "note", text: "still here" }, 6_000);
    expect(store.latestUnfinished()?.id).toBe(b.id);
  });
});

describe("listSessions", () => {
  function seed() {
    const ids = {
      acmeOld: store.createSession(newSession({ client: "Acme", at: 1_000 })).id,
      globex: store.createSession(newSession({ client: "Globex", at: 2_000, playbookId: "service-outage" })).id,
      acmeNew: store.createSession(newSession({ client: "Acme", at: 3_000 })).id,
      practice: store.createSession(newSession({ client: "Acme", at: 4_000, rehearsal: true })).id,
    };
    store.append(ids.globex, { type: "completed" }, 2_500);
    return ids;
  }
  const ids = (sessions: { id: string }[]) => sessions.map((s) => s.id);

  it("lists newest first and leaves rehearsals out unless asked", () => {
    const s = seed();
    expect(ids(store.listSessions({}))).toEqual([s.acmeNew, s.globex, s.acmeOld]);
    expect(ids(store.listSessions({ includeRehearsals: true }))).toEqual([s.practice, s.acmeNew, s.globex, s.acmeOld]);
  });

  it("filters by client (ignoring case), status, playbook, time range and count", () => {
    const s = seed();
    expect(ids(store.listSessions({ client: "acme" }))).toEqual([s.acmeNew, s.acmeOld]);
    expect(ids(store.listSessions({ status: "completed" }))).toEqual([s.globex]);
    expect(ids(store.listSessions({ status: "in_progress", includeRehearsals: true }))).toEqual([s.practice, s.acmeNew, s.acmeOld]);
    expect(ids(store.listSessions({ playbook: "service-outage" }))).toEqual([s.globex]);
    expect(ids(store.listSessions({ since: 2_000 }))).toEqual([s.acmeNew, s.globex]);
    expect(ids(store.listSessions({ until: 2_000 }))).toEqual([s.acmeOld]);
    expect(ids(store.listSessions({ since: 1_500, until: 3_500, client: "ACME" }))).toEqual([s.acmeNew]);
    expect(ids(store.listSessions({ limit: 2 }))).toEqual([s.acmeNew, s.globex]);
    expect(store.listSessions({ client: "Nobody" })).toEqual([]);
  });

  it("matches a client in any case beyond ASCII letters, as trust client does, and nothing else", () => {
    const cafe = store.createSession(newSession({ client: "Café Ünïcødé GmbH", at: 1_000 })).id;
    const upper = store.createSession(newSession({ client: "CAFÉ ÜNÏCØDÉ GMBH", at: 2_000 })).id;
    store.createSession(newSession({ client: "Cafe Unicode GmbH", at: 3_000 }));
    expect(ids(store.listSessions({ client: "café ünïcødé gmbh" }))).toEqual([upper, cafe]);
    expect(ids(store.listSessions({ client: " CAFÉ ÜNÏCØDÉ GmbH " }))).toEqual([upper, cafe]);
    expect(store.listSessions({ client: "Café" })).toEqual([]);
  });
});

describe("append", () => {
  it("stores every kind of event and reads the timeline back in order", () => {
    const s = store.createSession(newSession({ at: 1_000 }));
    const events: SessionEvent[] = [
      { type: "step_started", step: "prepare" },
      { type: "answered", step: "prepare", prompt: "summary", value: "We lost their data" },
      { type: "answered", step: "prepare", prompt: "trust_before", value: 3 },
      { type: "answered", step: "prepare", prompt: "read_timeline", value: false },
      { type: "answered", step: "prepare", prompt: "facts", value: ["down 2h", "no data lost"] },
      { type: "skipped", step: "prepare", prompt: "budget" },
      { type: "skipped", step: "listen" },
      { type: "note", text: "client is calm" },
      { type: "note", step: "prepare", text: "CTO joined" },
      { type: "went_back", step: "listen", to: "prepare" },
      { type: "paused" },
      { type: "resumed" },
      { type: "completed" },
    ];
    const stored = events.map((event, i) => store.append(s.id, event, 2_000 + i));
    expect(stored.map(({ seq: _s, ...rest }) => rest)).toEqual(events.map((event, i) => ({ ...event, at: 2_000 + i })));
    expect(store.events(s.id)).toEqual(stored);
    expect(stored.map((e) => e.seq)).toEqual([...stored.map((e) => e.seq)].sort((x, y) => x - y));
    expect(store.getSession(s.id)).toMatchObject({ updatedAt: 2_012, status: "completed", completedAt: 2_012 });
  });

  it("keeps numeric answers in a column that SQL can aggregate", () => {
    const s = store.createSession(newSession());
    store.append(s.id, { type: "answered", step: "a", prompt: "trust_before", value: 3 }, 1);
    store.append(s.id, { type: "answered", step: "a", prompt: "trust_after", value: 7.5 }, 2);
    store.append(s.id, { type: "answered", step: "a", prompt: "summary", value: "7" }, 3);
    expect(query("SELECT prompt, num FROM events ORDER BY id")).toEqual([
      { prompt: "trust_before", num: 3 },
      { prompt: "trust_after", num: 7.5 },
      { prompt: "summary", num: null },
    ]);
  });

  it("reopens a completed session on resume, and completes it again", () => {
    const s = store.createSession(newSession({ at: 1_000 }));
    store.append(s.id, { type: "completed" }, 2_000);
    store.append(s.id, { type: "resumed" }, 3_000);
    expect(store.getSession(s.id)).toMatchObject({ status: "in_progress", completedAt: null, updatedAt: 3_000 });
    store.append(s.id, { type: "completed" }, 4_000);
    expect(store.getSession(s.id)).toMatchObject({ status: "completed", completedAt: 4_000 });
  });

  it("never moves updatedAt backwards", () => {
    const s = store.createSession(newSession({ at: 5_000 }));
    store.append(s.id, { type: "paused" }, 4_000);
    expect(store.getSession(s.id)?.updatedAt).toBe(5_000);
  });

  it("refuses an unknown session with not found, and an invalid event, writing nothing", () => {
    const s = store.createSession(newSession());
    expect(catchError(() => store.append("f".repeat(32), { type: "paused" }, 1))).toBeInstanceOf(NotFoundError);
    expect(catchError(() => store.events("f".repeat(32)))).toBeInstanceOf(NotFoundError);
    const bad = { type: "answered", step: "a", prompt: "p", value: { nested: true } } as unknown as SessionEvent;
    expect(catchError(() => store.append(s.id, bad, 1))).toBeInstanceOf(TrustError);
    expect(query("SELECT * FROM events")).toEqual([]);
  });

  it("refuses a time that is not whole milliseconds", () => {
    const s = store.createSession(newSession());
    expect(() => store.append(s.id, { type: "paused" }, 1.5)).toThrow(/whole epoch milliseconds/);
    expect(() => store.createSession(newSession({ at: Number.NaN }))).toThrow(TrustError);
  });

  it("commits before it returns: another connection sees the event at once", () => {
    const s = store.createSession(newSession());
    const event = store.append(s.id, { type: "answered", step: "a", prompt: "p", value: "yes" }, 1);
    expect(query<{ id: number }>("SELECT id FROM events")).toEqual([{ id: event.seq }]);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected an error");
}
