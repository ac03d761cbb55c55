import type { Database, Statement } from "better-sqlite3";
import { ACTION_COLUMNS, EVENT_COLUMNS, SESSION_COLUMNS } from "./rows.js";
import { ACTIONS_FOR_STATS, EMPTY_STATS, EVENTS_FOR_STATS, KEPT_STATS, UPSERT_STATS, type StatsStatements } from "./session-stats.js";
import { monthOfSql } from "./month-sql.js";
import { INSERT_FACTS, METRICS_OF, NEXT_UPDATE_OF, PLAYBOOK_OF } from "./snapshot-facts.js";
import { StepNames } from "./step-times.js";

/** Every fixed statement the store runs, prepared once per connection. */
export type Statements = ReturnType<typeof prepareStatements>;

/**
 * The store's statements on an open, migrated connection, each prepared the first time it is
 * used: a command that reads runs two or three of these 37, and preparing them all cost every
 * such command about 4 ms of its start-up (issue 11).
 */
export function prepareStatements(db: Database) {
  const s = (sql: string) => (): Statement => db.prepare(sql);
  // Rows that become records (src/store/rows.ts) come back as arrays.
  const raw = (sql: string) => (): Statement => db.prepare(sql).raw(true);
  return whenUsed({
    insertSnapshot: s("INSERT OR IGNORE INTO playbook_snapshots (hash, source) VALUES (?, ?)"),
    insertSession: s(`INSERT INTO sessions (id, playbook_id, playbook_version, playbook_hash, client, incident, severity,
        owner, attendees, contacts, rehearsal, status, source, started_at, updated_at, started_month)
      VALUES (@id, @playbook_id, @playbook_version, @playbook_hash, @client, @incident, @severity,
        @owner, @attendees, @contacts, @rehearsal, 'in_progress', @source, @at, @at, ${monthOfSql("@at")})`),
    insertFacts: s(INSERT_FACTS),
    metricsOf: s(METRICS_OF),
    nextUpdateOf: s(NEXT_UPDATE_OF),
    playbookOf: s(PLAYBOOK_OF),
    snapshotSource: s("SELECT source FROM playbook_snapshots WHERE hash = ?"),
    snapshotKnown: s("SELECT 1 FROM playbook_snapshots WHERE hash = ?"),
    sessionById: raw(`SELECT ${SESSION_COLUMNS.sql} FROM sessions s WHERE s.id = ?`),
    sessionKey: s("SELECT pk, playbook_hash AS hash FROM sessions WHERE id = ?"),
    sessionPeople: s("SELECT client, owner, rehearsal FROM sessions WHERE pk = ?"),
    sessionsByPrefix: raw(`SELECT ${SESSION_COLUMNS.sql} FROM sessions s WHERE s.id >= ? AND s.id < ? ORDER BY s.started_at DESC LIMIT ?`),
    latestUnfinished: raw(
      `SELECT ${SESSION_COLUMNS.sql} FROM sessions s WHERE s.status = 'in_progress' ORDER BY s.updated_at DESC, s.pk DESC LIMIT 1`,
    ),
    insertEvent: s("INSERT INTO events (session_pk, at, type, step, prompt, data, num, origin, origin_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
    eventsOf: raw(`SELECT ${EVENT_COLUMNS.sql} FROM events e WHERE e.session_pk = ? ORDER BY e.id`),
    // Never moves backwards, should the clock do so.
    touchSession: s("UPDATE sessions SET updated_at = max(updated_at, ?) WHERE pk = ?"),
    completeSession: s("UPDATE sessions SET status = 'completed', completed_at = ? WHERE pk = ?"),
    reopenSession: s("UPDATE sessions SET status = 'in_progress', completed_at = NULL WHERE pk = ? AND status = 'completed'"),
    // The commitments a prompt's answer holds now, matched against each new answer to it.
    actionsOfPrompt: s(`SELECT id, what, owner, due, status FROM actions
      WHERE session_pk = ? AND prompt = ? AND status <> 'superseded' ORDER BY position`),
    // A commitment of another call, named by id in a commitments answer (see matchAnswer).
    carryableAction: s(`SELECT a.id, a.what, a.owner, a.due, a.status, s.id AS session_id, s.client, s.rehearsal
      FROM actions a JOIN sessions s ON s.pk = a.session_pk WHERE a.id = ? AND a.session_pk <> ? AND a.status <> 'superseded'`),
    actionExists: s("SELECT 1 FROM actions WHERE id = ?"),
    // A merged session's first row, with its own id, time and source (src/store/merge.ts).
    insertMergedSession: s(`INSERT INTO sessions (id, playbook_id, playbook_version, playbook_hash, client, incident, severity,
        owner, attendees, contacts, rehearsal, status, source, started_at, updated_at, started_month)
      VALUES (@id, @playbookId, @playbookVersion, @playbookHash, @client, @incident, @severity,
        @owner, @attendees, @contacts, @rehearsal, 'in_progress', @source, @startedAt, @startedAt, ${monthOfSql("@startedAt")})`),
    eventByIdentity: s("SELECT id FROM events WHERE origin = ? AND coalesce(origin_seq, id) = ?"),
    lastEventOf: s(`SELECT e.at, o.id AS origin, coalesce(e.origin_seq, e.id) AS seq FROM events e JOIN origins o ON o.pk = e.origin
      WHERE e.session_pk = ? ORDER BY e.id DESC LIMIT 1`),
    timelineOf: s(`SELECT o.id AS origin, coalesce(e.origin_seq, e.id) AS seq, e.at, e.type, e.step, e.prompt, e.data, e.num
      FROM events e JOIN origins o ON o.pk = e.origin WHERE e.session_pk = ? ORDER BY e.id`),
    // What a session's events derive, forgotten before they are applied again in order (merge).
    // Its events are set aside (origin negated), not deleted, until their copies are in: the
    // copies then get ids above every id the file has used, so none of them can fall at or below
    // a sync's mark of what is already on the server (src/store/sync-state.ts).
    forgetDerived: (): Statement[] =>
      [
        "DELETE FROM carried_actions WHERE session_pk = ?",
        "DELETE FROM actions WHERE session_pk = ?",
        EMPTY_STATS,
        "UPDATE events SET origin = -origin WHERE session_pk = ?",
        "UPDATE sessions SET status = 'in_progress', completed_at = NULL, updated_at = started_at WHERE pk = ?",
      ].map((sql) => db.prepare(sql)),
    dropSetAside: s("DELETE FROM events WHERE session_pk = ? AND origin < 0"),
    forgetStats: s(EMPTY_STATS),
    clearCarried: s("DELETE FROM carried_actions WHERE session_pk = ? AND prompt = ?"),
    insertCarried: s("INSERT OR REPLACE INTO carried_actions (session_pk, prompt, action_id) VALUES (?, ?, ?)"),
    supersedeAction: s("UPDATE actions SET status = 'superseded' WHERE id = ?"),
    keepAction: s("UPDATE actions SET position = ?, what = ?, owner = ?, due = ? WHERE id = ?"),
    // The session's client, id, incident and rehearsal flag go with each commitment (migrations 9
    // and 16), read from the session itself.
    insertAction: s(`INSERT INTO actions (id, session_pk, event_id, prompt, position, what, owner, due, status, created_at,
        client, session_id, incident, rehearsal)
      SELECT @id, pk, @event, @prompt, @position, @what, @owner, @due, 'open', @at, client, id, incident, rehearsal
      FROM sessions WHERE pk = @session`),
    actionsByPrefix: raw(`SELECT ${ACTION_COLUMNS.sql} FROM actions a WHERE a.id >= ? AND a.id < ? ORDER BY a.created_at DESC LIMIT ?`),
    stats: (): StatsStatements => ({
      events: db.prepare(EVENTS_FOR_STATS).raw(true),
      actions: db.prepare(ACTIONS_FOR_STATS).raw(true),
      kept: db.prepare(KEPT_STATS),
      upsert: db.prepare(UPSERT_STATS),
      stepNames: new StepNames(db),
    }),
    markDone: s("UPDATE actions SET status = 'done', done_at = ?, done_note = ? WHERE id = ?"),
    markCancelled: s("UPDATE actions SET status = 'cancelled', cancelled_at = ?, cancel_reason = ? WHERE id = ?"),
    markReopened: s(`UPDATE actions SET status = 'open', done_at = NULL, done_note = NULL, cancelled_at = NULL,
      cancel_reason = NULL WHERE id = ?`),
    editAction: s(`UPDATE actions SET what = coalesce(@what, what), owner = coalesce(@owner, owner), due = coalesce(@due, due)
      WHERE id = @id`),
  });
}

/** An object whose every property is made by its maker on first read, and kept. */
function whenUsed<T extends Record<string, () => unknown>>(makers: T): { readonly [K in keyof T]: ReturnType<T[K]> } {
  const made = new Map<string, unknown>();
  const out = {};
  for (const [key, make] of Object.entries(makers)) {
    Object.defineProperty(out, key, {
      enumerable: true,
      get: () => {
        if (!made.has(key)) made.set(key, make());
        return made.get(key);
      },
    });
  }
  return out as { readonly [K in keyof T]: ReturnType<T[K]> };
}
