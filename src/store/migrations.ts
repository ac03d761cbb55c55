import type { Database } from "better-sqlite3";
import { backfillStats, SESSION_COPIES } from "./session-stats.js";
import { SCHEMA_VERSION } from "./schema-version.js";
import { describePlaybooks, describeSnapshots } from "./describe-snapshot.js";
import { monthOfSql } from "./month-sql.js";
import { StepNames } from "./step-times.js";
import { encodeStepPairs } from "../report/step-pairs.js";
import { newId, nextUpdateId } from "./ids.js";

export { SCHEMA_VERSION, schemaState, type SchemaState } from "./schema-version.js";

/**
 * The schema, as numbered migrations. The version lives in `PRAGMA user_version`; each migration
 * runs in its own IMMEDIATE transaction that also sets the version, so a crash leaves the file at
 * one version or the next, never between. Never edit a released migration: add the next one.
 */

export interface Migration {
  version: number;
  description: string;
  sql: string;
  /**
   * What SQL alone cannot do, run after `sql` in the same transaction: e.g. filling a new table
   * with rows computed by trust's own code. It runs the code of the current build, so it must
   * keep writing only the columns its migration created.
   */
  run?: (db: Database) => void;
}

/** The columns of session_stats as migration 13 made them, which migration 19 made again. */
const SESSION_STATS_COLUMNS = `
        session_pk   INTEGER PRIMARY KEY REFERENCES sessions(pk),
        active_ms    INTEGER NOT NULL,
        step_ms      BLOB,              -- NULL when no step was timed
        trust_before REAL,
        trust_after  REAL,
        open_due     TEXT NOT NULL DEFAULT '[]',
        done_ms      TEXT NOT NULL DEFAULT '[]',
        clocks       TEXT
      `;

/** SESSION_COPIES of a trigger's row ("new"), in their order. */
const copiesOf = (row: string) => SESSION_COPIES.split(", ").map((column) => `${row}.${column}`).join(", ");

/**
 * Migration 17's triggers on session_stats, which keep client_ratings in step with each summary's
 * ratings; migration 19 makes the table again, and these with it.
 */
const CLIENT_RATINGS_STATS_TRIGGERS = `
      CREATE TRIGGER client_ratings_stats AFTER INSERT ON session_stats BEGIN
        UPDATE client_ratings SET
          before_sum = before_sum + coalesce(new.trust_before, 0), before_n = before_n + (new.trust_before IS NOT NULL),
          after_sum = after_sum + coalesce(new.trust_after, 0), after_n = after_n + (new.trust_after IS NOT NULL),
          change_sum = change_sum + coalesce(new.trust_after - new.trust_before, 0), change_n = change_n + (new.trust_after - new.trust_before IS NOT NULL)
        WHERE (rehearsal, client) = (SELECT rehearsal, client COLLATE BINARY FROM sessions WHERE pk = new.session_pk);
      END;
      CREATE TRIGGER client_ratings_stats_gone AFTER DELETE ON session_stats BEGIN
        UPDATE client_ratings SET
          before_sum = before_sum - coalesce(old.trust_before, 0), before_n = before_n - (old.trust_before IS NOT NULL),
          after_sum = after_sum - coalesce(old.trust_after, 0), after_n = after_n - (old.trust_after IS NOT NULL),
          change_sum = change_sum - coalesce(old.trust_after - old.trust_before, 0), change_n = change_n - (old.trust_after - old.trust_before IS NOT NULL)
        WHERE (rehearsal, client) = (SELECT rehearsal, client COLLATE BINARY FROM sessions WHERE pk = old.session_pk);
      END;
      -- Only when a rating changed: every answer of a call rewrites its session's summary.
      CREATE TRIGGER client_ratings_stats_changed AFTER UPDATE OF trust_before, trust_after ON session_stats
        WHEN old.trust_before IS NOT new.trust_before OR old.trust_after IS NOT new.trust_after BEGIN
        UPDATE client_ratings SET
          before_sum = before_sum - coalesce(old.trust_before, 0) + coalesce(new.trust_before, 0),
          before_n = before_n - (old.trust_before IS NOT NULL) + (new.trust_before IS NOT NULL),
          after_sum = after_sum - coalesce(old.trust_after, 0) + coalesce(new.trust_after, 0),
          after_n = after_n - (old.trust_after IS NOT NULL) + (new.trust_after IS NOT NULL),
          change_sum = change_sum - coalesce(old.trust_after - old.trust_before, 0) + coalesce(new.trust_after - new.trust_before, 0),
          change_n = change_n - (old.trust_after - old.trust_before IS NOT NULL) + (new.trust_after - new.trust_before IS NOT NULL)
        WHERE (rehearsal, client) = (SELECT rehearsal, client COLLATE BINARY FROM sessions WHERE pk = new.session_pk);
      END;`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "sessions, their event timeline, and follow-up actions",
    sql: `
      -- The playbook text a session ran, kept once per distinct text: 100,000 sessions of the
      -- same playbook share one copy instead of 100,000.
      CREATE TABLE playbook_snapshots (
        hash   TEXT PRIMARY KEY,            -- sha256 of source, lowercase hex
        source TEXT NOT NULL
      );

      CREATE TABLE sessions (
        -- A local integer key for events and actions to point at (compact and fast to join);
        -- the random id is the global identity, so merging databases only renumbers pk.
        pk               INTEGER PRIMARY KEY,
        id               TEXT NOT NULL UNIQUE,        -- 32 lowercase hex characters
        playbook_id      TEXT NOT NULL,
        playbook_version INTEGER NOT NULL,
        playbook_hash    TEXT NOT NULL REFERENCES playbook_snapshots(hash),
        client           TEXT NOT NULL COLLATE NOCASE,
        incident         TEXT NOT NULL,
        severity         TEXT NOT NULL,
        owner            TEXT NOT NULL COLLATE NOCASE,
        attendees        TEXT NOT NULL DEFAULT '[]',  -- JSON array of names
        rehearsal        INTEGER NOT NULL DEFAULT 0,  -- 1: a practice run, left out of reports
        status           TEXT NOT NULL DEFAULT 'in_progress',  -- in_progress | completed | abandoned
        started_at       INTEGER NOT NULL,            -- times are epoch milliseconds
        updated_at       INTEGER NOT NULL,
        completed_at     INTEGER
      );

      -- Append-only: nothing here is ever updated or deleted. The current answer to a prompt is
      -- its latest answered/skipped row.
      CREATE TABLE events (
        id         INTEGER PRIMARY KEY,               -- also the order of the timeline
        session_pk INTEGER NOT NULL REFERENCES sessions(pk),
        at         INTEGER NOT NULL,
        type       TEXT NOT NULL,
        step       TEXT,
        prompt     TEXT,
        data       TEXT,   -- JSON object: the rest of the event (value, text, to, action, note), or NULL
        num        REAL    -- an answer that is a number (rating, number), so aggregates need no JSON
      );

      CREATE TABLE actions (
        id         TEXT PRIMARY KEY,                  -- 32 lowercase hex characters
        session_pk INTEGER NOT NULL REFERENCES sessions(pk),
        event_id   INTEGER NOT NULL REFERENCES events(id),  -- the answer that recorded it
        prompt     TEXT NOT NULL,
        position   INTEGER NOT NULL,                  -- its place in that answer
        what       TEXT NOT NULL,
        owner      TEXT NOT NULL COLLATE NOCASE,
        due        TEXT NOT NULL,                     -- YYYY-MM-DD
        status     TEXT NOT NULL DEFAULT 'open',      -- open | done | superseded
        created_at INTEGER NOT NULL,
        done_at    INTEGER,
        done_note  TEXT
      );
    `,
  },
  {
    version: 2,
    description: "indexes for listings, resume and reports",
    sql: `
      -- trust sessions (--since/--until, newest first), per client, per playbook.
      CREATE INDEX sessions_started ON sessions(started_at);
      CREATE INDEX sessions_client_started ON sessions(client, started_at);
      CREATE INDEX sessions_playbook_started ON sessions(playbook_id, started_at);
      -- trust resume: the newest unfinished session.
      CREATE INDEX sessions_status_updated ON sessions(status, updated_at);
      -- A session's timeline: index entries sort by rowid within a session, so this is (session, id).
      CREATE INDEX events_session ON events(session_pk);
      -- The latest answer to each prompt of a session (current answers, ratings per metric).
      CREATE INDEX events_prompt ON events(session_pk, prompt) WHERE prompt IS NOT NULL;
      -- trust actions --open/--overdue: by status, then due date.
      CREATE INDEX actions_status_due ON actions(status, due);
      -- Superseding the actions of a prompt when its answer changes; a session's actions.
      CREATE INDEX actions_session_prompt ON actions(session_pk, prompt);
    `,
  },
  {
    version: 3,
    description: "what reports need, kept as it is written: facts per playbook snapshot, a summary per session",
    sql: `
      -- Read from each snapshot's YAML once, when it is stored (see src/store/snapshot-facts.ts),
      -- rather than by every report.
      CREATE TABLE snapshot_facts (
        hash                TEXT PRIMARY KEY REFERENCES playbook_snapshots(hash),
        playbook_id         TEXT NOT NULL,   -- the id in the source ('' when it cannot be read)
        steps               TEXT NOT NULL,   -- JSON array of step ids, in playbook order
        trust_before_prompt TEXT,            -- the rating prompt with metric trust_before, if any
        trust_after_prompt  TEXT             -- the rating prompt with metric trust_after, if any
      );

      -- One row per session that has events, derived from its events (and, from version 4, its
      -- actions) again in the transaction of each event (see src/store/session-stats.ts): walking
      -- ~20 events per session is what made a report over 100,000 sessions take seconds.
      CREATE TABLE session_stats (
        session_pk   INTEGER PRIMARY KEY REFERENCES sessions(pk),
        active_ms    INTEGER NOT NULL,  -- call time, paused gaps left out, as replay() computes it
        steps        TEXT NOT NULL,     -- JSON [[step id, ms], ...] in the order first started
        trust_before REAL,              -- latest answer to the snapshot's trust_before prompt; NULL if none, skipped or not a number
        trust_after  REAL               -- likewise for trust_after
      );
    `,
    // The summaries are derived by migration 4, which added columns to them.
    run: describeSnapshots,
  },
  {
    version: 4,
    description: "commitments in the per-session summary; every summary derived from the events and actions",
    sql: `
      ALTER TABLE session_stats ADD COLUMN open_due TEXT NOT NULL DEFAULT '[]';  -- JSON array: due date of each open commitment (overdue depends on the day)
      ALTER TABLE session_stats ADD COLUMN done_ms TEXT NOT NULL DEFAULT '[]';   -- JSON array: done_at - created_at of each done commitment
    `,
    run: backfillStats,
  },
  {
    version: 5,
    description: "the timeline may hold 'kept' events (a revisited step left with its answers)",
    // No table changes: the version tells an older trust, which cannot read such events, to
    // refuse the file instead of failing on its first 'kept' event.
    sql: "",
  },
  {
    version: 6,
    description: "commitments that can be cancelled; the client's people on a session",
    sql: `
      -- status may now also be 'cancelled' (action_cancelled events); the reason stays with it.
      ALTER TABLE actions ADD COLUMN cancelled_at INTEGER;
      ALTER TABLE actions ADD COLUMN cancel_reason TEXT;
      -- The client's people on the call, as a JSON array of {name, email?}; attendees (our
      -- side) may now hold such objects too, beside the plain names older versions wrote.
      ALTER TABLE sessions ADD COLUMN contacts TEXT NOT NULL DEFAULT '[]';
    `,
  },
  {
    version: 7,
    description: "the letters recorded for a client, found without walking every event",
    sql: `
      -- trust client and the history on the call show when the last letter was recorded: a
      -- client with 2,000 sessions has some 60,000 events, a handful of them letters.
      CREATE INDEX events_letters ON events(session_pk, at) WHERE type = 'letter';
    `,
  },
  {
    version: 8,
    description: "commitments of earlier calls carried into a later call with the same client",
    sql: `
      -- A commitment stays with the call that made it (its row in actions, counted once); a later
      -- call whose commitments answer names it by id re-confirms it there. Derived from each
      -- answer as it is saved, like the action rows, so a session lists what its call promised.
      CREATE TABLE carried_actions (
        session_pk INTEGER NOT NULL REFERENCES sessions(pk),  -- the later call
        prompt     TEXT NOT NULL,                             -- its commitments prompt
        action_id  TEXT NOT NULL REFERENCES actions(id),
        PRIMARY KEY (session_pk, action_id)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 9,
    description: "a client's calls, ratings and commitments readable in one run of index pages",
    sql: `
      -- trust client and the history on the call read one client's sessions, their ratings and
      -- commitments. Those rows lie scattered over the file (the busiest client's 2,000 sessions
      -- among 100,000 cost a page read each, most of the page's time). These indexes hold what
      -- the page shows in client order, so it reads a few dozen pages in a row instead.
      -- The first columns are those of sessions_client_started, which it replaces.
      DROP INDEX sessions_client_started;
      CREATE INDEX sessions_client ON sessions(client, started_at, pk, id, status, completed_at, incident, severity,
        playbook_id, owner, rehearsal, contacts);
      CREATE INDEX session_stats_trust ON session_stats(session_pk, trust_before, trust_after);
      -- The session's client, copied when the commitment is made (a session's client never changes).
      ALTER TABLE actions ADD COLUMN client TEXT NOT NULL DEFAULT '' COLLATE NOCASE;
      UPDATE actions SET client = (SELECT client FROM sessions WHERE pk = actions.session_pk);
      CREATE INDEX actions_client ON actions(client, status, due, created_at, id, session_pk, what, owner, done_at,
        done_note, cancelled_at, cancel_reason);
    `,
  },
  {
    version: 10,
    description: "the call clocks kept with each session's summary, so an append folds in one event",
    sql: `
      -- The state of the call and step clocks after the session's last event (src/session/clock.ts,
      -- JSON), so each append folds in its own event instead of walking the whole timeline again:
      -- a 1,000-step session took seconds. NULL (written before this version): derived from the
      -- events at the next append, as before.
      ALTER TABLE session_stats ADD COLUMN clocks TEXT;
    `,
  },
  {
    version: 11,
    description: "what reads need of a snapshot, so they never parse its YAML: the playbook as checked, and the next update's prompt",
    sql: `
      -- JSON of the playbook as it was checked when the snapshot was stored (NULL when it does not
      -- check); show, export and letter read it instead of parsing and checking the YAML again.
      ALTER TABLE snapshot_facts ADD COLUMN playbook TEXT;
      -- The date prompt marked letter: next, whose answer becomes the owner's commitment.
      ALTER TABLE snapshot_facts ADD COLUMN next_update_prompt TEXT;
    `,
    run: describePlaybooks,
  },
  {
    version: 12,
    description: "one owner's commitments by state and due date: the CI gate (actions --overdue --fail --owner)",
    sql: `
      -- Through actions_status_due the gate read every overdue commitment of every owner (35 ms
      -- warm, 130 ms cold on the 100,000-session bench file) to keep one owner's few; the store
      -- names this index for an owner filter (src/store/filters.ts).
      CREATE INDEX actions_owner ON actions(owner, status, due);
    `,
  },
  {
    version: 13,
    description: "what the report groups and times by, kept compact: each session's month, and time per step as numbers",
    sql: `
      -- Step ids by number, for session_stats.step_ms (src/store/step-times.ts).
      CREATE TABLE step_names (
        id   INTEGER PRIMARY KEY,
        step TEXT NOT NULL UNIQUE
      );
      -- The UTC month the session started in, year * 12 + month - 1 (src/store/month-sql.ts).
      ALTER TABLE sessions ADD COLUMN started_month INTEGER NOT NULL DEFAULT 0;
      UPDATE sessions SET started_month = ${monthOfSql("started_at")};
      -- Every column of sessions the report reads or filters on, in month order: it reads this
      -- (5 MB at 100,000 sessions) in order instead of the 30 MB table, and groups by month unsorted.
      CREATE INDEX sessions_report ON sessions(started_month, rehearsal, status, client, owner, playbook_id, started_at);
      -- The summary, made again (run below, then renamed) with what the report reads kept small,
      -- since it reads every row: step times as [step id, ms] pairs of little-endian float64s
      -- instead of JSON, and the clocks of completed sessions left out (an append after completion
      -- folds the timeline again once, src/store/session-stats.ts).
      CREATE TABLE session_stats_13 (${SESSION_STATS_COLUMNS});
    `,
    run: compactStats,
  },
  {
    version: 14,
    description: "how each session was run, live on the call or from an answers file, so call times count live calls only",
    sql: `
      -- live: walked through on the call screen; file: recorded at once by trust start --answers.
      ALTER TABLE sessions ADD COLUMN source TEXT NOT NULL DEFAULT 'live';
      -- Before this version a file run was told apart only by its timeline: written whole at one
      -- instant, so it completed the millisecond it started, which no call on the screen does.
      UPDATE sessions SET source = 'file' WHERE status = 'completed' AND completed_at = started_at;
      -- The report's index, with the source it now filters and times by, in month and playbook
      -- order: it sums per month and playbook (steps are timed per playbook) without sorting.
      DROP INDEX sessions_report;
      CREATE INDEX sessions_report ON sessions(started_month, playbook_id, rehearsal, status, source, client, owner, started_at);
    `,
  },
  {
    version: 15,
    description: "every event with a global identity, so files and the team's server merge by union (trust import, trust sync)",
    sql: `
      -- Who wrote an event: each trust process that writes gets a random id of its own (a copied
      -- file then never writes an event another copy could mistake for its own). Row 1 stands for
      -- every event this file held before this version.
      CREATE TABLE origins (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE          -- 32 lowercase hex characters
      );
      -- An event's global identity is (its origin's id, seq); seq is the event's id in the file
      -- its origin wrote it to: NULL here while that is this row's id, set when it came from
      -- elsewhere or was put back in order by a merge (src/store/merge.ts).
      ALTER TABLE events ADD COLUMN origin INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE events ADD COLUMN origin_seq INTEGER;
      CREATE UNIQUE INDEX events_origin ON events(origin, coalesce(origin_seq, id));
      -- How far this file has synced with each server, by the server's own id: a server that was
      -- wiped and made again has a new id, and everything is pushed to it again.
      CREATE TABLE sync_state (
        server    TEXT PRIMARY KEY,
        pulled    INTEGER NOT NULL DEFAULT 0,   -- the server's last event seq pulled
        pushed    INTEGER NOT NULL DEFAULT 0,   -- events.id up to which every event is on the server
        synced_at INTEGER                      -- when the last sync with it finished
      );
    `,
    run: globalIds,
  },
  {
    version: 16,
    description: "each commitment with its session's id, incident and rehearsal flag, so listing one owner's commitments reads one index",
    sql: `
      -- Copied when the commitment is made, like its client (migration 9): none of them changes
      -- once the call has started. A listing of commitments then reads them from the commitment,
      -- and the CI gate (one owner's open or overdue commitments) is one range of actions_owner,
      -- which holds every column it prints; before, each commitment cost a read of its own row and
      -- one of its session's, both scattered over the file (issue 11).
      ALTER TABLE actions ADD COLUMN session_id TEXT NOT NULL DEFAULT '';
      ALTER TABLE actions ADD COLUMN incident TEXT NOT NULL DEFAULT '';
      ALTER TABLE actions ADD COLUMN rehearsal INTEGER NOT NULL DEFAULT 0;
      UPDATE actions SET (session_id, incident, rehearsal) = (SELECT id, incident, rehearsal FROM sessions WHERE pk = actions.session_pk);
      DROP INDEX actions_owner;
      CREATE INDEX actions_owner ON actions(owner, status, due, created_at, session_pk, position, id, session_id, client, incident,
        rehearsal, prompt, what, done_at, done_note, cancelled_at, cancel_reason);
    `,
  },
  {
    version: 17,
    description: "commitments counted per owner, month due and state, and ratings summed per client, as they change: the HTML report's figures read a few rows",
    sql: `
      -- The counted commitments (open and done; superseded and cancelled ones count nowhere) per
      -- owner as spelled, month due and state, kept by the triggers below on every write to
      -- actions, whoever makes it (a call, trust actions, a merge, a migration). An unfiltered
      -- report (the HTML page, --group-by owner) sums these few thousand rows instead of reading
      -- every commitment with its session: 0.3 s at 132,000 commitments (issue 12). Which open
      -- ones are overdue depends on the day of the report: all of a month before it, none after,
      -- and in its own month those due before it, read from actions_owner.
      CREATE TABLE commitment_months (
        rehearsal INTEGER NOT NULL,
        owner     TEXT NOT NULL COLLATE BINARY,  -- as spelled: the report names a group by its earliest spelling
        month     TEXT NOT NULL,                 -- YYYY-MM, of the due day
        status    TEXT NOT NULL,                 -- open | done
        n         INTEGER NOT NULL,
        PRIMARY KEY (rehearsal, owner, month, status)
      ) WITHOUT ROWID;
      INSERT INTO commitment_months (rehearsal, owner, month, status, n)
        SELECT rehearsal, owner COLLATE BINARY, substr(due, 1, 7), status, count(*) FROM actions WHERE status IN ('open', 'done')
        GROUP BY rehearsal, owner COLLATE BINARY, substr(due, 1, 7), status;
      CREATE TRIGGER commitment_months_insert AFTER INSERT ON actions WHEN new.status IN ('open', 'done') BEGIN
        INSERT INTO commitment_months (rehearsal, owner, month, status, n) VALUES (new.rehearsal, new.owner, substr(new.due, 1, 7), new.status, 1)
          ON CONFLICT DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER commitment_months_delete AFTER DELETE ON actions WHEN old.status IN ('open', 'done') BEGIN
        UPDATE commitment_months SET n = n - 1 WHERE rehearsal = old.rehearsal AND owner = old.owner AND month = substr(old.due, 1, 7) AND status = old.status;
        DELETE FROM commitment_months WHERE rehearsal = old.rehearsal AND owner = old.owner AND month = substr(old.due, 1, 7) AND status = old.status AND n <= 0;
      END;
      -- COLLATE BINARY: actions.owner compares without case, and "sam" edited to "Sam" moves it.
      CREATE TRIGGER commitment_months_update AFTER UPDATE OF rehearsal, owner, due, status ON actions
        WHEN old.rehearsal <> new.rehearsal OR old.owner COLLATE BINARY <> new.owner OR substr(old.due, 1, 7) <> substr(new.due, 1, 7)
          OR old.status <> new.status BEGIN
        UPDATE commitment_months SET n = n - 1
          WHERE old.status IN ('open', 'done') AND rehearsal = old.rehearsal AND owner = old.owner AND month = substr(old.due, 1, 7) AND status = old.status;
        DELETE FROM commitment_months
          WHERE rehearsal = old.rehearsal AND owner = old.owner AND month = substr(old.due, 1, 7) AND status = old.status AND n <= 0;
        INSERT INTO commitment_months (rehearsal, owner, month, status, n)
          SELECT new.rehearsal, new.owner, substr(new.due, 1, 7), new.status, 1 WHERE new.status IN ('open', 'done')
          ON CONFLICT DO UPDATE SET n = n + 1;
      END;
      -- How long each done commitment took, by owner: the median per owner is read from here
      -- without touching the commitments themselves.
      CREATE INDEX actions_done_time ON actions(rehearsal, owner, done_at - created_at) WHERE status = 'done' AND done_at IS NOT NULL;

      -- Sessions and their trust ratings summed per client as spelled, kept by triggers on
      -- sessions and on each session's summary: the HTML report's trust per client (issue 12).
      CREATE TABLE client_ratings (
        rehearsal  INTEGER NOT NULL,
        client     TEXT NOT NULL COLLATE BINARY,
        sessions   INTEGER NOT NULL,
        before_sum REAL NOT NULL, before_n INTEGER NOT NULL,
        after_sum  REAL NOT NULL, after_n  INTEGER NOT NULL,
        change_sum REAL NOT NULL, change_n INTEGER NOT NULL,
        PRIMARY KEY (rehearsal, client)
      ) WITHOUT ROWID;
      INSERT INTO client_ratings
        SELECT s.rehearsal, s.client COLLATE BINARY, count(*),
          coalesce(sum(st.trust_before), 0), count(st.trust_before), coalesce(sum(st.trust_after), 0), count(st.trust_after),
          coalesce(sum(st.trust_after - st.trust_before), 0), count(st.trust_after - st.trust_before)
        FROM sessions s LEFT JOIN session_stats st ON st.session_pk = s.pk
        GROUP BY s.rehearsal, s.client COLLATE BINARY;
      CREATE TRIGGER client_ratings_session AFTER INSERT ON sessions BEGIN
        INSERT INTO client_ratings VALUES (new.rehearsal, new.client, 1, 0, 0, 0, 0, 0, 0)
          ON CONFLICT DO UPDATE SET sessions = sessions + 1;
      END;
      -- A session's client and rehearsal flag never change once it started; a session is never
      -- deleted but with its summary, which the triggers below take out first.
      CREATE TRIGGER client_ratings_session_gone AFTER DELETE ON sessions BEGIN
        UPDATE client_ratings SET sessions = sessions - 1 WHERE rehearsal = old.rehearsal AND client = old.client;
      END;
      ${CLIENT_RATINGS_STATS_TRIGGERS}
    `,
  },
  {
    version: 18,
    description: "which event of the team server the pull mark stands at, so a server restored from an older backup is noticed",
    sql: `
      -- "origin:seq" of the server's event numbered \`pulled\`. A server restored from an older
      -- backup keeps its id and numbers new events again from where the backup left off: the mark
      -- would then skip them. The next sync finds another event (or none) at that number, and
      -- sends and fetches everything again (src/sync/transfer.ts, serverWentBack).
      ALTER TABLE sync_state ADD COLUMN pulled_event TEXT;
    `,
  },
  {
    version: 19,
    description: "time per step kept in a quarter of the space, so the report reads a smaller summary of every session",
    sql: `
      -- The summary made again (run below, then renamed), its step_ms in the bytes of
      -- src/report/step-pairs.ts instead of migration 13's float64s: at 100,000 sessions 22 MB
      -- became 9.5 MB, and the report's SQL over it a third faster (issue 11).
      CREATE TABLE session_stats_19 (${SESSION_STATS_COLUMNS});
    `,
    run: smallerStepTimes,
  },
  {
    version: 20,
    description: "every session's summary carries what the report groups and filters it by, so the whole report reads one index in order",
    sql: `
      -- An unfiltered report joined each session (sessions_report, in month order) with its
      -- summary, a lookup by key per session: most of its SQL time at 100,000 sessions. The
      -- session columns it groups and filters by, kept on the summary too (copied from sessions,
      -- and kept in step by the triggers below), let it read one covering index in month and
      -- playbook order instead: in the sqlite3 shell 0.6 of the time (issue 11).
      ALTER TABLE session_stats ADD COLUMN started_month INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE session_stats ADD COLUMN playbook_id TEXT NOT NULL DEFAULT '';
      ALTER TABLE session_stats ADD COLUMN rehearsal INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE session_stats ADD COLUMN status TEXT NOT NULL DEFAULT 'in_progress';
      ALTER TABLE session_stats ADD COLUMN source TEXT NOT NULL DEFAULT 'live';
      UPDATE session_stats SET (${SESSION_COPIES}) = (SELECT ${SESSION_COPIES} FROM sessions WHERE pk = session_pk);
      -- Every session has a summary from now on, so the report counts sessions from summaries
      -- alone: an empty one (no time, no rating, no commitment) for a session without events.
      INSERT INTO session_stats (session_pk, active_ms, ${SESSION_COPIES})
        SELECT pk, 0, ${SESSION_COPIES} FROM sessions WHERE pk NOT IN (SELECT session_pk FROM session_stats);
      CREATE TRIGGER session_stats_session AFTER INSERT ON sessions BEGIN
        INSERT INTO session_stats (session_pk, active_ms, ${SESSION_COPIES})
          VALUES (new.pk, 0, ${copiesOf("new")}) ON CONFLICT DO NOTHING;
      END;
      CREATE TRIGGER session_stats_session_changed AFTER UPDATE OF ${SESSION_COPIES} ON sessions BEGIN
        UPDATE session_stats SET (${SESSION_COPIES}) = (${copiesOf("new")}) WHERE session_pk = new.pk;
      END;
      -- Every column an unfiltered report reads, grouped in the order it reads them.
      CREATE INDEX session_stats_report ON session_stats(started_month, playbook_id, rehearsal, status, source,
        trust_before, trust_after, active_ms, open_due, done_ms, step_ms);
    `,
  },
];

// Kept in a module of its own, which the lean read path can load without the migrations'
// code (and the YAML parser behind it); a build whose list disagrees with it fails at once.
if (MIGRATIONS.at(-1)?.version !== SCHEMA_VERSION) {
  throw new Error(`SCHEMA_VERSION (${SCHEMA_VERSION}) is not the last migration's version (${MIGRATIONS.at(-1)?.version})`);
}

/** A migration that failed, and those that ran whole before it (each committed). */
export class MigrationFailed extends Error {
  override name = "MigrationFailed";
  constructor(
    readonly version: number,
    readonly applied: readonly number[],
    override readonly cause: unknown,
  ) {
    super(`migration ${version} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/**
 * Applies the migrations above the file's version, up to `target`, each in its own transaction.
 * Another process may be migrating the same file: the version is read again under the write lock,
 * so each migration runs once. Returns the versions applied here.
 */
export function migrate(db: Database, target = SCHEMA_VERSION, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version > target) break;
    try {
      if (migrateTo(db, migration)) applied.push(migration.version);
    } catch (err) {
      // SQLITE_BUSY and the like are the store's to explain; a migration that cannot apply
      // (a file whose recorded version does not match its tables) is said as such.
      if (typeof (err as { code?: unknown }).code === "string" && /^SQLITE_(BUSY|LOCKED|FULL|IOERR|CORRUPT|NOTADB|READONLY)/.test((err as { code: string }).code)) throw err;
      throw new MigrationFailed(migration.version, applied, err);
    }
  }
  return applied;
}

/** Runs one migration unless the file is already past it; whether it ran. */
function migrateTo(db: Database, migration: Migration): boolean {
  return db
    .transaction(() => {
      const current = db.pragma("user_version", { simple: true }) as number;
      if (current >= migration.version) return false;
      db.exec(migration.sql);
      migration.run?.(db);
      // PRAGMA takes no bound parameters; the version is an integer from the list above.
      db.pragma(`user_version = ${Math.trunc(migration.version)}`);
      return true;
    })
    .immediate();
}

/** Summaries copied at once by compactStats: bounds memory, since a connection cannot write while it iterates. */
const COMPACT_CHUNK = 2000;

/** Migration 13's step: every summary into the new table, its step times as step_ms; the new table then takes the old one's place. */
function compactStats(db: Database): void {
  const names = new StepNames(db);
  const read = db
    .prepare(
      `SELECT st.session_pk, st.active_ms, st.steps, st.trust_before, st.trust_after, st.open_due, st.done_ms,
        CASE WHEN s.status = 'completed' THEN NULL ELSE st.clocks END
      FROM session_stats st JOIN sessions s ON s.pk = st.session_pk WHERE st.session_pk > ? ORDER BY st.session_pk LIMIT ?`,
    )
    .raw(true);
  const write = db.prepare("INSERT INTO session_stats_13 VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  for (let after = -Infinity; ; ) {
    const rows = read.all(after, COMPACT_CHUNK) as Array<[number, number, string, ...unknown[]]>;
    if (rows.length === 0) break;
    for (const [pk, activeMs, steps, ...rest] of rows) write.run(pk, activeMs, float64StepMs(JSON.parse(steps) as Array<[string, number]>, names), ...rest);
    after = rows.at(-1)![0];
  }
  db.exec(`
    DROP TABLE session_stats;
    ALTER TABLE session_stats_13 RENAME TO session_stats;
    CREATE INDEX session_stats_trust ON session_stats(session_pk, trust_before, trust_after);
  `);
}

/** Step times as migration 13 wrote them, which migration 19 reads: [step id, ms] pairs of little-endian float64s. */
function float64StepMs(steps: ReadonlyArray<readonly [step: string, ms: number]>, names: StepNames): Buffer | null {
  if (steps.length === 0) return null;
  const out = Buffer.alloc(steps.length * 16);
  steps.forEach(([step, ms], i) => {
    out.writeDoubleLE(names.idOf(step), i * 16);
    out.writeDoubleLE(ms, i * 16 + 8);
  });
  return out;
}

/**
 * Migration 19's step: every summary into the new table, its step times from migration 13's
 * float64s into step-pairs bytes, in one statement through a function of this connection; the
 * new table then takes the old one's place, with the index and triggers the old one had.
 */
function smallerStepTimes(db: Database): void {
  db.function("trust_step_pairs", { deterministic: true }, (float64s: unknown) => {
    if (float64s === null) return null;
    if (!Buffer.isBuffer(float64s) || float64s.length % 16 !== 0) throw new Error("a summary holds step times trust did not write");
    const pairs: Array<[number, number]> = [];
    // Whole milliseconds, as the clocks make them; a fraction would not be, and is rounded.
    for (let at = 0; at < float64s.length; at += 16) pairs.push([float64s.readDoubleLE(at), Math.max(0, Math.round(float64s.readDoubleLE(at + 8)))]);
    return encodeStepPairs(pairs);
  });
  db.exec(`
    INSERT INTO session_stats_19 SELECT session_pk, active_ms, trust_step_pairs(step_ms), trust_before, trust_after, open_due, done_ms, clocks
      FROM session_stats ORDER BY session_pk;
    DROP TABLE session_stats;
    ALTER TABLE session_stats_19 RENAME TO session_stats;
    CREATE INDEX session_stats_trust ON session_stats(session_pk, trust_before, trust_after);
    ${CLIENT_RATINGS_STATS_TRIGGERS}
  `);
}

/**
 * Migration 15's step: the origin of the events already here, and the "next update" commitments
 * given the ids every file derives alike from the answer that made them (nextUpdateId), which
 * before were random: merged into another file, such a commitment would otherwise get another
 * id there, and its done or edited events would name a commitment that file does not have. The
 * old id is replaced wherever this file names it.
 */
function globalIds(db: Database): void {
  const legacy = newId();
  db.prepare("INSERT INTO origins (pk, id) VALUES (1, ?)").run(legacy);
  const made = db
    .prepare(
      `SELECT a.id AS old, s.id AS session, e.id AS seq FROM actions a JOIN events e ON e.id = a.event_id
      JOIN sessions s ON s.pk = a.session_pk WHERE e.type = 'answered' AND json_type(e.data, '$.value') = 'text'`,
    )
    .all() as Array<{ old: string; session: string; seq: number }>;
  if (made.length === 0) return;
  // The ids change in three tables at once; their references are checked when the migration commits.
  db.pragma("defer_foreign_keys = ON");
  const renamed = new Map<string, string>();
  const action = db.prepare("UPDATE actions SET id = ? WHERE id = ?");
  const carried = db.prepare("UPDATE carried_actions SET action_id = ? WHERE action_id = ?");
  for (const { old, session, seq } of made) {
    const id = nextUpdateId(session, legacy, seq);
    renamed.set(old, id);
    action.run(id, old);
    carried.run(id, old);
  }
  // Events name a commitment by id in a change to it (action_*) or in a commitments answer that
  // carried it; an id is 32 hex characters, so as text it names that commitment and nothing else.
  // One pass over the events, rather than one per commitment.
  const naming = db
    .prepare(
      `SELECT id, data FROM events WHERE data IS NOT NULL
        AND (type IN ('action_done', 'action_edited', 'action_cancelled', 'action_reopened')
          OR (type = 'answered' AND json_type(data, '$.value') = 'array'))`,
    )
    .raw(true);
  const changed: Array<[string, number]> = [];
  for (const [id, data] of naming.iterate() as IterableIterator<[number, string]>) {
    const replaced = data.replace(/[0-9a-f]{32}/g, (hex) => renamed.get(hex) ?? hex);
    if (replaced !== data) changed.push([replaced, id]);
  }
  const write = db.prepare("UPDATE events SET data = ? WHERE id = ?");
  for (const [data, id] of changed) write.run(data, id);
}
