import type { FactsBatch } from "../report/aggregate.js";
import { monthName } from "../report/months.js";
import { mergeStepOrder } from "../playbook/step-order.js";
import type { SessionStatus } from "../session/model.js";
import { guard } from "./errors.js";
import { stepMsNumbers, stepNamesById } from "./step-times.js";
import type { Store } from "./store.js";

/**
 * The report's SQL, and the only place that has any. One statement sums the chosen sessions per
 * group and month; src/report/aggregate.ts does the rest in plain JS.
 *
 * Why this shape: at 100,000 sessions there are ~2-3 million events, and walking them (to time
 * calls and steps, and to find the latest ratings) took seconds; so did parsing the YAML of every
 * playbook snapshot, and then reading a row per session. So the store keeps what the report needs
 * as it is written: facts per snapshot (step order, src/store/snapshot-facts.ts), a summary per
 * session derived from its events and actions at each append (src/store/session-stats.ts), the
 * month each session started in (migration 13). Here each session is joined with its summary:
 *  - times only for completed sessions: a session still open has no duration yet;
 *  - its trust ratings: the latest answers to the prompts that carry the trust_before and
 *    trust_after metrics in its playbook snapshot (a skip counts as no rating);
 *  - its commitments (superseded ones, replaced by a changed answer, left out): the due dates of
 *    the open ones, since which are overdue depends on the day of the report, and the time each
 *    done one took.
 * Percentiles need every value, so the durations and step times come back whole, concatenated
 * by SQLite, and are computed in JS from Float64Arrays.
 */

export interface ReportFilter {
  /** started_at >= since (epoch ms). */
  since?: number;
  /** started_at < until (epoch ms). */
  until?: number;
  client?: string;
  playbook?: string;
  status?: SessionStatus;
  includeRehearsals?: boolean;
  /** YYYY-MM-DD: open commitments due before this day are overdue. */
  today: string;
}

export interface ReportSource {
  /** The chosen sessions, summed per group and month. */
  batches: FactsBatch[];
  /** Step ids in playbook order, over the playbooks of the database. */
  stepOrder: string[];
  /** The names of the step ids in the batches' step times. */
  stepNames: Map<number, string>;
}

/** What a report groups its sessions by in SQL: besides the month, one of the session's columns, or nothing. */
export type BatchKey = "client" | "owner" | "playbook" | undefined;

const KEY_COLUMN: Record<Exclude<BatchKey, undefined>, string> = { client: "c.client", owner: "c.owner", playbook: "c.playbook_id" };

// The chosen sessions summed per group and month inside SQLite: reading a row per session cost
// 2-4 µs each in better-sqlite3 whatever the columns, most of a report over 100,000 sessions.
// min(c.pk) makes SQLite give the bare key column from the group's earliest session.
const BATCH_SQL = (key: string, where: string, groupBy: string) => `
SELECT ${key}, min(c.pk), c.started_month, count(*), sum(c.status = 'completed'),
  coalesce(sum(st.trust_before), 0), count(st.trust_before), coalesce(sum(st.trust_after), 0), count(st.trust_after),
  coalesce(sum(st.trust_after - st.trust_before), 0), count(st.trust_after - st.trust_before),
  group_concat(coalesce(st.active_ms, 0)) FILTER (WHERE c.status = 'completed'),
  CAST(group_concat(st.step_ms, x'') FILTER (WHERE c.status = 'completed') AS BLOB),
  group_concat(st.open_due) FILTER (WHERE st.open_due <> '[]'),
  group_concat(st.done_ms) FILTER (WHERE st.done_ms <> '[]')
FROM sessions c
LEFT JOIN session_stats st ON st.session_pk = c.pk
${where}
GROUP BY ${groupBy}`;

type BatchRow = [
  key: string,
  first: number,
  month: number,
  started: number,
  completed: number,
  beforeSum: number,
  beforeN: number,
  afterSum: number,
  afterN: number,
  changeSum: number,
  changeN: number,
  /** Call times of the completed sessions, joined with commas. */
  durations: string | null,
  /** Their step_ms values end to end. */
  stepMs: Buffer | null,
  /** JSON arrays of due dates of the open commitments, joined with commas. */
  openDue: string | null,
  /** JSON arrays of the ms to done of the done ones, joined with commas. */
  doneMs: string | null,
];

/** The chosen sessions as report batches, grouped by `key` and month, and the step order of their playbooks. */
export function reportSource(store: Store, filter: ReportFilter, key?: BatchKey): ReportSource {
  const { db } = store;
  return guard(store.path, () => {
    // The pass reads each page once, in order, so better-sqlite3's 16 MB page cache would only
    // hold pages never read again: SQLite's own default (2 MB) keeps the report's peak memory
    // flat as sessions grow, at no cost in time (measured on the bench's 100,000 sessions).
    db.pragma("cache_size = -2000");
    const playbooks = new Map<string, string[]>();
    const snapshots = db.prepare("SELECT playbook_id, steps FROM snapshot_facts ORDER BY hash").raw(true).all() as Array<[id: string, steps: string]>;
    for (const [id, steps] of snapshots) playbooks.set(id, [...(playbooks.get(id) ?? []), ...(JSON.parse(steps) as string[])]);

    const where: string[] = [];
    const params: Record<string, unknown> = {};
    const add = (clause: string, name: string, value: unknown) => {
      where.push(clause);
      params[name] = value;
    };
    if (filter.client !== undefined) add("c.client = @client", "client", filter.client);
    if (filter.status !== undefined) add("c.status = @status", "status", filter.status);
    if (filter.playbook !== undefined) add("c.playbook_id = @playbook", "playbook", filter.playbook);
    if (filter.since !== undefined) add("c.started_at >= @since", "since", filter.since);
    if (filter.until !== undefined) add("c.started_at < @until", "until", filter.until);
    if (!filter.includeRehearsals) where.push("c.rehearsal = 0");
    const clause = (more: string[]) => (more.length ? `WHERE ${more.join(" AND ")}` : "");
    const batches = (rows: unknown[]) => (rows as BatchRow[]).map((row) => batch(row, filter.today));
    let all: FactsBatch[];
    if (key === undefined) {
      // Grouped by month alone, SQLite reads sessions_report in month order and never sorts.
      all = batches(db.prepare(BATCH_SQL("''", clause(where), "c.started_month")).raw(true).all(params));
    } else {
      // By a column too, grouping needs a sort, and one sort of every session with its step times
      // took seconds and 200 MB for 40,000 client-months; a month at a time sorts a month's
      // sessions, so time and memory stay flat as months are added.
      const months = db.prepare(`SELECT DISTINCT c.started_month FROM sessions c ${clause(where)}`).pluck().all(params) as number[];
      const perMonth = db.prepare(BATCH_SQL(KEY_COLUMN[key], clause([...where, "c.started_month = @month"]), KEY_COLUMN[key])).raw(true);
      all = months.flatMap((month) => batches(perMonth.all({ ...params, month })));
    }

    return {
      batches: all,
      stepOrder: mergeStepOrder([...playbooks.entries()].map(([id, steps]) => ({ id, steps }))),
      stepNames: stepNamesById(db),
    };
  });
}

function batch(row: BatchRow, today: string): FactsBatch {
  const [key, first, month, started, completed, beforeSum, beforeN, afterSum, afterN, changeSum, changeN, durations, stepMs, openDue, doneMs] = row;
  let open = 0;
  let overdue = 0;
  // Dates are YYYY-MM-DD, so they compare as text.
  if (openDue !== null) for (const [, due] of openDue.matchAll(QUOTED)) (open += 1), (overdue += due! < today ? 1 : 0);
  const done = numbers(doneMs);
  return {
    key,
    first,
    month: monthName(month),
    started,
    completed,
    trustBefore: { sum: beforeSum, n: beforeN },
    trustAfter: { sum: afterSum, n: afterN },
    change: { sum: changeSum, n: changeN },
    durations: numbers(durations),
    stepMs: stepMs === null ? NONE : stepMsNumbers(stepMs),
    actionsOpen: open,
    actionsDone: done.length,
    actionsOverdue: overdue,
    doneMs: done,
  };
}

const QUOTED = /"([^"]*)"/g;
const NONE = new Float64Array(0);

/** Numbers joined with commas, in JSON arrays or not ("[1,2],[3]" or "1,2,3"). */
function numbers(text: string | null): Float64Array {
  if (text === null) return NONE;
  const parts = text.replace(/[[\]]/g, "").split(",");
  const out = new Float64Array(parts.length);
  let n = 0;
  for (const p of parts) if (p !== "") out[n++] = Number(p);
  return n === parts.length ? out : out.subarray(0, n);
}
