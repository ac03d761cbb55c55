import type { Database } from "better-sqlite3";

/**
 * How far this file has synced with each team server (sync_state, migration 15), by the server's
 * own id. `pushed`: every event of this file with a local id up to it is on the server. `pulled`:
 * every event of the server up to that seq is in this file. Both only move forward, so two
 * syncs that overlap leave the further one's mark. Writers call these inside Store.batch.
 */
export interface SyncState {
  pulled: number;
  pushed: number;
  syncedAt: number | null;
}

export function readSyncState(db: Database, server: string): SyncState {
  const row = db.prepare("SELECT pulled, pushed, synced_at AS syncedAt FROM sync_state WHERE server = ?").get(server) as SyncState | undefined;
  return row ?? { pulled: 0, pushed: 0, syncedAt: null };
}

export function recordSync(db: Database, server: string, marks: { pulled?: number; pushed?: number; at?: number }): void {
  db.prepare(
    `INSERT INTO sync_state (server, pulled, pushed, synced_at) VALUES (@server, @pulled, @pushed, @at)
    ON CONFLICT (server) DO UPDATE SET pulled = max(pulled, excluded.pulled), pushed = max(pushed, excluded.pushed),
      synced_at = coalesce(excluded.synced_at, synced_at)`,
  ).run({ server, pulled: marks.pulled ?? 0, pushed: marks.pushed ?? 0, at: marks.at ?? null });
}

/** The highest local event id (0 with none). */
export function lastEventId(db: Database): number {
  return db.prepare("SELECT coalesce(max(id), 0) FROM events").pluck().get() as number;
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
