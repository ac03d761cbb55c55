import type Database from "better-sqlite3";

/**
 * What Tab completes from the database (`trust __complete`, src/commands/complete.ts): session and
 * commitment ids starting with what was typed, newest first, and client names. Bounded, so a
 * 100,000-session file answers as fast as an empty one; what is typed narrows it.
 */

const LIMIT = 100;

/** Ids are lowercase hex: `[0-9a-f]*`, so a prefix is a range of the UNIQUE index on id. */
function idRange(prefix: string): [string, string] | undefined {
  const p = prefix.toLowerCase();
  if (!/^[0-9a-f]*$/.test(p)) return undefined;
  return [p, `${p}g`];
}

export function sessionIds(db: Database.Database, prefix: string): string[] {
  const range = idRange(prefix);
  if (!range) return [];
  if (range[0] === "") return db.prepare("SELECT id FROM sessions ORDER BY started_at DESC LIMIT ?").pluck().all(LIMIT) as string[];
  return db.prepare("SELECT id FROM sessions WHERE id >= ? AND id < ? ORDER BY id LIMIT ?").pluck().all(range[0], range[1], LIMIT) as string[];
}

/** Commitments that can still be acted on or looked at: every state but superseded. */
export function actionIds(db: Database.Database, prefix: string): string[] {
  const range = idRange(prefix);
  if (!range) return [];
  if (range[0] === "") return db.prepare("SELECT id FROM actions WHERE status <> 'superseded' ORDER BY due LIMIT ?").pluck().all(LIMIT) as string[];
  return db.prepare("SELECT id FROM actions WHERE id >= ? AND id < ? AND status <> 'superseded' ORDER BY id LIMIT ?").pluck().all(range[0], range[1], LIMIT) as string[];
}

/** Client names starting with `prefix` in any case (as `trust client` matches them), each spelling once. */
export function clientNames(db: Database.Database, prefix: string): string[] {
  const lower = prefix.toLowerCase();
  const names = db.prepare("SELECT DISTINCT client FROM sessions").pluck().all() as string[];
  return names.filter((n) => n.toLowerCase().startsWith(lower)).slice(0, LIMIT);
}
