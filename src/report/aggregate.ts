import type { SessionStatus } from "../session/model.js";
import { mean, rate, Samples, type Spread } from "./stats.js";

export type { Spread } from "./stats.js";

/**
 * The report's maths, pure: per-session facts in (one row per session, from the summary the
 * store keeps of each session, read by src/store/report.ts), figures per group and in total out.
 * No clock, no database: `today` and the step order are passed in, so the same facts always give
 * the same figures.
 */

export const GROUP_KEYS = ["client", "playbook", "month", "owner"] as const;
export type GroupKey = (typeof GROUP_KEYS)[number];

/** What the report needs to know about one session. */
export interface SessionFacts {
  client: string;
  owner: string;
  playbook: string;
  startedAt: number;
  status: SessionStatus;
  /** Call time (paused gaps left out); null unless the session was completed. */
  activeMs: number | null;
  /** Time per step id (a step visited twice counts both visits); empty unless completed. */
  stepMs: Array<[step: string, ms: number]>;
  /** The latest answer to the ratings marked trust_before / trust_after; null when unrated or skipped. */
  trustBefore: number | null;
  trustAfter: number | null;
  actionsOpen: number;
  actionsDone: number;
  /** Open commitments due before today. */
  actionsOverdue: number;
  /** done_at - created_at of each done commitment. */
  doneMs: number[];
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

/** The calendar month of an epoch-ms time, in UTC so a report reads the same on every machine. */
export function utcMonth(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

/** Every month from `first` to `last` inclusive ("2026-01" ... "2026-03"). */
export function monthRange(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split("-").map(Number) as [number, number];
  const [ly, lm] = last.split("-").map(Number) as [number, number];
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/**
 * utcMonth, remembering each month's text: formatting a date for each of 100,000 sessions showed
 * up in profiles, while the day count to a calendar month is a little integer arithmetic
 * (Howard Hinnant's days_from_civil, inverted).
 */
function monthCache(): (ms: number) => string {
  const names = new Map<number, string>();
  return (ms) => {
    const z = Math.floor(ms / 86_400_000) + 719_468;
    const era = Math.floor(z / 146_097);
    const doe = z - era * 146_097;
    const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const m = mp < 10 ? mp + 3 : mp - 9;
    const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    const key = y * 12 + m;
    let name = names.get(key);
    if (name === undefined) names.set(key, (name = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}`));
    return name;
  };
}

/** The group a session belongs to for `by`. */
export function groupOf(facts: SessionFacts, by: GroupKey, month: (ms: number) => string = utcMonth): string {
  switch (by) {
    case "client":
      return facts.client;
    case "owner":
      return facts.owner;
    case "playbook":
      return facts.playbook;
    case "month":
      return month(facts.startedAt);
  }
}

/** Group keys in a stable order: case-insensitive, then exact, so "acme" and "Acme" never swap. */
export function compareKeys(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sums for one group, filled one session at a time; `figures()` turns them into the report's numbers. */
class Tally {
  started = 0;
  completed = 0;
  durations = new Samples();
  steps = new Map<string, Samples>();
  before = { sum: 0, n: 0 };
  after = { sum: 0, n: 0 };
  change = { sum: 0, n: 0 };
  open = 0;
  done = 0;
  overdue = 0;
  doneMs = new Samples();
  afterByMonth = new Map<string, { sum: number; n: number }>();
  /** The first spelling seen of a case-insensitive key (clients and owners match without case in the store). */
  constructor(readonly key: string) {}

  add(f: SessionFacts, month: string): void {
    this.started += 1;
    if (f.status === "completed") this.completed += 1;
    if (f.activeMs !== null) this.durations.push(f.activeMs);
    for (let i = 0; i < f.stepMs.length; i++) {
      const [step, ms] = f.stepMs[i]!;
      let list = this.steps.get(step);
      if (!list) this.steps.set(step, (list = new Samples()));
      list.push(ms);
    }
    if (f.trustBefore !== null) {
      this.before.sum += f.trustBefore;
      this.before.n += 1;
    }
    if (f.trustAfter !== null) {
      this.after.sum += f.trustAfter;
      this.after.n += 1;
      const m = this.afterByMonth.get(month) ?? { sum: 0, n: 0 };
      m.sum += f.trustAfter;
      m.n += 1;
      this.afterByMonth.set(month, m);
    }
    if (f.trustBefore !== null && f.trustAfter !== null) {
      this.change.sum += f.trustAfter - f.trustBefore;
      this.change.n += 1;
    }
    this.open += f.actionsOpen;
    this.done += f.actionsDone;
    this.overdue += f.actionsOverdue;
    for (let i = 0; i < f.doneMs.length; i++) this.doneMs.push(f.doneMs[i]!);
  }

  figures(stepRank: (step: string) => number): Figures {
    const steps = [...this.steps.entries()]
      .sort(([a], [b]) => stepRank(a) - stepRank(b) || compareKeys(a, b))
      .map(([step, values]) => ({ step, sessions: values.length, ...values.spread() }));
    return {
      sessions: { started: this.started, completed: this.completed, completionRate: rate(this.completed, this.started) },
      duration: this.durations.spread(),
      steps,
      trust: {
        before: mean(this.before.sum, this.before.n),
        after: mean(this.after.sum, this.after.n),
        // Over sessions rated both times, so a group where only some were rated after the call
        // does not show a change that no single client went through.
        change: mean(this.change.sum, this.change.n),
        ratedBoth: this.change.n,
      },
      commitments: { open: this.open, done: this.done, overdue: this.overdue, medianTimeToDoneMs: this.doneMs.spread().medianMs },
    };
  }

  trend(months: string[]): Array<number | null> {
    return months.map((m) => {
      const t = this.afterByMonth.get(m);
      return t ? mean(t.sum, t.n) : null;
    });
  }
}

/**
 * Figures over all sessions and, with `by`, per group (sorted by key). `stepOrder` lists step ids
 * in playbook order; steps it does not know come after, alphabetically.
 */
export function buildReport(facts: Iterable<SessionFacts>, by: GroupKey | undefined, stepOrder: readonly string[] = []): Report {
  const total = new Tally("total");
  const groups = new Map<string, Tally>();
  const byMonth = new Map<string, { n: number; before: { sum: number; n: number }; after: { sum: number; n: number } }>();
  const monthOf = monthCache();
  for (const f of facts) {
    const month = monthOf(f.startedAt);
    total.add(f, month);
    if (by) {
      const key = groupOf(f, by, monthOf);
      const id = by === "client" || by === "owner" ? key.toLowerCase() : key;
      let tally = groups.get(id);
      if (!tally) groups.set(id, (tally = new Tally(key)));
      tally.add(f, month);
    }
    const m = byMonth.get(month) ?? { n: 0, before: { sum: 0, n: 0 }, after: { sum: 0, n: 0 } };
    m.n += 1;
    if (f.trustBefore !== null) (m.before.sum += f.trustBefore), (m.before.n += 1);
    if (f.trustAfter !== null) (m.after.sum += f.trustAfter), (m.after.n += 1);
    byMonth.set(month, m);
  }
  const seen = [...byMonth.keys()].sort();
  const months = seen.length === 0 ? [] : monthRange(seen[0]!, seen.at(-1)!);
  const rank = new Map(stepOrder.map((s, i) => [s, i]));
  const stepRank = (s: string) => rank.get(s) ?? stepOrder.length;
  return {
    totals: total.figures(stepRank),
    groups: [...groups.values()]
      .sort((a, b) => compareKeys(a.key, b.key))
      .map((t) => ({ key: t.key, figures: t.figures(stepRank), trend: t.trend(months) })),
    months,
    trend: months.map((month) => {
      const m = byMonth.get(month);
      return { month, sessions: m?.n ?? 0, before: m ? mean(m.before.sum, m.before.n) : null, after: m ? mean(m.after.sum, m.after.n) : null };
    }),
    totalTrend: total.trend(months),
  };
}
