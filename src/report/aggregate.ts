import type { GroupKey } from "./group-keys.js";
import { clientKey } from "../clients/lookup.js";
import { ownerKey } from "../people/owner-key.js";
import { monthRange } from "./months.js";
import { mean, rate, spreadInPlace, type Spread } from "./stats.js";
import { stepSpreads } from "./step-spreads.js";

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
  /** The playbook the batch's sessions ran: steps are timed per playbook. */
  playbook: string;
  started: number;
  completed: number;
  /** The latest answers to the ratings marked trust_before / trust_after (unrated or skipped ones left out). */
  trustBefore: Sum;
  trustAfter: Sum;
  /** trust_after − trust_before of the sessions rated both times. */
  change: Sum;
  /** Call time of each completed live session (paused gaps left out; a file run has none). */
  durations: ArrayLike<number>;
  /**
   * Time per step of the completed live sessions, as step_ms values end to end
   * (src/report/step-pairs.ts): [step id, ms] pairs, the step id a key of the names given to
   * buildReport. A step visited twice counts both visits.
   */
  stepMs: Uint8Array;
  actionsOpen: number;
  actionsDone: number;
  /** Open commitments due before the report's day. */
  actionsOverdue: number;
  /** done_at − created_at of each done commitment. */
  doneMs: ArrayLike<number>;
}

export interface StepFigures extends Spread {
  /** Steps are keyed by playbook and step id: two playbooks may each have a step "prepare". */
  playbook: string;
  step: string;
  /** How many sessions the figures come from. */
  sessions: number;
  /** The step's time budget in the playbook's newest stored version; null when it has none. */
  budgetMs: number | null;
}

/** What the report knows of one playbook, for its per-step figures. */
export interface PlaybookFacts {
  /** Step ids in the playbook's order. */
  steps: readonly string[];
  /** Time budget per step id, in ms. */
  budgets: ReadonlyMap<string, number>;
}

/** One owner's commitments over the chosen sessions, summed by the store (`--group-by owner`). */
export interface OwnerFacts {
  owner: string;
  /** The owner's earliest commitment: its spelling names a group whose names differ only in case. */
  first: number;
  open: number;
  overdue: number;
  done: number;
  doneMs: ArrayLike<number>;
}

/** One client's trust ratings over the chosen sessions, summed by the store (the HTML report's trust per client). */
export interface ClientTrustFacts {
  client: string;
  /** The client's earliest session: its spelling names a client whose names differ only in case. */
  first: number;
  started: number;
  trustBefore: Sum;
  trustAfter: Sum;
  change: Sum;
}

/** Trust before and after the call per client. */
export interface ClientTrust {
  key: string;
  sessions: number;
  trust: Figures["trust"];
}

/** Commitments due in one month (YYYY-MM): done, still open and not yet due, open and overdue. */
export interface DueMonth {
  month: string;
  done: number;
  open: number;
  overdue: number;
}

export interface CommitmentFigures {
  open: number;
  done: number;
  overdue: number;
  medianTimeToDoneMs: number | null;
}

export interface Figures {
  sessions: { started: number; completed: number; completionRate: number | null };
  /** Completed sessions only: a session still running has no duration yet. */
  duration: Spread;
  steps: StepFigures[];
  trust: { before: number | null; after: number | null; change: number | null; ratedBoth: number };
  commitments: CommitmentFigures;
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

/** Commitments by their own owner: the groups of `--group-by owner`. */
export interface OwnerFigures {
  key: string;
  commitments: CommitmentFigures;
}

export interface Report {
  totals: Figures;
  /** Groups of sessions (by client, playbook, month or session owner); empty for `owner`. */
  groups: GroupFigures[];
  /** Groups of commitments by their owner, for `--group-by owner`; empty otherwise. */
  owners: OwnerFigures[];
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
  /** Step times per playbook, as the batches gave them. */
  stepMs = new Map<string, Uint8Array[]>();
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
    if (b.stepMs.length > 0) {
      let chunks = this.stepMs.get(b.playbook);
      if (!chunks) this.stepMs.set(b.playbook, (chunks = []));
      chunks.push(b.stepMs);
    }
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

  figures(playbooks: ReadonlyMap<string, PlaybookFacts>, stepNames: ReadonlyMap<number, string>): Figures {
    const steps: StepFigures[] = [];
    const playbookIds = [...this.stepMs.keys()].sort(compareKeys);
    // Each batch's step times are read into one small array in turn (src/report/step-spreads.ts).
    const numbers = new Float64Array(Math.max(0, ...[...this.stepMs.values()].flatMap((chunks) => chunks.map((c) => c.length))));
    for (const playbook of playbookIds) {
      const facts = playbooks.get(playbook);
      const order = facts?.steps ?? [];
      const rank = (s: string) => {
        const i = order.indexOf(s);
        return i < 0 ? order.length : i;
      };
      const byStep = stepSpreads(this.stepMs.get(playbook)!, numbers);
      const named = [...byStep.keys()].map((id) => [id, stepNames.get(id) ?? `#${id}`] as const).sort(([, a], [, b]) => rank(a) - rank(b) || compareKeys(a, b));
      for (const [id, step] of named) {
        const { sessions, medianMs, p90Ms } = byStep.get(id)!;
        steps.push({ playbook, step, sessions, budgetMs: facts?.budgets.get(step) ?? null, medianMs, p90Ms });
      }
    }
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
      commitments: commitmentFigures(this.open, this.overdue, this.done, joined(this.doneMs)),
    };
  }

  trend(months: string[]): Array<number | null> {
    return months.map((m) => {
      const t = this.afterByMonth.get(m);
      return t ? mean(t.sum, t.n) : null;
    });
  }
}

function commitmentFigures(open: number, overdue: number, done: number, doneMs: Float64Array): CommitmentFigures {
  return { open, done, overdue, medianTimeToDoneMs: spreadInPlace(doneMs).medianMs };
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

function addSum(into: Sum, from: Sum): void {
  into.sum += from.sum;
  into.n += from.n;
}

/** What buildReport is given besides the batches. */
export interface ReportInputs {
  /** Step order and budgets per playbook id; steps a playbook does not list come after its own, alphabetically. */
  playbooks?: ReadonlyMap<string, PlaybookFacts>;
  /** Names the step ids of the batches' step times. */
  stepNames?: ReadonlyMap<number, string>;
  /** The commitments per owner, for `--group-by owner`. */
  owners?: Iterable<OwnerFacts>;
}

/**
 * Figures over all batches and, with `by`, per group (sorted by key): sessions by client,
 * playbook, month or session owner; with `owner`, commitments by their own owner instead, from
 * `inputs.owners`, since a session's owner is who ran the call, not who owes each promise.
 */
export function buildReport(batches: Iterable<FactsBatch>, by: GroupKey | undefined, inputs: ReportInputs = {}): Report {
  const playbooks = inputs.playbooks ?? new Map<string, PlaybookFacts>();
  const stepNames = inputs.stepNames ?? new Map<number, string>();
  const sessionKey = by === "owner" ? undefined : by;
  const total = new Tally("total", 0);
  const groups = new Map<string, Tally>();
  const byMonth = new Map<string, { n: number; before: Sum; after: Sum }>();
  for (const b of batches) {
    total.add(b);
    if (sessionKey) {
      const key = sessionKey === "month" ? b.month : b.key;
      // The store matches clients and owners without case only in ASCII; here in every script,
      // and composed alike (an é typed as e and an accent is é), as trust client matches them; an
      // owner with a role in brackets after the name is that person, as the owner filter takes them.
      const id = sessionKey === "client" ? clientKey(key) : sessionKey === "session-owner" ? ownerKey(key) : key;
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
  return {
    totals: total.figures(playbooks, stepNames),
    groups: [...groups.values()]
      .sort((a, b) => compareKeys(a.key, b.key))
      .map((t) => ({ key: t.key, figures: t.figures(playbooks, stepNames), trend: t.trend(months) })),
    owners: by === "owner" ? ownerFigures(inputs.owners ?? []) : [],
    months,
    trend: months.map((month) => {
      const m = byMonth.get(month);
      return { month, sessions: m?.n ?? 0, before: m ? mean(m.before.sum, m.before.n) : null, after: m ? mean(m.after.sum, m.after.n) : null };
    }),
    totalTrend: total.trend(months),
  };
}

/**
 * Rows summed per name, names that `same` takes as one (clientKey: names that differ only in case,
 * in any script, or in how their letters are composed; ownerKey: those, or a role in brackets
 * after the name) named as in the earliest row, sorted by name: how clients and owners are
 * grouped (the store matches without case only in ASCII).
 */
function byName<R extends { first: number }, A>(
  rows: Iterable<R>,
  name: (r: R) => string,
  same: (name: string) => string,
  start: () => A,
  add: (into: A, r: R) => void,
): Array<{ key: string; sums: A }> {
  const groups = new Map<string, { key: string; first: number; sums: A }>();
  for (const r of rows) {
    const id = same(name(r));
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { key: name(r), first: r.first, sums: start() }));
    else if (r.first < g.first) [g.key, g.first] = [name(r), r.first];
    add(g.sums, r);
  }
  return [...groups.values()].sort((a, b) => compareKeys(a.key, b.key));
}

/** Trust per client, clients whose names differ only in case taken as one (as --group-by client does), sorted by name. */
export function clientTrustFigures(rows: Iterable<ClientTrustFacts>): ClientTrust[] {
  const sums = () => ({ started: 0, before: { sum: 0, n: 0 }, after: { sum: 0, n: 0 }, change: { sum: 0, n: 0 } });
  return byName(rows, (r) => r.client, clientKey, sums, (c, r) => {
    c.started += r.started;
    addSum(c.before, r.trustBefore);
    addSum(c.after, r.trustAfter);
    addSum(c.change, r.change);
  }).map(({ key, sums: c }) => ({
    key,
    sessions: c.started,
    trust: { before: mean(c.before.sum, c.before.n), after: mean(c.after.sum, c.after.n), change: mean(c.change.sum, c.change.n), ratedBoth: c.change.n },
  }));
}

/** Commitments per owner (`--group-by owner`, the HTML report), owners named as on their earliest commitment. */
export function ownerFigures(rows: Iterable<OwnerFacts>): OwnerFigures[] {
  const sums = () => ({ open: 0, overdue: 0, done: 0, doneMs: [] as Array<ArrayLike<number>> });
  return byName(rows, (r) => r.owner, ownerKey, sums, (o, r) => {
    o.open += r.open;
    o.overdue += r.overdue;
    o.done += r.done;
    o.doneMs.push(r.doneMs);
  }).map(({ key, sums: o }) => ({ key, commitments: commitmentFigures(o.open, o.overdue, o.done, joined(o.doneMs)) }));
}
