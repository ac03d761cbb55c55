import type { ClientTrustFacts, DueMonth, FactsBatch, OwnerFacts, PlaybookFacts } from "../report/aggregate.js";
import { clientKey } from "../clients/lookup.js";
import { ownerKey } from "../people/owner-key.js";
import { monthName } from "../report/months.js";
import { mergeStepOrder } from "../playbook/step-order.js";
import { parseBudget } from "../session/time.js";
import type { Database, Statement } from "better-sqlite3";
import { guard } from "./errors.js";
import { choosesSessions, sessionConditions, type SessionFilter } from "./filters.js";
import { stepNamesById } from "./step-times.js";
import type { Store } from "./store.js";

/**
 * The report's SQL, and the only place that has any. One statement sums the chosen sessions per
 * group, month and playbook (and one the commitments per owner); src/report/aggregate.ts does the
 * rest in plain JS.
 *
 * Why this shape: at 100,000 sessions there are ~2-3 million events, and walking them (to time
 * calls and steps, and to find the latest ratings) took seconds; so did parsing the YAML of every
 * playbook snapshot, and then reading a row per session. So the store keeps what the report needs
 * as it is written: facts per snapshot (step order, src/store/snapshot-facts.ts), a summary per
 * session derived from its events and actions at each append (src/store/session-stats.ts), the
 * month each session started in (migration 13). Here each session's summary is read, with the
 * session's columns it carries (migration 20), or joined with its session when the filter chooses
 * sessions by more than rehearsal:
 *  - times only for completed sessions run live: a session still open has no duration yet, and
 *    a file run (trust start --answers) none at all;
 *  - its trust ratings: the latest answers to the prompts that carry the trust_before and
 *    trust_after metrics in its playbook snapshot (a skip counts as no rating);
 *  - its commitments (superseded ones, replaced by a changed answer, left out): the due dates of
 *    the open ones, since which are overdue depends on the day of the report, and the time each
 *    done one took.
 * Percentiles need every value, so the durations and step times come back whole, concatenated
 * by SQLite, and are computed in JS from Float64Arrays.
 */

export interface ReportFilter extends Omit<SessionFilter, "limit"> {
  /** YYYY-MM-DD: open commitments due before this day are overdue. */
  today: string;
}

export interface ReportSource {
  /** The chosen sessions, summed per group, month and playbook. */
  batches: FactsBatch[];
  /** Steps and budgets per playbook id. */
  playbooks: Map<string, PlaybookFacts>;
  /** The names of the step ids in the batches' step times. */
  stepNames: Map<number, string>;
}

/** What a report groups its sessions by in SQL besides the month and the playbook: one of the session's columns, or nothing. */
export type BatchKey = "client" | "session-owner" | "playbook" | undefined;

const KEY_COLUMN: Record<Exclude<BatchKey, undefined>, string> = { client: "client", "session-owner": "owner", playbook: "playbook_id" };

/**
 * Where a batch reads each session: joined with its summary, or, when the sessions are chosen by
 * rehearsal alone, from the summaries alone, which carry the session's month, playbook, rehearsal
 * flag, status and source (migration 20) in one covering index in month and playbook order.
 * Joining each session with its summary was most of an unfiltered report's SQL time.
 */
interface BatchSource {
  from: string;
  /** The alias that names the session's own columns. */
  session: "s" | "st";
  pk: string;
}
const JOINED: BatchSource = { from: "sessions s LEFT JOIN session_stats st ON st.session_pk = s.pk", session: "s", pk: "s.pk" };
const SUMMARIES: BatchSource = { from: "session_stats st INDEXED BY session_stats_report", session: "st", pk: "st.session_pk" };

// The chosen sessions summed per group, month and playbook inside SQLite: reading a row per
// session cost 2-4 µs each in better-sqlite3 whatever the columns, most of a report over 100,000
// sessions. min(pk) makes SQLite give the bare key column from the group's earliest session.
// Times count completed live calls only: a file run (trust start --answers) is recorded at one
// instant, and has no call time to count.
const BATCH_SQL = ({ from, session: s, pk }: BatchSource, key: string, where: string, groupBy: string) => {
  const timed = `${s}.status = 'completed' AND ${s}.source = 'live'`;
  return `
SELECT ${key}, min(${pk}), ${s}.started_month, ${s}.playbook_id, count(*), sum(${s}.status = 'completed'),
  coalesce(sum(st.trust_before), 0), count(st.trust_before), coalesce(sum(st.trust_after), 0), count(st.trust_after),
  coalesce(sum(st.trust_after - st.trust_before), 0), count(st.trust_after - st.trust_before),
  group_concat(coalesce(st.active_ms, 0)) FILTER (WHERE ${timed}),
  CAST(group_concat(st.step_ms, x'') FILTER (WHERE ${timed}) AS BLOB),
  group_concat(st.open_due) FILTER (WHERE st.open_due <> '[]'),
  group_concat(st.done_ms) FILTER (WHERE st.done_ms <> '[]')
FROM ${from}
${where}
GROUP BY ${groupBy}`;
};

type BatchRow = [
  key: string,
  first: number,
  month: number,
  playbook: string,
  started: number,
  completed: number,
  beforeSum: number,
  beforeN: number,
  afterSum: number,
  afterN: number,
  changeSum: number,
  changeN: number,
  /** Call times of the completed live sessions, joined with commas. */
  durations: string | null,
  /** Their step_ms values end to end (src/report/step-pairs.ts). */
  stepMs: Buffer | null,
  /** JSON arrays of due dates of the open commitments, joined with commas. */
  openDue: string | null,
  /** JSON arrays of the ms to done of the done ones, joined with commas. */
  doneMs: string | null,
];

/** The chosen sessions as report batches, grouped by `key`, month and playbook, and what the file knows of each playbook. */
export function reportSource(store: Store, filter: ReportFilter, key?: BatchKey): ReportSource {
  const { db } = store;
  return guard(store.path, () => {
    // The pass reads each page once, in order, so better-sqlite3's 16 MB page cache would only
    // hold pages never read again: SQLite's own default (2 MB) keeps the report's peak memory
    // flat as sessions grow, at no cost in time (measured on the bench's 100,000 sessions).
    db.pragma("cache_size = -2000");
    const where = sessionConditions(filter);
    const clause = (more: string[] = []) => {
      const terms = [...where.terms, ...more];
      return terms.length ? `WHERE ${terms.join(" AND ")}` : "";
    };
    // Each row made a batch as SQLite gives it: its texts of numbers and dates (3 MB at 100,000
    // sessions) then die young, where holding every row until the last was read made the young
    // generation's collections copy them all.
    const batches = (rows: IterableIterator<unknown>) => Array.from(rows as IterableIterator<BatchRow>, (row) => batch(row, filter.today));
    let all: FactsBatch[];
    if (key === undefined || key === "playbook") {
      // Grouped by month and playbook, SQLite reads its index in that order and never sorts.
      const by = choosesSessions(filter) ? JOINED : SUMMARIES;
      const terms = by === JOINED ? clause() : filter.includeRehearsals ? "" : "WHERE st.rehearsal = 0";
      const grouped = `${by.session}.started_month, ${by.session}.playbook_id`;
      all = batches(db.prepare(BATCH_SQL(by, key ? `${by.session}.${KEY_COLUMN[key]}` : "''", terms, grouped)).raw(true).iterate(where.params));
    } else {
      // By a column too, grouping needs a sort, and one sort of every session with its step times
      // took seconds and 200 MB for 40,000 client-months; a month at a time sorts a month's
      // sessions, so time and memory stay flat as months are added.
      const column = `s.${KEY_COLUMN[key]}`;
      const months = db.prepare(`SELECT DISTINCT s.started_month FROM sessions s ${clause()}`).pluck().all(where.params) as number[];
      const perMonth = db.prepare(BATCH_SQL(JOINED, column, clause(["s.started_month = @month"]), `${column}, s.playbook_id`)).raw(true);
      all = months.flatMap((month) => batches(perMonth.iterate({ ...where.params, month })));
    }
    return { batches: all, playbooks: playbookSteps(db), stepNames: stepNamesById(db) };
  });
}

/** Each playbook's steps in the newest version's order (then those only older versions had), and each step's budget from the newest version that sets one. */
function playbookSteps(db: Database): Map<string, PlaybookFacts> {
  const rows = db.prepare("SELECT playbook_id, steps, playbook FROM snapshot_facts ORDER BY hash").raw(true).all() as Array<[id: string, steps: string, playbook: string | null]>;
  const versions = new Map<string, Array<{ steps: string[]; version: number; budgets: Map<string, number> }>>();
  for (const [id, steps, playbook] of rows) {
    const checked = playbook === null ? null : (JSON.parse(playbook) as { version?: number; steps?: Array<{ id: string; budget?: string }> });
    const budgets = new Map<string, number>();
    for (const step of checked?.steps ?? []) if (step.budget !== undefined) budgets.set(step.id, parseBudget(step.budget));
    versions.set(id, [...(versions.get(id) ?? []), { steps: JSON.parse(steps) as string[], version: checked?.version ?? 0, budgets }]);
  }
  const out = new Map<string, PlaybookFacts>();
  for (const [id, list] of versions) {
    const newestFirst = [...list].sort((a, b) => b.version - a.version);
    const budgets = new Map<string, number>();
    for (const v of newestFirst) for (const [step, ms] of v.budgets) if (!budgets.has(step)) budgets.set(step, ms);
    // The newest version's order first, then steps only older versions had.
    out.set(id, { steps: mergeStepOrder([{ id, steps: newestFirst.flatMap((v) => v.steps) }]), budgets });
  }
  return out;
}

// Superseded commitments (replaced by a changed answer) and cancelled ones are not counted, as in
// each session's summary (src/store/session-stats.ts). Rows per owner (as the store groups them)
// and due month: the owners' figures and the due months' are both sums of them.
type CommitmentRow = [owner: string, month: string, first: number, open: number, overdue: number, done: number, doneMs: string | null];

// With sessions chosen by more than rehearsal, each commitment is read with its session. The
// commitments are read in table order, each joined with its session by primary key (commitments
// are written in session order, so those reads go forward through the file): walking an index of
// them instead read each commitment's row at random and took twice as long.
const COMMITMENTS_SQL = (where: string) => `
SELECT a.owner, substr(a.due, 1, 7), min(a.rowid), sum(a.status = 'open'), sum(a.status = 'open' AND a.due < @today), sum(a.status = 'done'),
  group_concat(a.done_at - a.created_at) FILTER (WHERE a.status = 'done' AND a.done_at IS NOT NULL)
FROM actions a NOT INDEXED CROSS JOIN sessions s ON s.pk = a.session_pk
${where}
GROUP BY a.owner, 2`;

// Otherwise from the counts kept per owner as spelled, month due and state (commitment_months),
// and the time each done one took from actions_done_time: a few thousand rows and one narrow
// index instead of every commitment and its session, 0.3 s at 132,000 commitments (issue 12).
// Open ones due in a month before this one are all overdue; in this month, those due before
// today are counted from actions_owner, an owner at a time.
const COUNTED_SQL = (calls: boolean) => `
SELECT owner, month, 0, open,
  CASE WHEN month < @month THEN open WHEN month > @month THEN 0 ELSE (
    SELECT count(*) FROM actions a WHERE a.owner = c.owner AND a.owner = c.owner COLLATE BINARY AND a.status = 'open'
      AND a.due >= @monthStart AND a.due < @today ${calls ? "AND a.rehearsal = 0" : ""}) END,
  done, NULL
FROM (
  SELECT owner, month, coalesce(sum(n) FILTER (WHERE status = 'open'), 0) AS open, coalesce(sum(n) FILTER (WHERE status = 'done'), 0) AS done
  FROM commitment_months ${calls ? "WHERE rehearsal = 0" : ""}
  GROUP BY owner, month
) c`;
const DONE_TIMES_SQL = (calls: boolean) => `
SELECT owner, group_concat(done_at - created_at) FROM actions INDEXED BY actions_done_time
WHERE status = 'done' AND done_at IS NOT NULL ${calls ? "AND rehearsal = 0" : ""}
GROUP BY owner`;
// An owner's earliest counted commitment, which names a group of spellings that differ in case.
const FIRST_SQL = (calls: boolean) => `
SELECT min(rowid) FROM actions WHERE owner = @name AND owner = @name COLLATE BINARY AND status IN ('open', 'done') ${calls ? "AND rehearsal = 0" : ""}`;

function commitmentRows(db: Database, filter: ReportFilter): CommitmentRow[] {
  if (choosesSessions(filter)) {
    const where = sessionConditions(filter);
    where.add("a.status IN ('open', 'done')", { today: filter.today });
    return db.prepare(COMMITMENTS_SQL(where.clause())).raw(true).all(where.params) as CommitmentRow[];
  }
  // Calls only: rehearsals left out unless asked for.
  const calls = filter.includeRehearsals !== true;
  const month = filter.today.slice(0, 7);
  const rows = db.prepare(COUNTED_SQL(calls)).raw(true).all({ today: filter.today, month, monthStart: `${month}-01` }) as CommitmentRow[];
  const first = earliestOf(rows.map((r) => r[0]), db.prepare(FIRST_SQL(calls)).pluck(), ownerKey);
  for (const row of rows) row[2] = first(row[0]);
  // The done times per owner (grouped without case, as the groups are) join the owner's rows as
  // one more, which never names the group: every done time belongs to a counted done commitment.
  const done = db.prepare(DONE_TIMES_SQL(calls)).raw(true).all() as Array<[string, string]>;
  for (const [owner, doneMs] of done) rows.push([owner, "", Number.MAX_SAFE_INTEGER, 0, 0, 0, doneMs]);
  return rows;
}

/**
 * The kept counts know each spelling, not its earliest row, which names a group of spellings that
 * `same` takes as one (src/report/aggregate.ts, byName: clientKey for clients, ownerKey for
 * owners): `earliest` looks that up for each name with another spelling among `names` (rare);
 * the others need none, and get 0.
 */
function earliestOf(names: string[], earliest: Statement, same: (name: string) => string): (name: string) => number {
  const spellings = new Map<string, Set<string>>();
  for (const name of names) {
    const key = same(name);
    spellings.set(key, (spellings.get(key) ?? new Set()).add(name));
  }
  const first = new Map<string, number>();
  for (const group of spellings.values()) if (group.size > 1) for (const name of group) first.set(name, earliest.get({ name }) as number);
  return (name) => first.get(name) ?? 0;
}

/** The chosen sessions' commitments by their own owner (`--group-by owner`, the HTML report) and by the month they are due. */
export function commitmentFacts(store: Store, filter: ReportFilter): { owners: OwnerFacts[]; dueMonths: DueMonth[] } {
  const { db } = store;
  return guard(store.path, () => {
    const months = new Map<string, DueMonth>();
    const owners = commitmentRows(db, filter).map(([owner, month, first, open, overdue, done, doneMs]): OwnerFacts => {
      if (month !== "") {
        let m = months.get(month);
        if (!m) months.set(month, (m = { month, done: 0, open: 0, overdue: 0 }));
        m.done += done;
        m.open += open - overdue;
        m.overdue += overdue;
      }
      return { owner, first, open, overdue, done, doneMs: numbers(doneMs) };
    });
    return { owners, dueMonths: [...months.values()].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0)) };
  });
}

// Trust per client for the HTML report. With sessions chosen by more than rehearsal,
// sessions_client gives the sessions in client order and session_stats_trust each one's ratings
// without reading its summary row (a tenth of the time of grouping the full batches by client).
const CLIENT_TRUST_SQL = (where: string) => `
SELECT s.client, min(s.pk), count(*),
  coalesce(sum(st.trust_before), 0), count(st.trust_before), coalesce(sum(st.trust_after), 0), count(st.trust_after),
  coalesce(sum(st.trust_after - st.trust_before), 0), count(st.trust_after - st.trust_before)
FROM sessions s
LEFT JOIN session_stats st INDEXED BY session_stats_trust ON st.session_pk = s.pk
${where}
GROUP BY s.client`;

// Otherwise from the sums kept per client as spelled (client_ratings, migration 17): a row per
// client instead of every session, 0.1 s at 100,000 sessions.
const KEPT_TRUST_SQL = (calls: boolean) => `
SELECT client, 0, sum(sessions), sum(before_sum), sum(before_n), sum(after_sum), sum(after_n), sum(change_sum), sum(change_n)
FROM client_ratings ${calls ? "WHERE rehearsal = 0" : ""}
GROUP BY client HAVING sum(sessions) > 0`;
const FIRST_SESSION_SQL = (calls: boolean) => `
SELECT min(pk) FROM sessions WHERE client = @name AND client = @name COLLATE BINARY ${calls ? "AND rehearsal = 0" : ""}`;

type ClientTrustRow = [client: string, first: number, started: number, bs: number, bn: number, as: number, an: number, cs: number, cn: number];

/** The chosen sessions' trust ratings summed per client. */
export function clientTrust(store: Store, filter: ReportFilter): ClientTrustFacts[] {
  const { db } = store;
  return guard(store.path, () => {
    let rows: ClientTrustRow[];
    if (choosesSessions(filter)) {
      const where = sessionConditions(filter);
      rows = db.prepare(CLIENT_TRUST_SQL(where.clause())).raw(true).all(where.params) as ClientTrustRow[];
    } else {
      const calls = filter.includeRehearsals !== true;
      rows = db.prepare(KEPT_TRUST_SQL(calls)).raw(true).all() as ClientTrustRow[];
      const first = earliestOf(rows.map((r) => r[0]), db.prepare(FIRST_SESSION_SQL(calls)).pluck(), clientKey);
      for (const row of rows) row[1] = first(row[0]);
    }
    return rows.map(([client, first, started, bs, bn, as, an, cs, cn]) => ({
      client,
      first,
      started,
      trustBefore: { sum: bs, n: bn },
      trustAfter: { sum: as, n: an },
      change: { sum: cs, n: cn },
    }));
  });
}

function batch(row: BatchRow, today: string): FactsBatch {
  const [key, first, month, playbook, started, completed, beforeSum, beforeN, afterSum, afterN, changeSum, changeN, durations, stepMs, openDue, doneMs] = row;
  const { open, overdue } = dueCounts(openDue, today);
  const done = numbers(doneMs);
  return {
    key,
    first,
    month: monthName(month),
    playbook,
    started,
    completed,
    trustBefore: { sum: beforeSum, n: beforeN },
    trustAfter: { sum: afterSum, n: afterN },
    change: { sum: changeSum, n: changeN },
    durations: numbers(durations),
    stepMs: stepMs ?? NO_STEPS,
    actionsOpen: open,
    actionsDone: done.length,
    actionsOverdue: overdue,
    doneMs: done,
  };
}

const NONE = new Float64Array(0);
const NO_STEPS = new Uint8Array(0);

/**
 * Numbers joined with commas, in JSON arrays or not ("[1,2],[3]" or "1,2,3"), read in one pass
 * over the text: splitting it made a string per number, some 200,000 of them at 100,000 sessions,
 * and collecting them was much of the report's garbage collection.
 */
export function numbers(text: string | null): Float64Array {
  if (text === null || text === "") return NONE;
  let count = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === COMMA) count++;
  const out = new Float64Array(count);
  let n = 0;
  let start = -1;
  let whole = true;
  let value = 0;
  let negative = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : COMMA;
    if (c >= ZERO && c <= NINE) {
      if (start < 0) start = i;
      value = value * 10 + (c - ZERO);
    } else if (c === COMMA || c === CLOSE) {
      if (start >= 0) {
        // Whole numbers of ms are the rule; anything else (a fraction, an exponent) Number reads.
        out[n++] = whole && i - start < 16 ? (negative ? -value : value) : Number(text.slice(start, i));
      }
      start = -1;
      whole = true;
      value = 0;
      negative = false;
    } else if (c === MINUS && start < 0) {
      start = i;
      negative = true;
    } else if (c !== OPEN) {
      if (start < 0) start = i;
      whole = false;
    }
  }
  return n === count ? out : out.subarray(0, n);
}

/** How many of the due dates in JSON arrays of them ('["2026-11-02"],["2026-10-30","2026-12-01"]') there are, and how many fall before `today`. */
export function dueCounts(text: string | null, today: string): { open: number; overdue: number } {
  let open = 0;
  let overdue = 0;
  if (text === null) return { open, overdue };
  // Dates are YYYY-MM-DD, so they compare as text; compared where they lie, without a string each.
  for (let i = text.indexOf('"'); i >= 0; ) {
    const end = text.indexOf('"', i + 1);
    if (end < 0) break;
    open++;
    if (before(text, i + 1, end, today)) overdue++;
    i = text.indexOf('"', end + 1);
  }
  return { open, overdue };
}

/** Whether text[from, to) sorts before `other`, as `<` on strings would say. */
function before(text: string, from: number, to: number, other: string): boolean {
  const length = to - from;
  for (let k = 0; k < length && k < other.length; k++) {
    const a = text.charCodeAt(from + k);
    const b = other.charCodeAt(k);
    if (a !== b) return a < b;
  }
  return length < other.length;
}

const COMMA = 44;
const MINUS = 45;
const ZERO = 48;
const NINE = 57;
const OPEN = 91;
const CLOSE = 93;
