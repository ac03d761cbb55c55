import { closeSync, existsSync, mkdirSync, openSync, readSync, rmSync, statSync } from "node:fs";
import { dirname } from "node:path";

/**
 * File-level work done before and around SQLite: private creation, a look at the header
 * before SQLite may write anything, and the copy taken before a migration.
 */

const MAGIC = Buffer.from("SQLite format 3\0", "latin1");
const HEADER_SIZE = 100;
const USER_VERSION_OFFSET = 60;

/** Creates the folder (0700) and an empty file (0600) when missing; an existing file is left as it is. */
export function ensurePrivateFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    // Created by us, before SQLite opens it, so it never exists with SQLite's default 0644.
    // SQLite gives the -wal and -shm files the mode of the database file.
    closeSync(openSync(path, "wx", 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
}

export type Header =
  | { kind: "empty" | "not-sqlite" | "truncated" }
  /** userVersion: PRAGMA user_version as the file itself holds it (the -wal file may hold a newer one). */
  | { kind: "sqlite"; userVersion: number };

/**
 * What the first 100 bytes say, read without SQLite: an empty file is a new database, and a
 * short file that starts like SQLite is a truncated one (SQLite itself would take a file under
 * 100 bytes for an empty database and write over it).
 */
export function inspectHeader(path: string): Header {
  const fd = openSync(path, "r");
  try {
    const header = Buffer.alloc(HEADER_SIZE);
    const read = readSync(fd, header, 0, HEADER_SIZE, 0);
    if (read === 0) return { kind: "empty" };
    const start = header.subarray(0, Math.min(read, MAGIC.length));
    if (!start.equals(MAGIC.subarray(0, start.length))) return { kind: "not-sqlite" };
    if (read < HEADER_SIZE) return { kind: "truncated" };
    return { kind: "sqlite", userVersion: header.readUInt32BE(USER_VERSION_OFFSET) };
  } finally {
    closeSync(fd);
  }
}

/** Whether a -wal file with content sits beside the database (then its header may be out of date). */
export function hasWalContent(path: string): boolean {
  try {
    return statSync(`${path}-wal`).size > 0;
  } catch {
    return false;
  }
}

/** `<path>.backup-v<version>`, or `.backup-v<version>.2`, `.3`...: an earlier copy is never overwritten. */
export function createBackupFile(path: string, version: number): string {
  for (let n = 1; ; n++) {
    const candidate = `${path}.backup-v${version}${n === 1 ? "" : `.${n}`}`;
    try {
      closeSync(openSync(candidate, "wx", 0o600));
      return candidate;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
}

/** Removes a file that a failed step left behind; a file that is already gone is fine. */
export function removeQuietly(path: string): void {
  rmSync(path, { force: true });
}

/** Which of the -wal and -shm files beside the database exist now. */
export function sideFiles(path: string): { wal: boolean; shm: boolean } {
  return { wal: existsSync(`${path}-wal`), shm: existsSync(`${path}-shm`) };
}

/**
 * Takes away the -wal and -shm files SQLite created beside a file trust then refused (SQLite
 * makes them as soon as it reads a WAL database): those that were not there before, and only
 * while the -wal holds nothing, so no one's committed work can go with them.
 */
export function removeCreatedSideFiles(path: string, before: { wal: boolean; shm: boolean }): void {
  const wal = `${path}-wal`;
  try {
    if (existsSync(wal) && statSync(wal).size > 0) return;
  } catch {
    return;
  }
  if (!before.wal) removeQuietly(wal);
  if (!before.shm) removeQuietly(`${path}-shm`);
}
