import type { Database } from "better-sqlite3";

/**
 * The schema version this build writes: the last migration's version (src/store/migrations.ts
 * refuses to load when they disagree). Here, apart from the migrations, so the lean read path
 * (src/store/reader.ts) can check a file's version without loading their code.
 */
export const SCHEMA_VERSION = 20;

export interface SchemaState {
  /** PRAGMA user_version. */
  version: number;
  /** How many tables and indexes the file holds, so version 0 tells an empty file from someone else's. */
  objects: number;
  /** Whether the sessions table exists (a file at version >= 1 that lacks it is not ours). */
  hasSessions: boolean;
}

/** Reads the version and a little of the schema in one statement, so both come from one snapshot. */
export function schemaState(db: Database): SchemaState {
  const row = db
    .prepare(
      `SELECT (SELECT user_version FROM pragma_user_version) AS version,
              (SELECT count(*) FROM sqlite_schema) AS objects,
              (SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'sessions') AS sessions`,
    )
    .get() as { version: number; objects: number; sessions: number };
  // SQLite reads user_version as a signed 32-bit number; the header holds it unsigned, as
  // inspectHeader reads it: a negative one is a version far newer than this build, never an old one.
  return { version: row.version >>> 0, objects: row.objects, hasSessions: row.sessions > 0 };
}

