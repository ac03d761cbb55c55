import type Database from "better-sqlite3";
import { removeCreatedSideFiles, sideFiles } from "./file.js";
import { openSqlite } from "./sqlite.js";

/**
 * A read-only connection to `file`, with `check` run on it first. Refused (check throws), the
 * connection is closed and the -wal and -shm files SQLite made to read it are taken away again,
 * so a refused file is left as it was found. `before`: which of those stood there before, when
 * the caller looked earlier than this.
 */
export function openReadonlyChecked<T>(
  file: string,
  timeout: number,
  check: (db: Database.Database) => T,
  before = sideFiles(file),
): { db: Database.Database; checked: T } {
  const db = openSqlite(file, { readonly: true, fileMustExist: true, timeout });
  try {
    return { db, checked: check(db) };
  } catch (err) {
    db.close();
    removeCreatedSideFiles(file, before);
    throw err;
  }
}
