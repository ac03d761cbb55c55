import type { Database, Statement } from "better-sqlite3";
import { clockTotals, startClocks, tickClocks, type ClockEvent } from "../session/clock.js";
import { allMetricPrompts, type MetricPrompts } from "./snapshot-facts.js";

/**
 * The per-session summary the report reads instead of walking every event (session_stats): call
 * time and time per step, exactly as replay() computes them (both fold src/session/clock.ts), and
 * the trust ratings: the latest answer to the prompts that carry the trust_before / trust_after
 * metrics in the session's playbook snapshot (see snapshot-facts.ts). The store derives it again
 * from the session's events (a few dozen rows, on the (session_pk, id) index) in the transaction
 * of every append, and migration 3 derives it for the sessions that existed before: nothing but
 * the events is trusted, so the summary cannot drift from them.
 */

/** An event as the summary sees it: the columns of its row in `events`. */
export interface StatsEvent extends ClockEvent {
  prompt: string | null;
  /** The answer when it is a number (see eventColumns). */
  num: number | null;
}

/** A stored event row, as EVENTS_FOR_STATS reads it (raw). */
type StatsRow = [at: number, type: StatsEvent["type"], step: string | null, prompt: string | null, num: number | null];

export interface SessionStats {
  /** Call time, paused gaps left out, clocks still running stopped at the last event. */
  activeMs: number;
  /** [step id, ms] in the order first started; a step visited twice sums both visits. */
  steps: Array<[step: string, ms: number]>;
  /** The latest answer to the metric prompt; null when never answered, skipped, or not a number. */
  trustBefore: number | null;
  trustAfter: number | null;
}

const EVENT_COLUMNS = "at, type, step, prompt, num";
export const EVENTS_FOR_STATS = `SELECT ${EVENT_COLUMNS} FROM events WHERE session_pk = ? ORDER BY id`;
export const UPSERT_STATS = `INSERT INTO session_stats (session_pk, active_ms, steps, trust_before, trust_after) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (session_pk) DO UPDATE SET active_ms = excluded.active_ms, steps = excluded.steps,
    trust_before = excluded.trust_before, trust_after = excluded.trust_after`;

const NO_METRICS: MetricPrompts = { before: null, after: null };

/** The summary of one session's events, in timeline order, with its snapshot's metric prompts. */
export function sessionStats(events: Iterable<StatsEvent>, metrics: MetricPrompts): SessionStats {
  const clocks = startClocks();
  let trustBefore: number | null = null;
  let trustAfter: number | null = null;
  for (const e of events) {
    tickClocks(clocks, e);
    // The latest answered or skipped event of the prompt decides: a skip or a non-number clears it.
    if (e.prompt === null) continue;
    if (e.prompt === metrics.before) trustBefore = e.num;
    if (e.prompt === metrics.after) trustAfter = e.num;
  }
  const totals = clockTotals(clocks);
  return { activeMs: totals.activeMs, steps: totals.steps.map(([step, , ms]) => [step, ms]), trustBefore, trustAfter };
}

/** Derives and writes the summary of one session from its stored events; `read` is EVENTS_FOR_STATS, raw. */
export function refreshStats(read: Statement, upsert: Statement, sessionPk: number, metrics: MetricPrompts): void {
  writeStats(upsert, sessionPk, sessionStats(eventsOf(read.all(sessionPk) as StatsRow[]), metrics));
}

/** Sessions read at once by backfillStats: bounds memory, since a connection cannot write while it iterates. */
const BACKFILL_CHUNK = 2000;

/**
 * Writes the summary of every session that has events: migration 3's step for databases written
 * before session_stats (after describeSnapshots, whose metric prompts it uses).
 */
export function backfillStats(db: Database): void {
  const upsert = db.prepare(UPSERT_STATS);
  const metricsByHash = allMetricPrompts(db);
  const hashOf = db.prepare("SELECT playbook_hash FROM sessions WHERE pk = ?").pluck();
  const read = db
    .prepare(`SELECT session_pk, ${EVENT_COLUMNS} FROM events WHERE session_pk >= ? AND session_pk < ? ORDER BY session_pk, id`)
    .raw(true);
  const range = db.prepare("SELECT coalesce(min(pk), 0) AS low, coalesce(max(pk), -1) AS high FROM sessions").get() as { low: number; high: number };
  for (let first = range.low; first <= range.high; first += BACKFILL_CHUNK) {
    const rows = read.all(first, first + BACKFILL_CHUNK) as Array<[number, ...StatsRow]>;
    for (let start = 0; start < rows.length; ) {
      const pk = rows[start]![0];
      let end = start;
      while (end < rows.length && rows[end]![0] === pk) end++;
      const metrics = metricsByHash.get(hashOf.get(pk) as string) ?? NO_METRICS;
      writeStats(upsert, pk, sessionStats(eventsOf(rows.slice(start, end).map(([, ...row]) => row)), metrics));
      start = end;
    }
  }
}

function* eventsOf(rows: StatsRow[]): Generator<StatsEvent> {
  for (const [at, type, step, prompt, num] of rows) yield { at, type, step, prompt, num };
}

function writeStats(upsert: Statement, sessionPk: number, stats: SessionStats): void {
  upsert.run(sessionPk, stats.activeMs, JSON.stringify(stats.steps), stats.trustBefore, stats.trustAfter);
}
