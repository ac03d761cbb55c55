import Database from "better-sqlite3";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NotFoundError, UsageError } from "../../src/errors.js";
import type { ActionItem } from "../../src/session/model.js";
import { openStore, type Store } from "../../src/store/index.js";
import { newSession, useTempDir } from "./helpers.js";

const tempDir = useTempDir();
let store: Store;
let path: string;

beforeEach(() => {
  path = join(tempDir(), "trust.db");
  store = openStore(path);
});
afterEach(() => store.close());

function answerActions(sessionId: string, items: ActionItem[], at: number, prompt = "actions") {
  return store.append(sessionId, { type: "answered", step: "commit", prompt, value: items }, at);
}

const CALL_BACK: ActionItem = { what: "Call back with the root cause", owner: "Ann", due: "2026-11-20" };
const CREDIT: ActionItem = { what: "Issue the SLA credit", owner: "Bob", due: "2026-11-14" };
const POSTMORTEM: ActionItem = { what: "Send the postmortem", owner: "Carla", due: "2026-12-01" };

describe("an actions answer", () => {
  it("records one open action per item, in order, with its session's client and incident", () => {
    const s = store.createSession(newSession());
    answerActions(s.id, [CALL_BACK, CREDIT], 1_000);
    const actions = store.listActions({ sessionId: s.id });
    expect(actions.map((a) => [a.what, a.position, a.status])).toEqual([
      [CREDIT.what, 1, "open"],
      [CALL_BACK.what, 0, "open"],
    ]);
    expect(actions[0]).toMatchObject({ sessionId: s.id, client: "Acme", incident: "API outage", prompt: "actions", createdAt: 1_000 });
    expect(actions[0]?.id).toMatch(/^[0-9a-f]{32}$/);
  });

  it("replaces the open actions of the same prompt when the answer changes, keeping the old rows", () => {
    const s = store.createSession(newSession());
    answerActions(s.id, [CALL_BACK, CREDIT], 1_000);
    answerActions(s.id, [POSTMORTEM], 1_000, "other_actions");
    answerActions(s.id, [CALL_BACK], 2_000);
    expect(store.listActions({ sessionId: s.id }).map((a) => [a.what, a.createdAt])).toEqual([
      [CALL_BACK.what, 2_000],
      [POSTMORTEM.what, 1_000],
    ]);
    const all = store.listActions({ sessionId: s.id, includeSuperseded: true });
    expect(all.filter((a) => a.status === "superseded").map((a) => a.what).sort()).toEqual([CALL_BACK.what, CREDIT.what]);
  });

  it("with no items clears the open actions of that prompt", () => {
    const s = store.createSession(newSession());
    answerActions(s.id, [CALL_BACK], 1_000);
    answerActions(s.id, [], 2_000);
    expect(store.listActions({ sessionId: s.id })).toEqual([]);
  });

  it("commits together with its actions: an unknown session writes neither", () => {
    expect(() => answerActions("a".repeat(32), [CALL_BACK], 1)).toThrow(NotFoundError);
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM actions) AS n").get()).toEqual({ n: 0 });
    db.close();
  });
});

describe("markActionDone", () => {
  it("marks the action done and records it in its session's timeline", () => {
    const s = store.createSession(newSession({ at: 500 }));
    answerActions(s.id, [CALL_BACK], 1_000);
    const [action] = store.listActions({});
    const done = store.markActionDone(action!.id.slice(0, 6), "  called on Tuesday ", 9_000);
    expect(done).toMatchObject({ id: action!.id, status: "done", doneAt: 9_000, doneNote: "called on Tuesday" });
    expect(store.resolveAction(action!.id)).toEqual(done);
    expect(store.events(s.id).at(-1)).toMatchObject({ type: "action_done", action: action!.id, note: "called on Tuesday", at: 9_000 });
    expect(store.getSession(s.id)?.updatedAt).toBe(9_000);
  });

  it("refuses an action already done, or replaced, changing nothing", () => {
    const s = store.createSession(newSession());
    answerActions(s.id, [CALL_BACK], 1_000);
    const [first] = store.listActions({});
    answerActions(s.id, [CALL_BACK, CREDIT], 2_000);
    expect(() => store.markActionDone(first!.id, undefined, 3_000)).toThrow(UsageError);
    const [current] = store.listActions({ open: true });
    store.markActionDone(current!.id, undefined, 4_000);
    const events = store.events(s.id).length;
    expect(() => store.markActionDone(current!.id, "again", 5_000)).toThrow(/is already done/);
    expect(store.events(s.id)).toHaveLength(events);
    expect(store.resolveAction(current!.id)).toMatchObject({ doneAt: 4_000, doneNote: null });
  });

  it("reports an unknown action as not found", () => {
    expect(() => store.markActionDone("abcd", undefined, 1)).toThrow(NotFoundError);
    expect(() => store.resolveAction("xyz!")).toThrow(UsageError);
  });
});

describe("listActions", () => {
  function seed() {
    const acme = store.createSession(newSession({ client: "Acme" }));
    const globex = store.createSession(newSession({ client: "Globex" }));
    const practice = store.createSession(newSession({ client: "Acme", rehearsal: true }));
    answerActions(acme.id, [CALL_BACK, CREDIT], 1_000);
    answerActions(globex.id, [POSTMORTEM, { what: "Check the backups", owner: "ann", due: "2026-11-10" }], 1_000);
    answerActions(practice.id, [{ what: "Practise more", owner: "Ann", due: "2026-01-01" }], 1_000);
    const backups = store.listActions({ client: "Globex" }).find((a) => a.what === "Check the backups")!;
    store.markActionDone(backups.id, undefined, 2_000);
    return { acme, globex, practice };
  }
  const whats = (actions: { what: string }[]) => actions.map((a) => a.what);

  it("lists open and done actions, soonest due first, without rehearsals unless asked", () => {
    seed();
    expect(whats(store.listActions({}))).toEqual(["Check the backups", CREDIT.what, CALL_BACK.what, POSTMORTEM.what]);
    expect(whats(store.listActions({ includeRehearsals: true }))[0]).toBe("Practise more");
  });

  it("filters open, overdue as of a day, by owner (ignoring case), client and session", () => {
    const { acme, practice } = seed();
    expect(whats(store.listActions({ open: true }))).toEqual([CREDIT.what, CALL_BACK.what, POSTMORTEM.what]);
    // Due before the 20th and still open: the credit (14th); the backups (10th) are done.
    expect(whats(store.listActions({ overdueAsOf: "2026-11-20" }))).toEqual([CREDIT.what]);
    expect(whats(store.listActions({ overdueAsOf: "2026-11-21" }))).toEqual([CREDIT.what, CALL_BACK.what]);
    expect(whats(store.listActions({ owner: "ANN" }))).toEqual(["Check the backups", CALL_BACK.what]);
    expect(whats(store.listActions({ owner: "Ann", open: true }))).toEqual([CALL_BACK.what]);
    expect(whats(store.listActions({ client: "acme" }))).toEqual([CREDIT.what, CALL_BACK.what]);
    expect(whats(store.listActions({ sessionId: acme.id, open: true }))).toEqual([CREDIT.what, CALL_BACK.what]);
    // A rehearsal asked for by id is listed.
    expect(whats(store.listActions({ sessionId: practice.id }))).toEqual(["Practise more"]);
  });

  it("rejects an overdue date that is not YYYY-MM-DD", () => {
    expect(() => store.listActions({ overdueAsOf: "friday" })).toThrow(UsageError);
  });
});
