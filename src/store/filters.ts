import { UsageError } from "../errors.js";
import { ISO_DATE, type SessionStatus } from "../session/model.js";
import { ACTION_COLUMNS, SESSION_COLUMNS } from "./rows.js";

/** The listings' filters, turned into SQL with bound parameters (never spliced values). */

export interface SessionFilter {
  client?: string;
  status?: SessionStatus;
  playbook?: string;
  /** started_at >= since (epoch ms). */
  since?: number;
  /** started_at < until (epoch ms). */
  until?: number;
  includeRehearsals?: boolean;
  limit?: number;
}

export interface ActionFilter {
  open?: boolean;
  /** YYYY-MM-DD: open actions due before this day. */
  overdueAsOf?: string;
  owner?: string;
  client?: string;
  /** A full session id; its actions are listed even when it is a rehearsal. */
  sessionId?: string;
  includeRehearsals?: boolean;
  /** Actions replaced by a later answer are left out unless asked for. */
  includeSuperseded?: boolean;
}

interface Query {
  sql: string;
  params: Record<string, unknown>;
}

/** SELECT for listSessions: newest first, rehearsals left out unless asked for. */
export function sessionsQuery(filter: SessionFilter): Query {
  const q = new Where();
  if (filter.client !== undefined) q.add("s.client = @client", { client: filter.client });
  if (filter.status !== undefined) q.add("s.status = @status", { status: filter.status });
  if (filter.playbook !== undefined) q.add("s.playbook_id = @playbook", { playbook: filter.playbook });
  if (filter.since !== undefined) q.add("s.started_at >= @since", { since: filter.since });
  if (filter.until !== undefined) q.add("s.started_at < @until", { until: filter.until });
  if (!filter.includeRehearsals) q.add("s.rehearsal = 0");
  let limit = "";
  if (filter.limit !== undefined) {
    limit = "LIMIT @limit";
    q.params.limit = Math.max(0, Math.trunc(filter.limit));
  }
  return {
    sql: `SELECT ${SESSION_COLUMNS} FROM sessions s ${q.clause()} ORDER BY s.started_at DESC, s.pk DESC ${limit}`,
    params: q.params,
  };
}

/** SELECT for listActions: soonest due first; superseded ones only when asked for. */
export function actionsQuery(filter: ActionFilter): Query {
  const q = new Where();
  if (filter.overdueAsOf !== undefined) {
    if (!ISO_DATE.test(filter.overdueAsOf)) throw new UsageError(`"${filter.overdueAsOf}" is not a date like 2026-12-01`);
    q.add("a.status = 'open' AND a.due < @asOf", { asOf: filter.overdueAsOf });
  } else if (filter.open) {
    q.add("a.status = 'open'");
  } else if (!filter.includeSuperseded) {
    q.add("a.status <> 'superseded'");
  }
  if (filter.owner !== undefined) q.add("a.owner = @owner", { owner: filter.owner });
  if (filter.client !== undefined) q.add("s.client = @client", { client: filter.client });
  // A session asked for by id is listed even when it is a rehearsal.
  if (filter.sessionId !== undefined) q.add("s.id = @sessionId", { sessionId: filter.sessionId });
  else if (!filter.includeRehearsals) q.add("s.rehearsal = 0");
  return {
    sql: `SELECT ${ACTION_COLUMNS} FROM actions a JOIN sessions s ON s.pk = a.session_pk ${q.clause()}
      ORDER BY a.due, a.created_at, a.session_pk, a.position`,
    params: q.params,
  };
}

class Where {
  readonly terms: string[] = [];
  readonly params: Record<string, unknown> = {};

  add(term: string, params: Record<string, unknown> = {}): void {
    this.terms.push(term);
    Object.assign(this.params, params);
  }

  clause(): string {
    return this.terms.length === 0 ? "" : `WHERE ${this.terms.join(" AND ")}`;
  }
}
