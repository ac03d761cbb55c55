import type { Database } from "better-sqlite3";

/**
 * How far this file has synced with each team server (sync_state, migration 15), by the server's
 * own id. `pushed`: every event of this file with a local id up to it is on the server. `pulled`:
 * every event of the server up to that seq is in this file. Both only move forward, so two
 * syncs that overlap leave the further one's mark. Writers call these inside Store.batch.
 */
export interface SyncState {
  pulled: number;
  /** "origin:seq" of the server's event numbered `pulled`, when known (migration 18). */
  pulledEvent: string | null;
  pushed: number;
  syncedAt: number | null;
}

export function readSyncState(db: Database, server: string): SyncState {
  const row = db.prepare("SELECT pulled, pulled_event AS pulledEvent, pushed, synced_at AS syncedAt FROM sync_state WHERE server = ?").get(server) as SyncState | undefined;
  return row ?? { pulled: 0, pulledEvent: null, pushed: 0, syncedAt: null };
}

/** Every server this file has synced with, by id, with its marks: what --status can say of one it cannot reach. */
export function knownServers(db: Database): Array<SyncState & { server: string }> {
  return db.prepare("SELECT server, pulled, pulled_event AS pulledEvent, pushed, synced_at AS syncedAt FROM sync_state ORDER BY server").all() as Array<
    SyncState & { server: string }
  >;
}

/** An event's global identity as sync_state keeps it. */
export function eventKey(origin: string, seq: number | string): string {
  return `${origin}:${seq}`;
}

/** Moves the marks forward (never back); the pull mark with the identity of the server's event at it. */
export function recordSync(db: Database, server: string, marks: { pulled?: number; pulledEvent?: string | null; pushed?: number; at?: number }): void {
  db.prepare(
    `INSERT INTO sync_state (server, pulled, pulled_event, pushed, synced_at) VALUES (@server, @pulled, @pulledEvent, @pushed, @at)
    ON CONFLICT (server) DO UPDATE SET pulled = max(pulled, excluded.pulled),
      pulled_event = CASE WHEN excluded.pulled > pulled THEN excluded.pulled_event
        WHEN excluded.pulled = pulled THEN coalesce(excluded.pulled_event, pulled_event) ELSE pulled_event END,
      pushed = max(pushed, excluded.pushed), synced_at = coalesce(excluded.synced_at, synced_at)`,
  ).run({ server, pulled: marks.pulled ?? 0, pulledEvent: marks.pulledEvent ?? null, pushed: marks.pushed ?? 0, at: marks.at ?? null });
}

/**
 * Forgets how far this file synced with `server`, so the next push sends every event and the
 * next pull fetches every one: for a server that went back in time (restored from an older
 * backup under the same id), whose marks no longer mean anything. The union makes sending again
 * harmless: what either side already holds is skipped.
 */
export function forgetSync(db: Database, server: string): void {
  db.prepare("UPDATE sync_state SET pulled = 0, pulled_event = NULL, pushed = 0 WHERE server = ?").run(server);
}

/**
 * The global identity of the last event this file marked as on `server` (the highest local id up
 * to `pushed`), or undefined when none is: a server that lacks it lost what it had confirmed.
 */
export function lastPushedIdentity(db: Database, pushed: number): { origin: string; seq: number } | undefined {
  if (pushed <= 0) return undefined;
  return db
    .prepare("SELECT o.id AS origin, coalesce(e.origin_seq, e.id) AS seq FROM events e JOIN origins o ON o.pk = e.origin WHERE e.id <= ? ORDER BY e.id DESC LIMIT 1")
    .get(pushed) as { origin: string; seq: number } | undefined;
}

/** The highest local event id (0 with none). */
export function lastEventId(db: Database): number {
  return db.prepare("SELECT coalesce(max(id), 0) FROM events").pluck().get() as number;
}

/** Whether the file holds no session and no event yet: a new file, or one only ever synced with nothing. */
export function holdsNothing(db: Database): boolean {
  return db.prepare("SELECT NOT EXISTS (SELECT 1 FROM sessions) AND NOT EXISTS (SELECT 1 FROM events)").pluck().get() === 1;
}

/** Events with a local id above `after`: what a push would send. */
export function eventsAfter(db: Database, after: number): number {
  return db.prepare("SELECT count(*) FROM events WHERE id > ?").pluck().get(after) as number;
}

/** This file's own id: the origin that stands for the events it held before migration 15, made at random then. */
export function fileId(db: Database): string {
  return db.prepare("SELECT id FROM origins WHERE pk = 1").pluck().get() as string;
}

/** Of these session ids, the ones this file does not hold: what a pull asks the server for. */
export function unknownSessions(db: Database, ids: Iterable<string>): string[] {
  const known = db.prepare("SELECT 1 FROM sessions WHERE id = ?").pluck();
  return [...ids].filter((id) => known.get(id) === undefined);
}

/** Of these playbook snapshot hashes, the ones this file does not hold. */
export function unknownSnapshots(db: Database, hashes: Iterable<string>): string[] {
  const known = db.prepare("SELECT 1 FROM playbook_snapshots WHERE hash = ?").pluck();
  return [...hashes].filter((hash) => known.get(hash) === undefined);
}
