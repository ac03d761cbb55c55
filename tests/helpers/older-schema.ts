/**
 * SQL that turns a database of this build back into one of schema 6 (what migrations 7 to 12
 * added, taken out again), for tests of upgrades from older files. A test that fails after a
 * new migration needs that migration undone here too.
 */
export const BACK_TO_6 = `
  DROP INDEX actions_owner;
  ALTER TABLE snapshot_facts DROP COLUMN playbook; ALTER TABLE snapshot_facts DROP COLUMN next_update_prompt;
  ALTER TABLE session_stats DROP COLUMN clocks;
  DROP INDEX actions_client; DROP INDEX session_stats_trust; DROP INDEX sessions_client;
  CREATE INDEX sessions_client_started ON sessions(client, started_at);
  ALTER TABLE actions DROP COLUMN client;
  DROP TABLE carried_actions;
  DROP INDEX events_letters;
  PRAGMA user_version = 6;`;
