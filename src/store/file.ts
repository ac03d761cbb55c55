import { closeSync, constants, existsSync, fstatSync, lstatSync, mkdirSync, openSync, readSync, rmSync, statSync, type Stats } from "node:fs";
import { basename, dirname } from "node:path";
import { UsageError } from "../errors.js";
import { followPath, PathRefusal, shortPath, type PathEnd } from "../fs/path-target.js";
import { kindOf } from "../fs/file-kind.js";
import { settingNames } from "../config/settings.js";

/**
 * File-level work done before and around SQLite: private creation, a look at the header
 * before SQLite may write anything, and the copy taken before a migration.
 */

const MAGIC = Buffer.from("SQLite format 3\0", "latin1");
const HEADER_SIZE = 100;
const USER_VERSION_OFFSET = 60;

/** File names stop at 255 bytes, and SQLite and trust add up to 16 to the database's ("-journal", ".backup-v12.3"). */
const MAX_DB_NAME_BYTES = 255 - 16;
/** SQLite's unix VFS refuses a full path past 512 bytes; the same margin for what it adds. */
const MAX_DB_PATH_BYTES = 512 - 16;

const DB_HINT = () => `Point ${settingNames("TRUST_DB")} at a regular file (it is created if missing), or leave both out for the default.`;

/**
 * Refuses, before SQLite or trust touches anything, a database path that can only go wrong: a
 * FIFO (opening it would hang), a device (SQLite would create /dev/null-journal beside it), a
 * socket, a folder, a symbolic link that leads nowhere or loops, a name too long for the files
 * SQLite keeps beside it. A path is fine if it names a regular file (through links too) or
 * nothing yet. Throws a UsageError (exit 2): the path is the user's to fix.
 */
export function checkDbPath(path: string): void {
  const name = basename(path);
  // better-sqlite3 trims the file name it is given: "x.db " would be created by trust and opened as "x.db".
  if (name !== name.trim()) {
    throw new UsageError(`cannot use "${path}" as the database: its name ${/^\s/.test(name) ? "starts" : "ends"} with a space, which SQLite's library drops (it would open another file)`, { hint: DB_HINT() });
  }
  if (Buffer.byteLength(name) > MAX_DB_NAME_BYTES) {
    throw new UsageError(`cannot use ${shortPath(path)} as the database: its file name is ${Buffer.byteLength(name)} bytes long, and at most ${MAX_DB_NAME_BYTES} fit`, {
      hint: "SQLite keeps files named after it beside it (adding up to 16 characters), and a file name stops at 255 bytes. " + DB_HINT(),
    });
  }
  if (Buffer.byteLength(path) > MAX_DB_PATH_BYTES) {
    throw new UsageError(`cannot use ${shortPath(path)} as the database: its path is ${Buffer.byteLength(path)} bytes long, and SQLite takes at most ${MAX_DB_PATH_BYTES}`, { hint: DB_HINT() });
  }
  let end: PathEnd;
  try {
    // /dev, /proc and /sys are refused however they are reached: a device would get a -journal
    // beside it, /dev/stdout a database written into whatever stdout is, and creating a folder
    // in /proc can loop forever (mkdir says ENOENT, its parent exists, mkdir again...).
    end = followPath(path);
  } catch (err) {
    if (err instanceof PathRefusal) throw new UsageError(`cannot use ${shortPath(path)} as the database: ${err.message}`, { hint: DB_HINT() });
    throw err;
  }
  // Nothing there yet: its folder is created when needed (a permission problem is left to
  // opening, which words it better).
  if (!end.found) return;
  const { info } = end;
  if (!info.isFile()) throw notAFile(path, info);
  checkSideFiles(path);
}

/** The files SQLite keeps beside a database, by the suffix of their names: its rollback journal, write-ahead log and shared memory. */
export const SIDE_SUFFIXES = ["-journal", "-wal", "-shm"] as const;

/**
 * The files SQLite keeps beside the database must be regular files too, or nothing: a FIFO as
 * -journal hangs its hot-journal check, a FIFO as -wal is deleted when SQLite closes.
 */
function checkSideFiles(path: string): void {
  for (const suffix of SIDE_SUFFIXES) {
    let info: Stats;
    try {
      info = statSync(path + suffix);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT" && isLink(path + suffix)) throw new UsageError(`cannot use ${path} as the database: ${basename(path)}${suffix} beside it is a symbolic link to a file that does not exist`, { hint: SIDE_HINT(path + suffix) });
      if (code === "ELOOP") throw new UsageError(`cannot use ${path} as the database: ${basename(path)}${suffix} beside it is a symbolic link that loops`, { hint: SIDE_HINT(path + suffix) });
      continue;
    }
    if (!info.isFile()) {
      throw new UsageError(`cannot use ${path} as the database: ${basename(path)}${suffix} beside it is ${info.isDirectory() ? "a folder" : kindOf(info)}, where SQLite keeps a file of its own`, { hint: SIDE_HINT(path + suffix) });
    }
  }
}

const SIDE_HINT = (side: string) => `Move ${side} out of the way (trust left it as it was), or choose another file with ${settingNames("TRUST_DB")}.`;

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}


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

/** Why what is at `path` (a folder, a FIFO, a device...) cannot be the database. */
function notAFile(path: string, info: Stats): UsageError {
  if (info.isDirectory()) return new UsageError(`${path} is a folder, not a database file`, { hint: `Point ${settingNames("TRUST_DB")} at a file, e.g. trust.db inside that folder.` });
  return new UsageError(`cannot use ${path} as the database: it is ${kindOf(info)}, not a regular file`, { hint: DB_HINT() });
}

/**
 * What the first 100 bytes say, read without SQLite: an empty file is a new database, and a
 * short file that starts like SQLite is a truncated one (SQLite itself would take a file under
 * 100 bytes for an empty database and write over it).
 */
export function inspectHeader(path: string): Header {
  // O_NONBLOCK: should a FIFO have been put there since checkDbPath, opening it does not hang.
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw notAFile(path, info);
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
