import type { Database, Statement } from "better-sqlite3";
import { clockTotals, startClocks, tickClocks, type ClockEvent, type Clocks } from "../session/clock.js";
import { allMetricPrompts, type MetricPrompts } from "./snapshot-facts.js";
import { encodeStepMs, type StepNames } from "./step-times.js";

/**
 * The per-session summary the report reads instead of walking every event (session_stats): call
 * time and time per step, exactly as replay() computes them (both fold src/session/clock.ts); the
 * trust ratings, the latest answers to the prompts that carry the trust_before / trust_after
 * metrics in the session's playbook snapshot (see snapshot-facts.ts); and its commitments. In the
 * transaction of every append the store folds the new event into the clocks and ratings kept
 * with the summary (migration 10), so an append during the call costs the same at the 10th
 * event and the 10,000th, and derives the commitments again from the session's action rows.
 * Where no clocks are kept (a summary written before migration 10, none yet, or a completed
 * call's, which are not kept since migration 13) the whole timeline is folded, as migration 4
 * did for the sessions that existed before it. Nothing but those rows is
 * trusted, and tests hold the folded summary to replay() of the whole timeline.
 */

/** An event as the summary sees it: the columns of its row in `events`. */
export interface StatsEvent extends ClockEvent {
  prompt: string | null;
  /** The answer when it is a number (see eventColumns). */
  num: number | null;
}

/** A commitment as the summary sees it: a row of `actions` not superseded by a changed answer. */
export interface StatsAction {
  status: string;
  due: string;
  /** done_at - created_at, for a done one. */
  doneMs: number | null;
}

/** Stored rows, as the raw statements below read them. */
type EventRow = [at: number, type: StatsEvent["type"], step: string | null, prompt: string | null, num: number | null];
type ActionRow = [status: string, due: string, doneMs: number | null];

export interface SessionStats {
  /** Call time, paused gaps left out, clocks still running stopped at the last event. */
  activeMs: number;
  /** [step id, ms] in the order first started; a step visited twice sums both visits. */
  steps: Array<[step: string, ms: number]>;
  /** The latest answer to the metric prompt; null when never answered, skipped, or not a number. */
  trustBefore: number | null;
  trustAfter: number | null;
  /** Due dates (YYYY-MM-DD) of the open commitments: which are overdue depends on the day of the report. */
  openDue: string[];
  /** done_at - created_at of each done commitment. */
  doneMs: number[];
}

const EVENT_COLUMNS = "at, type, step, prompt, num";
const ACTION_COLUMNS = "status, due, done_at - created_at";
export const EVENTS_FOR_STATS = `SELECT ${EVENT_COLUMNS} FROM events WHERE session_pk = ? ORDER BY id`;
export const ACTIONS_FOR_STATS = `SELECT ${ACTION_COLUMNS} FROM actions WHERE session_pk = ? AND status IN ('open', 'done') ORDER BY rowid`;
/**
 * The columns of its session each summary carries too (migration 20), kept in step by triggers on
 * sessions: what an unfiltered report groups and filters by, read from one index of summaries.
 */
export const SESSION_COPIES = "started_month, playbook_id, rehearsal, status, source";
// Every session has had a summary since migration 20 (a trigger writes an empty one with the
// session); one made here all the same takes its session's columns from the session itself.
export const UPSERT_STATS = `INSERT INTO session_stats (session_pk, active_ms, trust_before, trust_after, open_due, done_ms, step_ms, clocks, ${SESSION_COPIES})
  SELECT ?, ?, ?, ?, ?, ?, ?, ?, ${SESSION_COPIES} FROM sessions WHERE pk = ?
  ON CONFLICT (session_pk) DO UPDATE SET active_ms = excluded.active_ms, step_ms = excluded.step_ms,
    trust_before = excluded.trust_before, trust_after = excluded.trust_after, open_due = excluded.open_due,
    done_ms = excluded.done_ms, clocks = excluded.clocks`;
/**
 * A session's summary made empty again, before its events are folded afresh (a merge): emptied,
 * not deleted, so the session keeps the row an unfiltered report counts it by.
 */
export const EMPTY_STATS = `UPDATE session_stats SET active_ms = 0, step_ms = NULL, trust_before = NULL, trust_after = NULL,
  open_due = '[]', done_ms = '[]', clocks = NULL WHERE session_pk = ?`;
export const KEPT_STATS = "SELECT clocks, trust_before, trust_after FROM session_stats WHERE session_pk = ?";
/**
 * Migration 4's summary, without the clocks migration 10 added and with its step times as JSON,
 * which migration 13 turns into step_ms: a migration writes only the columns it has.
 */
const BACKFILL_STATS = `INSERT OR REPLACE INTO session_stats (session_pk, active_ms, trust_before, trust_after, open_due, done_ms, steps)
  VALUES (?, ?, ?, ?, ?, ?, ?)`;

const NO_METRICS: MetricPrompts = { before: null, after: null };

/** What an append folds into: the clocks and the ratings after the session's events so far. */
interface Folded {
  clocks: Clocks;
  trustBefore: number | null;
  trustAfter: number | null;
}

/** Folds events, in timeline order, into `into` (changed and returned). */
function fold(into: Folded, events: Iterable<StatsEvent>, metrics: MetricPrompts): Folded {
  for (const e of events) {
    tickClocks(into.clocks, e);
    // The latest answered or skipped event of the prompt decides: a skip or a non-number clears it.
    if (e.prompt === null) continue;
    if (e.prompt === metrics.before) into.trustBefore = e.num;
    if (e.prompt === metrics.after) into.trustAfter = e.num;
  }
  return into;
}

function unfolded(): Folded {
  return { clocks: startClocks(), trustBefore: null, trustAfter: null };
}

/** The summary of one session: its events in timeline order, its commitments, its snapshot's metric prompts. */
function sessionStats(events: Iterable<StatsEvent>, actions: Iterable<StatsAction>, metrics: MetricPrompts): SessionStats {
  return summary(fold(unfolded(), events, metrics), actions);
}

function summary(folded: Folded, actions: Iterable<StatsAction>): SessionStats {
  const openDue: string[] = [];
  const doneMs: number[] = [];
  for (const a of actions) {
    if (a.status === "open") openDue.push(a.due);
    else if (a.status === "done" && a.doneMs !== null) doneMs.push(a.doneMs);
  }
  const totals = clockTotals(folded.clocks);
  return {
    activeMs: totals.activeMs,
    steps: totals.steps.map(([step, , ms]) => [step, ms]),
    trustBefore: folded.trustBefore,
    trustAfter: folded.trustAfter,
    openDue,
    doneMs,
  };
}

/** The prepared statements refreshStats runs: EVENTS_FOR_STATS and ACTIONS_FOR_STATS raw, KEPT_STATS, and UPSERT_STATS; and the step ids. */
export interface StatsStatements {
  events: Statement;
  actions: Statement;
  kept: Statement;
  upsert: Statement;
  stepNames: StepNames;
}

/**
 * Writes the summary of one session after `appended`, its newest event (already stored): folded
 * into the clocks kept with the summary, or with none kept, the whole timeline folded afresh.
 * Without `appended` (an event that changed only commitments) the clocks stay as they are.
 */
export function refreshStats(sql: StatsStatements, sessionPk: number, metrics: MetricPrompts, appended?: StatsEvent): void {
  const kept = sql.kept.get(sessionPk) as { clocks: string | null; trust_before: number | null; trust_after: number | null } | undefined;
  let folded: Folded;
  if (kept?.clocks) {
    folded = { clocks: JSON.parse(kept.clocks) as Clocks, trustBefore: kept.trust_before, trustAfter: kept.trust_after };
    if (appended) fold(folded, [appended], metrics);
  } else {
    folded = fold(unfolded(), (sql.events.all(sessionPk) as EventRow[]).map(toEvent), metrics);
  }
  writeStats(sql, sessionPk, folded);
}

/**
 * Writes the summary of a session whose whole timeline, in order, is `timeline`: a session a
 * merge brought whole, whose events are stored already. Folded from them, not read back: at a
 * pull of 100,000 sessions, reading each one's events again cost seconds.
 */
export function statsOfTimeline(sql: StatsStatements, sessionPk: number, metrics: MetricPrompts, timeline: Iterable<StatsEvent>): void {
  writeStats(sql, sessionPk, fold(unfolded(), timeline, metrics));
}

function writeStats(sql: StatsStatements, sessionPk: number, folded: Folded): void {
  const actions = (sql.actions.all(sessionPk) as ActionRow[]).map(toAction);
  const stats = summary(folded, actions);
  // A completed call's clocks never move again (a resumed after completed changes nothing), and
  // they were most of what the report reads per session: they are not kept, and the rare append
  // after completion (a commitment done) folds the timeline again, as before migration 10.
  const clocks = folded.clocks.completed ? null : JSON.stringify(folded.clocks);
  // The session's key twice: its summary's, and the session's whose columns the summary copies.
  sql.upsert.run(...statsRow(sessionPk, stats), encodeStepMs(stats.steps, sql.stepNames), clocks, sessionPk);
}

/** Sessions read at once by backfillStats: bounds memory, since a connection cannot write while it iterates. */
const BACKFILL_CHUNK = 2000;

/**
 * Writes the summary of every session that has events, replacing any there was: migration 4's
 * step (after migration 3's describeSnapshots, whose metric prompts it uses).
 */
export function backfillStats(db: Database): void {
  const upsert = db.prepare(BACKFILL_STATS);
  const metricsByHash = allMetricPrompts(db);
  const hashOf = db.prepare("SELECT playbook_hash FROM sessions WHERE pk = ?").pluck();
  const range = "session_pk >= ? AND session_pk < ?";
  const readEvents = db.prepare(`SELECT session_pk, ${EVENT_COLUMNS} FROM events WHERE ${range} ORDER BY session_pk, id`).raw(true);
  const readActions = db
    .prepare(`SELECT session_pk, ${ACTION_COLUMNS} FROM actions WHERE ${range} AND status IN ('open', 'done') ORDER BY session_pk, rowid`)
    .raw(true);
  const bounds = db.prepare("SELECT coalesce(min(pk), 0) AS low, coalesce(max(pk), -1) AS high FROM sessions").get() as { low: number; high: number };
  for (let first = bounds.low; first <= bounds.high; first += BACKFILL_CHUNK) {
    const events = groupBySession(readEvents.all(first, first + BACKFILL_CHUNK) as Array<[number, ...EventRow]>);
    const actions = groupBySession(readActions.all(first, first + BACKFILL_CHUNK) as Array<[number, ...ActionRow]>);
    for (const [pk, rows] of events) {
      const metrics = metricsByHash.get(hashOf.get(pk) as string) ?? NO_METRICS;
      const stats = sessionStats(rows.map(toEvent), (actions.get(pk) ?? []).map(toAction), metrics);
      upsert.run(...statsRow(pk, stats), JSON.stringify(stats.steps));
    }
  }
}

/** Rows that start with a session key, grouped by it (in order), the key taken off. */
function groupBySession<R extends unknown[]>(rows: Array<[number, ...R]>): Map<number, R[]> {
  const groups = new Map<number, R[]>();
  for (const [pk, ...row] of rows) {
    let group = groups.get(pk);
    if (!group) groups.set(pk, (group = []));
    group.push(row as unknown as R);
  }
  return groups;
}

function toEvent([at, type, step, prompt, num]: EventRow): StatsEvent {
  return { at, type, step, prompt, num };
}

function toAction([status, due, doneMs]: ActionRow): StatsAction {
  return { status, due, doneMs };
}

/** The columns of a summary both statements write, in their order; the step times follow, as each keeps them. */
function statsRow(sessionPk: number, stats: SessionStats): [number, number, number | null, number | null, string, string] {
  return [sessionPk, stats.activeMs, stats.trustBefore, stats.trustAfter, JSON.stringify(stats.openDue), JSON.stringify(stats.doneMs)];
}
