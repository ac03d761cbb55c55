import Database from "better-sqlite3";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

/**
 * Opens a SQLite connection, with better-sqlite3's compiled addon named directly. Left to
 * itself better-sqlite3 finds the addon through the `bindings` package, which tries a dozen
 * paths first: 5 ms of every command that reads the store, against a Node start-up of 40.
 * Where the addon is not at its usual place (another build layout), its own lookup is used.
 */
export function openSqlite(file: string, options: Database.Options = {}): Database.Database {
  const addon = nativeBinding();
  return new Database(file, addon === undefined ? options : { ...options, nativeBinding: addon });
}

let found: string | null | undefined;

function nativeBinding(): string | undefined {
  if (found === undefined) {
    try {
      const path = createRequire(import.meta.url).resolve("better-sqlite3/build/Release/better_sqlite3.node");
      found = existsSync(path) ? path : null;
    } catch {
      found = null;
    }
  }
  return found ?? undefined;
}
