import type Database from "better-sqlite3";
import { EVENT_COLUMNS, toAction, toEvent, unreadableRow } from "./rows.js";
import { actionsQuery } from "./filters.js";
import { findClient, indexMatches, type Lookup } from "../clients/lookup.js";
import type { ActionRecord, TimedEvent } from "../session/records.js";
import type { LetterMarks } from "../report/letter-promises.js";

/**
 * The SQL of the client pages (`trust client`, `trust clients`, the history on the call): rows
 * as plain arrays, read through the indexes on sessions(client, started_at), actions(session_pk)
 * and the letters (migration 7). No schemas are loaded here (see src/store/reader.ts); every
 * value comes from a column whose type the schema fixes, and src/clients/ makes them a page.
 *
 * Client names are compared the way the column is declared (COLLATE NOCASE: ASCII letters in
 * any case); names with other letters are matched in any case by src/clients/lookup.ts, which
 * hands the exact spellings found here to these queries.
 */

export interface ClientSessionRow {
  id: string;
  client: string;
  startedAt: number;
  completedAt: number | null;
  status: string;
  incident: string;
  severity: string;
  playbookId: string;
  owner: string;
  rehearsal: boolean;
  trustBefore: number | null;
  trustAfter: number | null;
}

export interface ClientCommitmentRow {
  id: string;
  sessionId: string;
  what: string;
  owner: string;
  due: string;
  status: string;
  createdAt: number;
  doneAt: number | null;
  doneNote: string | null;
  cancelledAt: number | null;
  cancelReason: string | null;
}

export interface ClientLetterRow {
  sessionId: string;
  at: number;
  format: string;
}

export interface ClientContactRow {
  sessionId: string;
  name: string;
  email: string | null;
  /** When that session's call started. */
  seen: number;
}

/** The session of the newest letter recorded to the client: what its letter set down, and what has become of it (src/report/letter-promises.ts). */
export interface LastLetterRows {
  sessionId: string;
  events: TimedEvent[];
  /** Its commitments, superseded ones too, carried ones included. */
  actions: ActionRecord[];
  /** Its playbook as checked when stored (which prompts its letter lists), or null for a snapshot stored without it. */
  playbook: LetterMarks | null;
}

export interface ClientRows {
  sessions: ClientSessionRow[];
  commitments: ClientCommitmentRow[];
  letters: ClientLetterRow[];
  contacts: ClientContactRow[];
  lastLetter: LastLetterRows | null;
}

/**
 * Every client name as stored (each spelling once, in no particular order), rehearsals included,
 * for matching and "did you mean": from the sessions counted per client as spelled, which
 * migration 17's triggers keep (tests/report/kept-counts.test.ts checks them against the
 * sessions). Reading the spellings off the client index instead read every session's entry,
 * ordered by its newest call: 125 ms on 100,000 sessions for a name with an accent or a typo,
 * against 4 ms here. Which spelling is a client's name now is asked of the few that matter
 * (newestSpelling).
 */
function clientNames(db: Database.Database): string[] {
  return db.prepare("SELECT DISTINCT client FROM client_ratings WHERE sessions > 0").pluck().all() as string[];
}

/**
 * The spellings stored for `name` in ASCII-insensitive case, rehearsals included, the most
 * recently used first, from the client index alone.
 */
export function spellingsOf(db: Database.Database, name: string): string[] {
  const sql = "SELECT client COLLATE BINARY FROM sessions WHERE client = ? GROUP BY 1 ORDER BY max(started_at) DESC, 1";
  return db.prepare(sql).pluck().all(name) as string[];
}

/** The stored spellings of the client `typed` names, or the nearest known names (src/clients/lookup.ts). */
export function lookUpClient(db: Database.Database, typed: string, includeRehearsals: boolean): Lookup {
  return findClient(
    { spellingsOf: (n) => spellingsOf(db, n), all: () => clientNames(db), current: (names) => newestSpelling(db, names, includeRehearsals) },
    typed,
  );
}

export type FoundClient = { rows: ClientRows } | { suggestions: string[]; rehearsalsOnly?: string };

/**
 * The rows of the client `typed` names; else the nearest known names, or the client's name when
 * it has only rehearsals (left out). An ASCII name is read in one go (the column matches it in
 * any case); others are looked up first.
 */
export function findClientRows(db: Database.Database, typed: string, includeRehearsals: boolean): FoundClient {
  if (indexMatches(typed)) {
    const rows = clientRows(db, [typed.trim()], includeRehearsals);
    if (rows.sessions.length > 0) return { rows };
  }
  const found = lookUpClient(db, typed, includeRehearsals);
  if (found.spellings.length === 0) return { suggestions: "suggestions" in found ? found.suggestions : [] };
  const rows = clientRows(db, found.spellings, includeRehearsals);
  return rows.sessions.length > 0 ? { rows } : { suggestions: [], rehearsalsOnly: newestSpelling(db, found.spellings, true)! };
}

/**
 * The name as written on the newest of the calls with these spellings (in ASCII-insensitive
 * case), a rehearsal only when `includeRehearsals`; undefined when there is none.
 */
export function newestSpelling(db: Database.Database, spellings: readonly string[], includeRehearsals: boolean): string | undefined {
  if (spellings.length === 0) return undefined;
  const where = `client IN (${spellings.map(() => "?").join(", ")})${includeRehearsals ? "" : " AND rehearsal = 0"}`;
  return db.prepare(`SELECT client FROM sessions WHERE ${where} ORDER BY started_at DESC, pk DESC LIMIT 1`).pluck().get(...spellings) as string | undefined;
}

/** A client's sessions (newest first), commitments (superseded ones left out), letters and contacts. */
export function clientRows(db: Database.Database, spellings: readonly string[], includeRehearsals: boolean): ClientRows {
  if (spellings.length === 0) return { sessions: [], commitments: [], letters: [], contacts: [], lastLetter: null };
  const names = spellings.map(() => "?").join(", ");
  const where = `s.client IN (${names})${includeRehearsals ? "" : " AND s.rehearsal = 0"}`;
  // INDEXED BY throughout: the planner would rather look rows up one by one in the tables,
  // where one client's are scattered (see migration 9), than read them in a row from the indexes.
  const sessions = db
    .prepare(
      `SELECT s.id, s.client, s.started_at, s.completed_at, s.status, s.incident, s.severity, s.playbook_id, s.owner,
         s.rehearsal, st.trust_before, st.trust_after, s.pk
       FROM sessions s INDEXED BY sessions_client LEFT JOIN session_stats st INDEXED BY session_stats_trust ON st.session_pk = s.pk
       WHERE ${where} ORDER BY s.started_at DESC, s.pk DESC`,
    )
    .raw()
    .all(...spellings) as unknown[][];
  // By the client each commitment carries; those of sessions left out (rehearsals) are dropped below.
  const sessionIds = new Map(sessions.map((r) => [r[12] as number, r[0] as string]));
  const commitments = (
    db
      .prepare(
        `SELECT a.id, a.session_pk, a.what, a.owner, a.due, a.status, a.created_at, a.done_at, a.done_note, a.cancelled_at, a.cancel_reason
         FROM actions a INDEXED BY actions_client
         WHERE a.client IN (${names}) AND a.status <> 'superseded' ORDER BY a.due, a.created_at, a.id`,
      )
      .raw()
      .all(...spellings) as unknown[][]
  ).filter((r) => sessionIds.has(r[1] as number));
  const letters = db
    .prepare(
      // Without INDEXED BY the planner walks every event of each session (events_session) to find
      // the few letters: 30 ms more for a client with 2,000 sessions.
      `SELECT s.id, e.at, json_extract(e.data, '$.format')
       FROM sessions s INDEXED BY sessions_client JOIN events e INDEXED BY events_letters ON e.session_pk = s.pk AND e.type = 'letter'
       WHERE ${where} ORDER BY e.at DESC, e.id DESC`,
    )
    .raw()
    .all(...spellings) as unknown[][];
  // Contacts are a JSON array of {name, email?} (or, written by older versions, plain names);
  // one row per session and person, so a page can leave a session out (src/clients/page.ts merges them).
  const contacts = db
    .prepare(
      `SELECT s.id, CASE j.type WHEN 'text' THEN j.value ELSE json_extract(j.value, '$.name') END,
         CASE j.type WHEN 'object' THEN json_extract(j.value, '$.email') END, s.started_at
       FROM sessions s INDEXED BY sessions_client, json_each(CASE WHEN json_valid(s.contacts) THEN s.contacts ELSE '[]' END) j
       WHERE ${where} AND j.type IN ('text', 'object') ORDER BY s.started_at DESC, 2, 3`,
    )
    .raw()
    .all(...spellings) as unknown[][];
  return {
    sessions: sessions.map((r) => ({
      id: r[0] as string,
      client: r[1] as string,
      startedAt: r[2] as number,
      completedAt: r[3] as number | null,
      status: r[4] as string,
      incident: r[5] as string,
      severity: r[6] as string,
      playbookId: r[7] as string,
      owner: r[8] as string,
      rehearsal: r[9] === 1,
      trustBefore: r[10] as number | null,
      trustAfter: r[11] as number | null,
    })),
    commitments: commitments.map((r) => ({
      id: r[0] as string,
      sessionId: sessionIds.get(r[1] as number)!,
      what: r[2] as string,
      owner: r[3] as string,
      due: r[4] as string,
      status: r[5] as string,
      createdAt: r[6] as number,
      doneAt: r[7] as number | null,
      doneNote: r[8] as string | null,
      cancelledAt: r[9] as number | null,
      cancelReason: r[10] as string | null,
    })),
    letters: letters.map((r) => ({ sessionId: r[0] as string, at: r[1] as number, format: typeof r[2] === "string" ? r[2] : "text" })),
    lastLetter: letters.length > 0 ? lastLetterRows(db, letters[0]![0] as string) : null,
    contacts: contacts
      .filter((r) => typeof r[1] === "string" && r[1].trim() !== "")
      .map((r) => ({ sessionId: r[0] as string, name: (r[1] as string).trim(), email: typeof r[2] === "string" ? r[2] : null, seen: r[3] as number })),
  };
}

/** The newest letter's session: its events, its commitments and its playbook's letter marks, a few rows by key. */
function lastLetterRows(db: Database.Database, sessionId: string): LastLetterRows {
  const { pk, hash } = db.prepare("SELECT pk, playbook_hash AS hash FROM sessions WHERE id = ?").get(sessionId) as { pk: number; hash: string };
  const events = db.prepare(`SELECT ${EVENT_COLUMNS.sql} FROM events e WHERE e.session_pk = ? ORDER BY e.id`).raw(true).all(pk).map((r) => toEvent(r, db.name));
  const { sql, params } = actionsQuery({ sessionId, includeSuperseded: true, includeRehearsals: true });
  const actions = db.prepare(sql).raw(true).all(params).map((r) => toAction(r, db.name));
  const stored = db.prepare("SELECT playbook FROM snapshot_facts WHERE hash = ?").pluck().get(hash) as string | null | undefined;
  return { sessionId, events, actions, playbook: typeof stored === "string" ? (JSON.parse(stored) as LastLetterRows["playbook"]) : null };
}

export interface ClientOverviewRow {
  client: string;
  calls: number;
  /** The newest call: when it started, and its local key, which puts calls at one instant in the order they were recorded. */
  lastAt: number;
  lastPk: number;
  /** The newest call with a trust-after rating, likewise, and its ratings. */
  trustAt: number | null;
  trustPk: number | null;
  trustBefore: number | null;
  trustAfter: number | null;
  open: number;
  overdue: number;
}

/**
 * Per stored spelling of a client, how many sessions `only` keeps, the newest, and the newest
 * with a trust-after rating, both as the client page orders calls: the latest start, and of calls
 * started at one instant (a script with a pinned clock, an import), the one recorded last. SQLite
 * gives a max() query's other columns from the first row holding the maximum, so the newest
 * instant is found first and the key second. Then, a spelling at a time, from the indexes:
 *  - the newest rating, walking its calls from the newest back to the first one rated (most
 *    often the newest itself): joining every session with its summary to find it read all
 *    100,000 of them at random, a quarter of `trust clients` on the bench's file;
 *  - its open commitments and how many of them are overdue, as one JSON pair (a subquery gives
 *    one value, and one pass over them costs half what two do). actions_client does not hold a
 *    commitment's rehearsal flag, so its session's (which it copies, migration 16) is used, from
 *    the rehearsal sessions picked out once in `rehearsals` (SQLite skips it when unused):
 *    reading each commitment's flag from the table cost a tenth of a second.
 */
function overviewSql(includeRehearsals: boolean): string {
  const only = (table: "s" | "r") => (includeRehearsals ? "" : `AND ${table}.rehearsal = 0`);
  return `WITH rehearsals AS MATERIALIZED (SELECT pk FROM sessions INDEXED BY sessions_client WHERE rehearsal = 1),
    newest AS (
      SELECT s.client COLLATE BINARY AS client, count(*) AS n, max(s.started_at) AS at
      FROM sessions s INDEXED BY sessions_client WHERE 1 ${only("s")} GROUP BY 1),
    lines AS (
      SELECT n.client, n.n, n.at, max(s.pk) AS pk, (
        SELECT r.pk FROM sessions r INDEXED BY sessions_client JOIN session_stats st INDEXED BY session_stats_trust ON st.session_pk = r.pk
        WHERE r.client = n.client AND r.client COLLATE BINARY = n.client AND st.trust_after IS NOT NULL ${only("r")}
        ORDER BY r.started_at DESC, r.pk DESC LIMIT 1) AS rated
      FROM newest n JOIN sessions s INDEXED BY sessions_client ON s.client = n.client AND s.started_at = n.at
      WHERE s.client COLLATE BINARY = n.client ${only("s")} GROUP BY n.client)
    SELECT l.client, l.n, l.at, l.pk, r.started_at, r.pk, st.trust_before, st.trust_after, (
      SELECT json_array(count(*), coalesce(sum(a.due < @today), 0)) FROM actions a INDEXED BY actions_client
      WHERE a.client = l.client AND a.client COLLATE BINARY = l.client AND a.status = 'open'
        ${includeRehearsals ? "" : "AND a.session_pk NOT IN rehearsals"})
    FROM lines l LEFT JOIN sessions r ON r.pk = l.rated LEFT JOIN session_stats st ON st.session_pk = l.rated`;
}

type OverviewSqlRow = [client: string, n: number, lastAt: number, lastPk: number, trustAt: number | null, trustPk: number | null, before: number | null, after: number | null, promised: string];

/**
 * One row per stored spelling of each client: calls, the last call, the newest trust-after
 * rating, open and overdue commitments. Spellings of one client are merged by the caller.
 */
export function clientsOverview(db: Database.Database, today: string, includeRehearsals: boolean): ClientOverviewRow[] {
  // Each page of the indexes below is read once, in order: as for the report (src/store/report.ts),
  // SQLite's own 2 MB cache does, where better-sqlite3's 16 MB only made new memory.
  db.pragma("cache_size = -2000");
  const rows = db.prepare(overviewSql(includeRehearsals)).raw().all({ today }) as OverviewSqlRow[];
  return rows.map(([client, calls, lastAt, lastPk, trustAt, trustPk, trustBefore, trustAfter, promised]) => {
    const [open, overdue] = JSON.parse(promised) as [number, number];
    return { client, calls, lastAt, lastPk, trustAt, trustPk, trustBefore, trustAfter, open, overdue };
  });
}

// A time or a due day trust did not write (edited by hand into text, or a number no date can
// stand for), found only once a page failed on it: the first such value, session or commitment,
// of the clients the page shows (all of them when none are named).
const BAD_TIME = (column: string) => `(typeof(${column}) <> 'integer' OR ${column} NOT BETWEEN -${MAX_TIME_MS} AND ${MAX_TIME_MS})`;
const BAD_OPTIONAL_TIME = (column: string) => `(${column} IS NOT NULL AND ${BAD_TIME(column)})`;
const BAD_DUE = "due NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'";
// ECMAScript's limit on a Date's time value.
const MAX_TIME_MS = 8_640_000_000_000_000;

/** The first bad column of those given, as a CASE over them, and the same CASE for that column's type. */
function firstBad(columns: ReadonlyArray<[column: string, bad: string]>): string {
  const name = columns.map(([column, bad]) => `WHEN ${bad} THEN '${column}'`).join(" ");
  const type = columns.map(([column, bad]) => `WHEN ${bad} THEN typeof(${column})`).join(" ");
  return `CASE ${name} END, CASE ${type} END`;
}

function unreadableSql(clients: number | undefined): string {
  const only = clients === undefined ? "" : ` AND client IN (${Array.from({ length: clients }, () => "?").join(", ")})`;
  const sessions: Array<[string, string]> = [
    ["started_at", BAD_TIME("started_at")],
    ["completed_at", BAD_OPTIONAL_TIME("completed_at")],
  ];
  const actions: Array<[string, string]> = [
    ["created_at", BAD_TIME("created_at")],
    ["due", BAD_DUE],
    ["done_at", BAD_OPTIONAL_TIME("done_at")],
    ["cancelled_at", BAD_OPTIONAL_TIME("cancelled_at")],
  ];
  const any = (columns: Array<[string, string]>) => columns.map(([, bad]) => bad).join(" OR ");
  return `
SELECT 'session', id, ${firstBad(sessions)} FROM sessions WHERE (${any(sessions)})${only}
UNION ALL
SELECT 'action', id, ${firstBad(actions)} FROM actions WHERE (${any(actions)})${only}
LIMIT 1`;
}

/** The clients as stored on a page's rows: where readableOr looks for the row it failed on. */
export function clientsOf(rows: ClientRows): string[] {
  return [...new Set(rows.sessions.map((s) => s.client))];
}

/**
 * The client pages read their rows as SQLite gives them, for speed, so a value trust did not
 * write shows only when a date is made of it (a RangeError). Then, and only then, the rows of
 * `clients` (every client when not given) are looked over for it, to be named as every other
 * read names a row it cannot read.
 */
export function readableOr<T>(db: Database.Database, make: () => T, clients?: readonly string[]): T {
  try {
    return make();
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    const bad = db
      .prepare(unreadableSql(clients?.length))
      .raw()
      // Once for the sessions, once for the commitments.
      .get(...(clients ?? []), ...(clients ?? [])) as ["session" | "action", string, string, string] | undefined;
    if (bad === undefined) throw err;
    const [what, id, column, type] = bad;
    // A time that is a whole number is bad only for being past what a date can hold.
    const expected = column === "due" ? "expected a day, YYYY-MM-DD" : type === "integer" ? "out of the range of dates" : "expected a whole number";
    throw unreadableRow(what, id, `${column}: ${expected}`, db.name);
  }
}
