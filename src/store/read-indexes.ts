import type { Database } from "better-sqlite3";
import type { Store } from "./store.js";

/**
 * The indexes only reads use (reports, lists, the client pages, the CI gate): no statement a
 * write runs looks anything up through them, and none is a constraint. Writing a call keeps
 * them, a row at a time; a first pull of a whole team's calls into an empty file builds them
 * once at its end instead (src/sync/transfer.ts): at 100,000 sessions, keeping them row by row
 * took 30 of the pull's 80 s (mostly the wide ones, a random leaf page per row, each written at
 * every commit), and building them takes 3.
 */
const READ_INDEXES = [
  "sessions_started",
  "sessions_playbook_started",
  "sessions_status_updated",
  "sessions_client",
  "sessions_report",
  "actions_status_due",
  "actions_client",
  "actions_owner",
  "actions_done_time",
  "session_stats_trust",
  "session_stats_report",
] as const;

/**
 * Runs `fn`, a bulk merge into a file that holds nothing (src/sync/transfer.ts), in one
 * transaction without the read indexes: dropped first, built again at the end from their own SQL
 * as the file held it. Committed, the file has them all; rolled back (a kill, a lost server), it
 * never lost them. Every page goes into the log once, so a large page cache saves little, and
 * SQLite sorts an index's keys in memory up to the page cache's size at a time: smaller caches
 * keep the pull's peak memory in its budget (issue 14: 200 MB; 212 to 227 MB with the default).
 */
export async function inBulk<T>(store: Store, fn: () => Promise<T>): Promise<T> {
  const restore = cacheOf(store.db, 4000);
  try {
    return await store.writeAcross(async () => {
      const dropped = dropReadIndexes(store.db);
      const result = await fn();
      const back = cacheOf(store.db, 2000);
      try {
        for (const sql of dropped) store.db.exec(sql);
      } finally {
        back();
      }
      return result;
    });
  } finally {
    restore();
  }
}

/** Drops the read indexes the file has; their SQL, to build them again. */
function dropReadIndexes(db: Database): string[] {
  const sqlOf = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?").pluck();
  const dropped: string[] = [];
  for (const name of READ_INDEXES) {
    const sql = sqlOf.get(name) as string | undefined;
    if (sql === undefined) continue;
    db.exec(`DROP INDEX ${name}`);
    dropped.push(sql);
  }
  return dropped;
}

/** Sets the page cache to `kib` KiB; the function that sets it back. */
function cacheOf(db: Database, kib: number): () => void {
  const was = db.pragma("cache_size", { simple: true }) as number;
  db.pragma(`cache_size = -${kib}`);
  return () => db.pragma(`cache_size = ${was}`);
}
