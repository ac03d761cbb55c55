import type Database from "better-sqlite3";
import { lstatSync } from "node:fs";
import { NotFoundError } from "../errors.js";
import { isDamage, storeError } from "../store/errors.js";
import { damageFound } from "../store/integrity.js";
import { resolveDbPath } from "../store/paths.js";
import { openReader, openReadStore } from "../store/reader.js";
import type { Store } from "../store/store.js";
import type { GlobalOptions } from "./options.js";

/**
 * Opening and closing the store, once for every command: the file --db, TRUST_DB or the default
 * names (resolveDbPath), closed whatever `use` does, so an error half way never leaves SQLite's
 * lock or read transaction behind for the next command to wait on.
 */

/** The store, for reading: a missing file reads as empty and is not created. */
export async function readingStore<T>(opts: GlobalOptions, use: (store: Store) => T | Promise<T>): Promise<T> {
  const store = await openReadStore(resolveDbPath(opts));
  try {
    return await use(store);
  } finally {
    store.close();
  }
}

/**
 * The database itself, for the client pages' own SQL; undefined when there is no file yet. What
 * SQLite finds wrong as they read (a damaged page) is worded as the store's reads word it.
 */
export async function readingDb<T>(opts: GlobalOptions, use: (db: Database.Database | undefined) => T | Promise<T>): Promise<T> {
  const db = await openReader(resolveDbPath(opts));
  try {
    return await use(db);
  } catch (err) {
    if (db === undefined) throw err;
    throw isDamage(err) ? damageFound(db.name, 0, err) : storeError(err, db.name);
  } finally {
    db?.close();
  }
}

/**
 * Starts loading the lean writer's modules, for a command that has other waiting to do first (a
 * sync waits for the server): writingStore(…, { lean: true }) then finds them loaded.
 */
export function preloadLeanWriter(): void {
  import("../store/open-writer.js").catch(() => undefined);
}

/**
 * The store, for writing: created (0600, in a 0700 folder) and migrated when it must be. `lean`:
 * without the write checks (src/store/open-writer.ts), for trust sync, which loads them only
 * before it merges. `absent`: for a command that only changes what the file holds (resume, a
 * commitment's change), what to say when there is no file, which is then not created: a --db
 * typed wrong must not leave an empty database behind.
 */
export async function writingStore<T>(
  opts: GlobalOptions,
  use: (store: Store) => T | Promise<T>,
  { lean = false, absent }: { lean?: boolean; absent?: { message: string; hint: string } } = {},
): Promise<T> {
  // The writer, its migrations and the checks they load are loaded by the commands that write only.
  const path = resolveDbPath(opts);
  if (absent !== undefined) {
    const found = whatIsAt(path);
    if (found !== "something") {
      const what = found === "nothing" ? `there is no trust database at ${path} yet` : `${path} is an empty file, not yet a trust database (left as it is)`;
      throw new NotFoundError(`${absent.message}: ${what}`, { hint: absent.hint });
    }
  }
  const store = lean ? await (await import("../store/open-writer.js")).openLeanWriter(path) : (await import("../store/open.js")).openStore(path);
  try {
    return await use(store);
  } finally {
    store.close();
  }
}

/**
 * No file (nor link) at `path`, an empty file (SQLite would make it a database, which a command
 * that then finds nothing to change must not do: `touch trust.db` is not a call), or anything
 * else, which is the opener's to judge and word. A file that is empty beside a write-ahead log
 * that is not holds a database whose pages are all in the log.
 */
function whatIsAt(path: string): "nothing" | "empty" | "something" {
  const sizeOf = (file: string) => {
    try {
      const stat = lstatSync(file);
      return stat.isFile() ? stat.size : -1;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      return -1;
    }
  };
  const size = sizeOf(path);
  if (size === undefined) return "nothing";
  return size === 0 && !sizeOf(`${path}-wal`) ? "empty" : "something";
}
