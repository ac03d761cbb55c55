import type { SessionFacts } from "../report/aggregate.js";
import { mergeStepOrder } from "../playbook/step-order.js";
import type { SessionStatus } from "../session/model.js";
import { guard } from "./errors.js";
import type { Store } from "./store.js";

/**
 * The report's SQL, and the only place that has any. One statement reads one row per chosen
 * session; src/report/aggregate.ts does the rest in plain JS.
 *
 * Why this shape: at 100,000 sessions there are ~2-3 million events, and walking them (to time
 * calls and steps, and to find the latest ratings) took seconds; so did parsing the YAML of every
 * playbook snapshot. So the store keeps what the report needs as it is written (migrations 3, 4):
 * facts per snapshot (step order, src/store/snapshot-facts.ts) and a summary per session, derived
 * from its events and actions at each append (src/store/session-stats.ts). Here each session is
 * joined with its summary:
 *  - times only for completed sessions: a session still open has no duration yet;
 *  - its trust ratings: the latest answers to the prompts that carry the trust_before and
 *    trust_after metrics in its playbook snapshot (a skip counts as no rating);
 *  - its commitments (superseded ones, replaced by a changed answer, left out): the due dates of
 *    the open ones, since which are overdue depends on the day of the report, and the time each
 *    done one took.
 * Percentiles need every value, so they are computed in JS from Float64Arrays.
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
  /** One row per chosen session, oldest first; read lazily so 100,000 sessions are never all held. */
  facts: Iterable<SessionFacts>;
  /** Step ids in playbook order, over the playbooks of the database. */
  stepOrder: string[];
}

const FACTS_SQL = (where: string) => `
SELECT c.client, c.owner, c.playbook_id, c.started_at, c.status,
  CASE WHEN c.status = 'completed' THEN coalesce(st.active_ms, 0) END AS active_ms,
  CASE WHEN c.status = 'completed' THEN st.steps END AS steps,
  st.trust_before, st.trust_after, st.open_due, st.done_ms
FROM sessions c
LEFT JOIN session_stats st ON st.session_pk = c.pk
${where}
ORDER BY c.pk`;

type FactsRow = [
  client: string,
  owner: string,
  playbook: string,
  startedAt: number,
  status: SessionStatus,
  activeMs: number | null,
  /** JSON [[step, ms], ...], for completed sessions. */
  steps: string | null,
  trustBefore: number | null,
  trustAfter: number | null,
  /** JSON arrays: due dates of the open commitments, ms to done of the done ones. */
  openDue: string | null,
  doneMs: string | null,
];

/** The chosen sessions as report facts (read lazily), and the step order of their playbooks. */
export function reportSource(store: Store, filter: ReportFilter): ReportSource {
  const { db } = store;
  return guard(store.path, () => {
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
    const statement = db.prepare(FACTS_SQL(where.length ? `WHERE ${where.join(" AND ")}` : "")).raw(true);
    const rows = statement.iterate(params) as IterableIterator<FactsRow>;
    const stepOrder = mergeStepOrder([...playbooks.entries()].map(([id, steps]) => ({ id, steps })));
    return { facts: readFacts(rows, filter.today, store.path), stepOrder };
  });
}

function* readFacts(rows: IterableIterator<FactsRow>, today: string, path: string): Generator<SessionFacts> {
  for (;;) {
    const next = guard(path, () => rows.next());
    if (next.done) return;
    const [client, owner, playbook, startedAt, status, activeMs, steps, trustBefore, trustAfter, openDueJson, doneMsJson] = next.value;
    const openDue = list<string>(openDueJson);
    const doneMs = list<number>(doneMsJson);
    let overdue = 0;
    for (const due of openDue) if (due < today) overdue += 1;
    yield {
      client,
      owner,
      playbook,
      startedAt,
      status,
      activeMs,
      stepMs: steps === null ? [] : (JSON.parse(steps) as Array<[string, number]>),
      trustBefore,
      trustAfter,
      actionsOpen: openDue.length,
      actionsDone: doneMs.length,
      actionsOverdue: overdue,
      doneMs,
    };
  }
}

const NONE: never[] = [];

/** A JSON array column; most sessions have no commitments, so "[]" is not parsed each time. */
function list<T>(json: string | null): T[] {
  return json === null || json === "[]" ? NONE : (JSON.parse(json) as T[]);
}
