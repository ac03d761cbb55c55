import type { Database } from "better-sqlite3";
import type { SessionFacts } from "../report/aggregate.js";
import { mergeStepOrder, playbookFacts } from "../report/playbook-facts.js";
import { stepSpans } from "../report/spans.js";
import type { SessionStatus } from "../session/model.js";
import { guard } from "./errors.js";
import type { Store } from "./store.js";

/**
 * The report's SQL, and the only place that has any. One statement reads one row per chosen
 * session; src/report/spans.ts and src/report/aggregate.ts do the rest in plain JS.
 *
 * Why this shape: at 100,000 sessions there are ~1.5-2 million events. Reading rows into JS
 * costs about a microsecond each, and windows or GROUP BYs over every event took 1.5-3 s on the
 * 2-core machine this was measured on, so each session's events are folded inside SQLite by
 * correlated subqueries that walk the (session_pk, id) and (session_pk, prompt) indexes:
 *  - its boundary events (step_started, paused, resumed, completed: about half the timeline)
 *    as one compact string, parsed by stepSpans() with the clocks of the session engine. Only
 *    completed sessions get one: a session still open has no duration yet;
 *  - its trust ratings: the latest answered/skipped event of the prompt that carries the metric
 *    in that session's playbook snapshot (a skip counts as no rating); `num` holds numeric
 *    answers, so no JSON is parsed;
 *  - its commitments, counted (superseded ones, replaced by a changed answer, left out).
 * Percentiles need every value, so they are computed in JS from sorted Float64Arrays.
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
WITH metric(hash, before_prompt, after_prompt) AS (
  SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(@metrics)
)
SELECT c.client, c.owner, c.playbook_id, c.started_at, c.status,
  CASE WHEN c.status = 'completed' THEN (
    SELECT group_concat(CASE e.type
        WHEN 'step_started' THEN 's' || (e.at - c.started_at) || ' ' || e.step
        WHEN 'paused' THEN 'p' || (e.at - c.started_at)
        WHEN 'completed' THEN 'c' || (e.at - c.started_at)
        ELSE 'r' || (e.at - c.started_at) || ' ' || ((
          SELECT p.at FROM events p WHERE p.session_pk = e.session_pk AND p.id < e.id ORDER BY p.id DESC LIMIT 1
        ) - c.started_at)
      END, char(30) ORDER BY e.id)
    FROM events e WHERE e.session_pk = c.pk AND e.type IN ('step_started', 'paused', 'resumed', 'completed')
  ) END AS timeline,
  (SELECT e.num FROM events e WHERE e.session_pk = c.pk AND e.prompt = m.before_prompt ORDER BY e.id DESC LIMIT 1) AS trust_before,
  (SELECT e.num FROM events e WHERE e.session_pk = c.pk AND e.prompt = m.after_prompt ORDER BY e.id DESC LIMIT 1) AS trust_after,
  (SELECT count(*) || ' ' || coalesce(sum(a.status = 'done'), 0) || ' ' || coalesce(sum(a.status = 'open' AND a.due < @today), 0) || ' '
      || coalesce(group_concat(CASE WHEN a.status = 'done' THEN a.done_at - a.created_at END, ' '), '')
    FROM actions a WHERE a.session_pk = c.pk AND a.status <> 'superseded') AS commitments
FROM sessions c
LEFT JOIN metric m ON m.hash = c.playbook_hash
${where}
ORDER BY c.pk`;

type FactsRow = [
  client: string,
  owner: string,
  playbook: string,
  startedAt: number,
  status: SessionStatus,
  timeline: string | null,
  trustBefore: number | null,
  trustAfter: number | null,
  /** "<open or done> <done> <overdue> <ms to done>..." */
  commitments: string,
];

// Store keeps its connection private; the report reads through it until Store exposes `db`.
function dbOf(store: Store): Database {
  return (store as unknown as { db: Database }).db;
}

/** The chosen sessions as report facts (read lazily), and the step order of their playbooks. */
export function reportSource(store: Store, filter: ReportFilter): ReportSource {
  const db = dbOf(store);
  return guard(store.path, () => {
    const playbooks = new Map<string, string[]>();
    const metrics: Array<[hash: string, before: string | null, after: string | null]> = [];
    const snapshots = db.prepare("SELECT hash, source FROM playbook_snapshots ORDER BY hash").all() as Array<{ hash: string; source: string }>;
    for (const snap of snapshots) {
      const facts = playbookFacts(snap.source);
      metrics.push([snap.hash, facts.metrics.trust_before ?? null, facts.metrics.trust_after ?? null]);
      playbooks.set(facts.id, [...(playbooks.get(facts.id) ?? []), ...facts.steps]);
    }

    const where: string[] = [];
    const params: Record<string, unknown> = { metrics: JSON.stringify(metrics), today: filter.today };
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
    return { facts: readFacts(rows, store.path), stepOrder };
  });
}

function* readFacts(rows: IterableIterator<FactsRow>, path: string): Generator<SessionFacts> {
  for (;;) {
    const next = guard(path, () => rows.next());
    if (next.done) return;
    const [client, owner, playbook, startedAt, status, timeline, trustBefore, trustAfter, commitments] = next.value;
    const spans = timeline === null ? undefined : stepSpans(timeline);
    const [listed = 0, done = 0, overdue = 0, ...doneMs] = commitments.trimEnd().split(" ").map(Number);
    yield {
      client,
      owner,
      playbook,
      startedAt,
      status,
      activeMs: spans ? spans.activeMs : null,
      stepMs: spans ? spans.steps : [],
      trustBefore,
      trustAfter,
      actionsOpen: listed - done,
      actionsDone: done,
      actionsOverdue: overdue,
      doneMs,
    };
  }
}
