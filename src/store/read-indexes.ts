import type { Database } from "better-sqlite3";

/**
 * The indexes only reads use (reports, lists, the client pages, the CI gate): no statement a
 * write runs looks anything up through them, and none is a constraint. Writing a call keeps
 * them, a row at a time; a first pull of a whole team's calls into an empty file builds them
 * once at its end instead (src/sync/transfer.ts): at 100,000 sessions, keeping them row by row
 * took 30 of the pull's 80 s (mostly the wide ones, a random leaf page per row, each written at
 * every commit), and building them takes 3.
 */
export const READ_INDEXES = [
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
] as const;

/**
 * Drops the read indexes, inside the caller's transaction, and answers the function that builds
 * them again from their own SQL as the file held it, in the same transaction: committed, the
 * file has them all; rolled back, it never lost them.
 */
export function withoutReadIndexes(db: Database): () => void {
  if (!db.inTransaction) throw new Error("the read indexes are dropped only inside a transaction");
  const sqlOf = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?").pluck();
  const dropped: string[] = [];
  for (const name of READ_INDEXES) {
    const sql = sqlOf.get(name) as string | undefined;
    if (sql === undefined) continue;
    db.exec(`DROP INDEX ${name}`);
    dropped.push(sql);
  }
  return () => {
    // SQLite sorts an index's keys in memory up to the page cache's size at a time: a smaller
    // cache for the sort keeps the pull's peak memory in its budget (issue 14: 200 MB).
    const cache = db.pragma("cache_size", { simple: true }) as number;
    db.pragma("cache_size = -2000");
    try {
      for (const sql of dropped) db.exec(sql);
    } finally {
      db.pragma(`cache_size = ${cache}`);
    }
  };
}
