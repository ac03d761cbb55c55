import { ISO_DAY } from "../calendar/iso-day.js";
import { clientKey, indexMatches } from "../clients/lookup.js";
import { UsageError } from "../errors.js";
import { ACTION_STATUSES, type ActionStatus, type SessionSource, type SessionStatus } from "../session/records.js";
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
  /** Only sessions run this way; both when undefined. */
  source?: SessionSource;
  includeRehearsals?: boolean;
  limit?: number;
}

export interface ActionFilter {
  open?: boolean;
  /** Only actions in these states; without it, every state but superseded (see includeSuperseded). */
  statuses?: readonly ActionStatus[];
  /** YYYY-MM-DD: open actions due before this day. */
  overdueAsOf?: string;
  /** YYYY-MM-DD: open actions due on or before this day, overdue ones included. */
  dueBy?: string;
  /**
   * The owner's names (a person's name and aliases): an action matches when its owner is one of
   * them, in any ASCII case, or one of them followed by a role in brackets ("Sam (SRE)").
   */
  owner?: string | readonly string[];
  client?: string;
  /**
   * A full session id: the commitments its call made, and those of earlier calls it carried
   * (re-confirmed); listed even when it is a rehearsal.
   */
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
  const q = sessionConditions(filter);
  let limit = "";
  if (filter.limit !== undefined) {
    limit = "LIMIT @limit";
    q.params.limit = Math.max(0, Math.trunc(filter.limit));
  }
  return {
    sql: `SELECT ${SESSION_COLUMNS.sql} FROM sessions s ${q.clause()} ORDER BY s.started_at DESC, s.pk DESC ${limit}`,
    params: q.params,
  };
}

/** The conditions of a session filter on `sessions s`, for the listing and the report alike. */
export function sessionConditions(filter: Omit<SessionFilter, "limit">): Where {
  const q = new Where();
  if (filter.client !== undefined) q.add(clientTerm("s", filter.client), clientParams(filter.client));
  if (filter.status !== undefined) q.add("s.status = @status", { status: filter.status });
  if (filter.playbook !== undefined) q.add("s.playbook_id = @playbook", { playbook: filter.playbook });
  if (filter.since !== undefined) q.add("s.started_at >= @since", { since: filter.since });
  if (filter.until !== undefined) q.add("s.started_at < @until", { until: filter.until });
  if (filter.source !== undefined) q.add("s.source = @source", { source: filter.source });
  if (!filter.includeRehearsals) q.add("s.rehearsal = 0");
  return q;
}

/**
 * Whether the filter chooses sessions by anything but rehearsal: what the counts the report keeps
 * per owner and per client (commitment_months, client_ratings: migration 17) cannot answer, since
 * they know no session. Read from the conditions themselves, so a filter added there counts here.
 */
export function choosesSessions(filter: Omit<SessionFilter, "limit">): boolean {
  return sessionConditions({ ...filter, includeRehearsals: true }).terms.length > 0;
}

/** SELECT for listActions: soonest due first; superseded ones only when asked for (or named in statuses). */
export function actionsQuery(filter: ActionFilter): Query {
  const q = new Where();
  let byStatus = false;
  if (filter.overdueAsOf !== undefined) {
    q.add("a.status = 'open' AND a.due < @asOf", { asOf: isoDay(filter.overdueAsOf) });
    byStatus = true;
  }
  if (filter.dueBy !== undefined) {
    q.add("a.status = 'open' AND a.due <= @dueBy", { dueBy: isoDay(filter.dueBy) });
    byStatus = true;
  }
  if (filter.open) {
    q.add("a.status = 'open'");
    byStatus = true;
  }
  if (filter.statuses !== undefined) {
    const states = filter.statuses.filter((s) => ACTION_STATUSES.includes(s));
    const names = states.map((_, i) => `@status${i}`);
    q.add(names.length ? `a.status IN (${names.join(", ")})` : "0", Object.fromEntries(states.map((s, i) => [`status${i}`, s])));
    byStatus = true;
  }
  if (!byStatus && !filter.includeSuperseded) q.add("a.status <> 'superseded'");
  if (filter.owner !== undefined) {
    // The name alone or with a role in brackets after it, each matched as a client's name is.
    const names = [filter.owner].flat().map((n) => n.trim().replace(/\s+/g, " ")).filter((n) => n !== "");
    const matches = names.map((n) => nameMatch("a.owner", n));
    const terms = matches.map(({ column }, i) => `${column} = @owner${i} OR ${column} LIKE @ownerRole${i} ESCAPE '\\'`);
    q.add(terms.length ? `(${terms.join(" OR ")})` : "0", Object.fromEntries(matches.flatMap(({ value }, i) => [[`owner${i}`, value], [`ownerRole${i}`, `${escapeLike(value)} (%`]])));
  }
  if (filter.client !== undefined) q.add(clientTerm("a", filter.client), clientParams(filter.client));
  // A session asked for by id is listed even when it is a rehearsal. Both sides of the OR name an
  // indexed column of actions (not s.id), so SQLite looks the few rows up instead of scanning them all.
  if (filter.sessionId !== undefined) {
    q.add(
      `(a.session_pk = (SELECT pk FROM sessions WHERE id = @sessionId) OR a.id IN (SELECT c.action_id FROM carried_actions c JOIN sessions cs ON cs.pk = c.session_pk
        WHERE cs.id = @sessionId))`,
      { sessionId: filter.sessionId },
    );
  }
  else if (!filter.includeRehearsals) q.add("a.rehearsal = 0");
  // Without statistics SQLite would rather read every overdue commitment by status_due than look
  // one owner's up by name (an OR of = and LIKE); named, the owner's few entries of that index,
  // which holds every column listed (migration 16), are all it reads.
  const from = filter.owner !== undefined ? "actions a INDEXED BY actions_owner" : "actions a";
  return {
    sql: `SELECT ${ACTION_COLUMNS.sql} FROM ${from} ${q.clause()}
      ORDER BY a.due, a.created_at, a.session_pk, a.position`,
    params: q.params,
  };
}

/**
 * A name (a client's, an owner's) as `trust client` and the report match one, in any case and
 * however its letters are composed: an ASCII name through the column's NOCASE collation (and its
 * index); any other through client_key (src/store/sqlite.ts), which folds every letter (clientKey),
 * a row at a time. `column` is what to compare with `value`.
 */
function nameMatch(column: string, name: string): { column: string; value: string } {
  return indexMatches(name) ? { column, value: name } : { column: `client_key(${column})`, value: clientKey(name) };
}

function clientTerm(table: "s" | "a", client: string): string {
  return `${nameMatch(`${table}.client`, client).column} = @client`;
}

function clientParams(client: string): { client: string } {
  return { client: nameMatch("client", client).value };
}

function isoDay(day: string): string {
  if (!ISO_DAY.test(day)) throw new UsageError(`"${day}" is not a date like 2026-12-01`);
  return day;
}

/** A name as a LIKE pattern that matches only itself: %, _ and the escape character taken literally. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export class Where {
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
