import type { GroupKey } from "./group-keys.js";
import { monthRange } from "./months.js";
import { mean, rate, spreadInPlace, type Spread } from "./stats.js";

export type { Spread } from "./stats.js";

/**
 * The report's maths, pure: batches of sessions in (summed per group and month by the store from
 * the summary it keeps of each session, src/store/report.ts), figures per group and in total out.
 * No clock, no database: `today` and the step order are passed in, so the same facts always give
 * the same figures.
 */

export { GROUP_KEYS, type GroupKey } from "./group-keys.js";

/** A count and a sum, for a mean. */
export interface Sum {
  sum: number;
  n: number;
}

/**
 * What the report needs to know about the chosen sessions of one group that started in one
 * month, summed by the store in SQL (src/store/report.ts): the report never holds a row per
 * session. Percentiles need every value, so the durations and step times come whole.
 */
export interface FactsBatch {
  /** The group's key as stored (client, owner or playbook); "" when grouped by month or not at all. */
  key: string;
  /** The smallest session pk in the batch: the earliest session's spelling names a group whose names differ only in case. */
  first: number;
  /** "YYYY-MM", UTC. */
  month: string;
  started: number;
  completed: number;
  /** The latest answers to the ratings marked trust_before / trust_after (unrated or skipped ones left out). */
  trustBefore: Sum;
  trustAfter: Sum;
  /** trust_after − trust_before of the sessions rated both times. */
  change: Sum;
  /** Call time of each completed session (paused gaps left out). */
  durations: ArrayLike<number>;
  /** Time per step of the completed sessions, as pairs: step id (a key of the names given to buildReport), ms. A step visited twice counts both visits. */
  stepMs: ArrayLike<number>;
  actionsOpen: number;
  actionsDone: number;
  /** Open commitments due before the report's day. */
  actionsOverdue: number;
  /** done_at − created_at of each done commitment. */
  doneMs: ArrayLike<number>;
}

export interface StepFigures extends Spread {
  step: string;
  /** How many sessions the figures come from. */
  sessions: number;
}

export interface Figures {
  sessions: { started: number; completed: number; completionRate: number | null };
  /** Completed sessions only: a session still running has no duration yet. */
  duration: Spread;
  steps: StepFigures[];
  trust: { before: number | null; after: number | null; change: number | null; ratedBoth: number };
  commitments: { open: number; done: number; overdue: number; medianTimeToDoneMs: number | null };
}

/** Average trust ratings in one calendar month (UTC). */
export interface MonthTrust {
  month: string;
  sessions: number;
  before: number | null;
  after: number | null;
}

export interface GroupFigures {
  key: string;
  figures: Figures;
  /** Average trust_after per month of the report's months, null where the group had no rating. */
  trend: Array<number | null>;
}

export interface Report {
  totals: Figures;
  groups: GroupFigures[];
  /** Every month from the first session's to the last one's (UTC), for trend charts. */
  months: string[];
  /** Trust before and after per month, over all sessions. */
  trend: MonthTrust[];
  totalTrend: Array<number | null>;
}

/** Group keys in a stable order: case-insensitive, then exact, so "acme" and "Acme" never swap. */
export function compareKeys(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sums for one group, filled one batch at a time; `figures()` turns them into the report's numbers. */
class Tally {
  started = 0;
  completed = 0;
  /**
   * The batches' values as they came, gathered into one array each only when the figures are
   * made: a million step times pushed one by one into growing arrays cost more than the SQL.
   */
  durations: Array<ArrayLike<number>> = [];
  stepMs: Array<ArrayLike<number>> = [];
  doneMs: Array<ArrayLike<number>> = [];
  before = { sum: 0, n: 0 };
  after = { sum: 0, n: 0 };
  change = { sum: 0, n: 0 };
  open = 0;
  done = 0;
  overdue = 0;
  afterByMonth = new Map<string, Sum>();
  /** The spelling of the earliest session (clients and owners match without case in the store). */
  constructor(
    public key: string,
    public first: number,
  ) {}

  add(b: FactsBatch): void {
    this.started += b.started;
    this.completed += b.completed;
    this.durations.push(b.durations);
    this.stepMs.push(b.stepMs);
    this.doneMs.push(b.doneMs);
    addSum(this.before, b.trustBefore);
    addSum(this.after, b.trustAfter);
    addSum(this.change, b.change);
    if (b.trustAfter.n > 0) {
      let m = this.afterByMonth.get(b.month);
      if (!m) this.afterByMonth.set(b.month, (m = { sum: 0, n: 0 }));
      addSum(m, b.trustAfter);
    }
    this.open += b.actionsOpen;
    this.done += b.actionsDone;
    this.overdue += b.actionsOverdue;
  }

  figures(stepRank: (step: string) => number, stepNames: ReadonlyMap<number, string>): Figures {
    const steps = [...stepValues(this.stepMs, stepNames).entries()]
      .sort(([a], [b]) => stepRank(a) - stepRank(b) || compareKeys(a, b))
      .map(([step, values]) => ({ step, sessions: values.length, ...spreadInPlace(values) }));
    return {
      sessions: { started: this.started, completed: this.completed, completionRate: rate(this.completed, this.started) },
      duration: spreadInPlace(joined(this.durations)),
      steps,
      trust: {
        before: mean(this.before.sum, this.before.n),
        after: mean(this.after.sum, this.after.n),
        // Over sessions rated both times, so a group where only some were rated after the call
        // does not show a change that no single client went through.
        change: mean(this.change.sum, this.change.n),
        ratedBoth: this.change.n,
      },
      commitments: { open: this.open, done: this.done, overdue: this.overdue, medianTimeToDoneMs: spreadInPlace(joined(this.doneMs)).medianMs },
    };
  }

  trend(months: string[]): Array<number | null> {
    return months.map((m) => {
      const t = this.afterByMonth.get(m);
      return t ? mean(t.sum, t.n) : null;
    });
  }
}

/** Lists of numbers end to end, in one new array. */
function joined(lists: ReadonlyArray<ArrayLike<number>>): Float64Array {
  let length = 0;
  for (const list of lists) length += list.length;
  const out = new Float64Array(length);
  let at = 0;
  for (const list of lists) {
    if (list instanceof Float64Array) out.set(list, at);
    else for (let i = 0; i < list.length; i++) out[at + i] = list[i]!;
    at += list.length;
  }
  return out;
}

/**
 * [step id, ms] pairs split into each step's times, by name: counted first, so each step's
 * array is made once at its size (step_names gives each id a name of its own).
 */
function stepValues(chunks: ReadonlyArray<ArrayLike<number>>, stepNames: ReadonlyMap<number, string>): Map<string, Float64Array> {
  const counts: number[] = [];
  for (const pairs of chunks) for (let i = 0; i + 1 < pairs.length; i += 2) counts[pairs[i]! | 0] = (counts[pairs[i]! | 0] ?? 0) + 1;
  const byName = new Map<string, Float64Array>();
  const into: Float64Array[] = [];
  const filled: number[] = [];
  counts.forEach((count, id) => {
    const name = stepNames.get(id) ?? `#${id}`;
    const values = new Float64Array(count);
    byName.set(name, values);
    into[id] = values;
    filled[id] = 0;
  });
  for (const pairs of chunks) {
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      const id = pairs[i]! | 0;
      into[id]![filled[id]!++] = pairs[i + 1]!;
    }
  }
  return byName;
}

function addSum(into: Sum, from: Sum): void {
  into.sum += from.sum;
  into.n += from.n;
}

/**
 * Figures over all batches and, with `by`, per group (sorted by key). `stepOrder` lists step ids
 * in playbook order; steps it does not know come after, alphabetically. `stepNames` names the
 * step ids of the batches' step times.
 */
export function buildReport(
  batches: Iterable<FactsBatch>,
  by: GroupKey | undefined,
  stepOrder: readonly string[] = [],
  stepNames: ReadonlyMap<number, string> = new Map(),
): Report {
  const total = new Tally("total", 0);
  const groups = new Map<string, Tally>();
  const byMonth = new Map<string, { n: number; before: Sum; after: Sum }>();
  for (const b of batches) {
    total.add(b);
    if (by) {
      const key = by === "month" ? b.month : b.key;
      // The store matches clients and owners without case only in ASCII; here in every script.
      const id = by === "client" || by === "owner" ? key.toLowerCase() : key;
      let tally = groups.get(id);
      if (!tally) groups.set(id, (tally = new Tally(key, b.first)));
      else if (b.first < tally.first) [tally.key, tally.first] = [key, b.first];
      tally.add(b);
    }
    let m = byMonth.get(b.month);
    if (!m) byMonth.set(b.month, (m = { n: 0, before: { sum: 0, n: 0 }, after: { sum: 0, n: 0 } }));
    m.n += b.started;
    addSum(m.before, b.trustBefore);
    addSum(m.after, b.trustAfter);
  }
  const seen = [...byMonth.keys()].sort();
  const months = seen.length === 0 ? [] : monthRange(seen[0]!, seen.at(-1)!);
  const rank = new Map(stepOrder.map((s, i) => [s, i]));
  const stepRank = (s: string) => rank.get(s) ?? stepOrder.length;
  return {
    totals: total.figures(stepRank, stepNames),
    groups: [...groups.values()]
      .sort((a, b) => compareKeys(a.key, b.key))
      .map((t) => ({ key: t.key, figures: t.figures(stepRank, stepNames), trend: t.trend(months) })),
    months,
    trend: months.map((month) => {
      const m = byMonth.get(month);
      return { month, sessions: m?.n ?? 0, before: m ? mean(m.before.sum, m.before.n) : null, after: m ? mean(m.after.sum, m.after.n) : null };
    }),
    totalTrend: total.trend(months),
  };
}
