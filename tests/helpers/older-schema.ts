import type Database from "better-sqlite3";
import { stepTimes } from "./step-times.js";

/** Schema 19: migration 20 undone, the summaries without their session's columns, and none for a session without events. */
export function backTo19(db: Database.Database): void {
  db.exec(`DROP TRIGGER session_stats_session; DROP TRIGGER session_stats_session_changed; DROP INDEX session_stats_report;
    ALTER TABLE session_stats DROP COLUMN started_month; ALTER TABLE session_stats DROP COLUMN playbook_id;
    ALTER TABLE session_stats DROP COLUMN rehearsal; ALTER TABLE session_stats DROP COLUMN status; ALTER TABLE session_stats DROP COLUMN source;
    DELETE FROM session_stats WHERE session_pk NOT IN (SELECT session_pk FROM events);
    PRAGMA user_version = 19;`);
}

/** Schema 18: migration 19 undone, the step times as [step id, ms] pairs of float64s again. */
export function backTo18(db: Database.Database): void {
  backTo19(db);
  const rows = db.prepare("SELECT session_pk, step_ms FROM session_stats WHERE step_ms IS NOT NULL").raw(true).all() as Array<[number, Buffer]>;
  const write = db.prepare("UPDATE session_stats SET step_ms = ? WHERE session_pk = ?");
  const ids = new Map([...stepNameIds(db)].map(([id, step]) => [step, id]));
  for (const [pk, stepMs] of rows) {
    const pairs = stepTimes(db, stepMs);
    const out = Buffer.alloc(pairs.length * 16);
    pairs.forEach(([step, ms], i) => {
      out.writeDoubleLE(ids.get(step)!, i * 16);
      out.writeDoubleLE(ms, i * 16 + 8);
    });
    write.run(out, pk);
  }
  db.exec("PRAGMA user_version = 18;");
}

function stepNameIds(db: Database.Database): Map<number, string> {
  return new Map(db.prepare("SELECT id, step FROM step_names").raw(true).all() as Array<[number, string]>);
}

/** Schema 17: migration 18 undone, the pull mark without the identity of its event. */
export function backTo17(db: Database.Database): void {
  backTo18(db);
  db.exec("ALTER TABLE sync_state DROP COLUMN pulled_event; PRAGMA user_version = 17;");
}

/** Schema 16: migration 17 undone, no counts of commitments per owner and month due or ratings per client. */
export function backTo16(db: Database.Database): void {
  backTo17(db);
  db.exec(`DROP TRIGGER commitment_months_insert; DROP TRIGGER commitment_months_delete; DROP TRIGGER commitment_months_update;
    DROP TABLE commitment_months; DROP INDEX actions_done_time;
    DROP TRIGGER client_ratings_session; DROP TRIGGER client_ratings_session_gone; DROP TRIGGER client_ratings_stats;
    DROP TRIGGER client_ratings_stats_gone; DROP TRIGGER client_ratings_stats_changed; DROP TABLE client_ratings;
    PRAGMA user_version = 16;`);
}

/** Schema 15: migration 16 undone, the commitments without their session's id, incident and rehearsal flag. */
export function backTo15(db: Database.Database): void {
  backTo16(db);
  db.exec(`DROP INDEX actions_owner; ALTER TABLE actions DROP COLUMN session_id; ALTER TABLE actions DROP COLUMN incident;
    ALTER TABLE actions DROP COLUMN rehearsal; CREATE INDEX actions_owner ON actions(owner, status, due); PRAGMA user_version = 15;`);
}

/** Schema 14: migration 15 undone, the events without their origins, no sync state. */
export function backTo14(db: Database.Database): void {
  backTo15(db);
  db.exec(`DROP INDEX events_origin; ALTER TABLE events DROP COLUMN origin_seq; ALTER TABLE events DROP COLUMN origin;
    DROP TABLE origins; DROP TABLE sync_state; PRAGMA user_version = 14;`);
}

/**
 * Turns a database of this build back into one of schema 13: migrations 19 to 14 undone, the sessions'
 * source gone and the report's index as 13 made it. A test that fails after a new migration needs
 * that migration undone here too.
 */
export function backTo13(db: Database.Database): void {
  backTo14(db);
  db.exec(`DROP INDEX sessions_report; ALTER TABLE sessions DROP COLUMN source;
    CREATE INDEX sessions_report ON sessions(started_month, rehearsal, status, client, owner, playbook_id, started_at);
    PRAGMA user_version = 13;`);
}

/** Schema 12: migration 13 undone too, the step times back in JSON. */
export function backTo12(db: Database.Database): void {
  backTo13(db);
  // Float64 pairs by now (backTo18).
  const names = stepNameIds(db);
  const rows = db.prepare("SELECT session_pk, step_ms FROM session_stats").raw(true).all() as Array<[number, Buffer | null]>;
  const steps = rows.map(([pk, stepMs]) => {
    const pairs: Array<[string, number]> = [];
    for (let at = 0; stepMs !== null && at < stepMs.length; at += 16) pairs.push([names.get(stepMs.readDoubleLE(at))!, stepMs.readDoubleLE(at + 8)]);
    return [pk, JSON.stringify(pairs)] as const;
  });
  db.exec(`ALTER TABLE session_stats ADD COLUMN steps TEXT NOT NULL DEFAULT '[]'; ALTER TABLE session_stats DROP COLUMN step_ms;
    DROP TABLE step_names; DROP INDEX sessions_report; ALTER TABLE sessions DROP COLUMN started_month; PRAGMA user_version = 12;`);
  const write = db.prepare("UPDATE session_stats SET steps = ? WHERE session_pk = ?");
  for (const [pk, json] of steps) write.run(json, pk);
}

/**
 * Turns a database of this build back into one of schema 6 (what migrations 7 to 13 added, taken
 * out again), for tests of upgrades from older files.
 */
export function backTo6(db: Database.Database): void {
  backTo12(db);
  db.exec(TO_6_FROM_12);
}

const TO_6_FROM_12 = `
  DROP INDEX actions_owner;
  ALTER TABLE snapshot_facts DROP COLUMN playbook; ALTER TABLE snapshot_facts DROP COLUMN next_update_prompt;
  ALTER TABLE session_stats DROP COLUMN clocks;
  DROP INDEX actions_client; DROP INDEX session_stats_trust; DROP INDEX sessions_client;
  CREATE INDEX sessions_client_started ON sessions(client, started_at);
  ALTER TABLE actions DROP COLUMN client;
  DROP TABLE carried_actions;
  DROP INDEX events_letters;
  PRAGMA user_version = 6;`;
