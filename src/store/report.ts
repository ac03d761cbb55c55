import type { SessionFacts } from "../report/aggregate.js";
import { mergeStepOrder, playbookFacts } from "../report/playbook-facts.js";
import type { SessionStatus } from "../session/model.js";
import { guard } from "./errors.js";
import type { Store } from "./store.js";

/**
 * The report's SQL, and the only place that has any. One statement reads one row per chosen
 * session; src/report/aggregate.ts does the rest in plain JS.
 *
 * Why this shape: at 100,000 sessions there are ~2-3 million events, and walking them (to time
 * calls and steps, and to find the latest ratings) took seconds. So the store keeps a summary per
 * session, folded with each event as it is appended (session_stats, src/store/session-stats.ts):
 * call time and time per step as replay() gives them, and the latest numeric answer of each
 * prompt. Here each session is joined with its summary:
 *  - times only for completed sessions: a session still open has no duration yet;
 *  - its trust ratings: the numeric answers of the prompts that carry the trust_before and
 *    trust_after metrics in that session's playbook snapshot (a skip counts as no rating);
 *  - its commitments, counted (superseded ones, replaced by a changed answer, left out): these
 *    depend on today, so they are read from the actions, a few rows per session.
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
WITH metric(hash, before_path, after_path) AS MATERIALIZED (
  SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(@metrics)
)
SELECT c.client, c.owner, c.playbook_id, c.started_at, c.status,
  CASE WHEN c.status = 'completed' THEN coalesce(st.active_ms, 0) END AS active_ms,
  CASE WHEN c.status = 'completed' THEN st.steps END AS steps,
  st.numeric_answers ->> m.before_path AS trust_before,
  st.numeric_answers ->> m.after_path AS trust_after,
  (SELECT count(*) || ' ' || coalesce(sum(a.status = 'done'), 0) || ' ' || coalesce(sum(a.status = 'open' AND a.due < @today), 0) || ' '
      || coalesce(group_concat(CASE WHEN a.status = 'done' THEN a.done_at - a.created_at END, ' '), '')
    FROM actions a WHERE a.session_pk = c.pk AND a.status <> 'superseded') AS commitments
FROM sessions c
LEFT JOIN session_stats st ON st.session_pk = c.pk
LEFT JOIN metric m ON m.hash = c.playbook_hash
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
  /** "<open or done> <done> <overdue> <ms to done>..." */
  commitments: string,
];

/** The chosen sessions as report facts (read lazily), and the step order of their playbooks. */
export function reportSource(store: Store, filter: ReportFilter): ReportSource {
  const { db } = store;
  return guard(store.path, () => {
    const playbooks = new Map<string, string[]>();
    const metrics: Array<[hash: string, before: string | null, after: string | null]> = [];
    const snapshots = db.prepare("SELECT hash, source FROM playbook_snapshots ORDER BY hash").all() as Array<{ hash: string; source: string }>;
    for (const snap of snapshots) {
      const facts = playbookFacts(snap.source);
      metrics.push([snap.hash, answerPath(facts.metrics.trust_before), answerPath(facts.metrics.trust_after)]);
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
    const [client, owner, playbook, startedAt, status, activeMs, steps, trustBefore, trustAfter, commitments] = next.value;
    const [listed = 0, done = 0, overdue = 0, ...doneMs] = commitments.trimEnd().split(" ").map(Number);
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
      actionsOpen: listed - done,
      actionsDone: done,
      actionsOverdue: overdue,
      doneMs,
    };
  }
}

/** The JSON path of a prompt's entry in session_stats.numeric_answers, quoted so any id is one key. */
function answerPath(prompt: string | undefined): string | null {
  return prompt === undefined ? null : `$.${JSON.stringify(prompt)}`;
}
