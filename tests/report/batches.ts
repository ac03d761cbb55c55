import { buildReport, type FactsBatch, type GroupKey, type Report } from "../../src/report/aggregate.js";
import { encodeStepPairs } from "../../src/report/step-pairs.js";

/** One session as the report's maths sees it, for tests that state sessions one by one. */
export interface SessionFacts {
  client: string;
  owner: string;
  playbook: string;
  startedAt: number;
  status: "in_progress" | "completed";
  /** Null unless completed. */
  activeMs: number | null;
  stepMs: Array<[step: string, ms: number]>;
  trustBefore: number | null;
  trustAfter: number | null;
  actionsOpen: number;
  actionsDone: number;
  actionsOverdue: number;
  doneMs: number[];
}

/**
 * buildReport over sessions given one by one: each its own batch, as the store would sum a group
 * and month holding one session, with the step ids numbered here; pks follow the list's order.
 */
export function reportOf(list: readonly SessionFacts[], by: GroupKey | undefined, stepOrder: readonly string[] = []): Report {
  const names = new Map<string, number>();
  const idOf = (step: string) => names.get(step) ?? (names.set(step, names.size), names.size - 1);
  const sum = (v: number | null) => (v === null ? { sum: 0, n: 0 } : { sum: v, n: 1 });
  const batches = list.map(
    (f, pk): FactsBatch => ({
      key: by === "client" ? f.client : by === "session-owner" ? f.owner : by === "playbook" ? f.playbook : "",
      first: pk,
      month: new Date(f.startedAt).toISOString().slice(0, 7),
      playbook: f.playbook,
      started: 1,
      completed: f.status === "completed" ? 1 : 0,
      trustBefore: sum(f.trustBefore),
      trustAfter: sum(f.trustAfter),
      change: sum(f.trustBefore === null || f.trustAfter === null ? null : f.trustAfter - f.trustBefore),
      durations: f.activeMs === null ? [] : [f.activeMs],
      stepMs: encodeStepPairs(f.stepMs.map(([step, ms]) => [idOf(step), ms])),
      actionsOpen: f.actionsOpen,
      actionsDone: f.actionsDone,
      actionsOverdue: f.actionsOverdue,
      doneMs: f.doneMs,
    }),
  );
  // Every playbook of the list lists its steps in `stepOrder`.
  const playbooks = new Map(list.map((f) => [f.playbook, { steps: stepOrder, budgets: new Map<string, number>() }]));
  return buildReport(batches, by, { playbooks, stepNames: new Map([...names].map(([step, id]) => [id, step])) });
}
