import type Database from "better-sqlite3";
import { closeSync, constants, lstatSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { TrustError } from "../errors.js";
import { damaged, damagedMidway } from "./errors.js";

/**
 * A damaged file is never written to. `PRAGMA quick_check` proves a file sound, but costs a
 * fifth of a second on 10,000 sessions and seconds on 100,000 with a cold cache: too much for
 * every command, and a live call must not wait for it. So a writer checks once, when it opens a
 * file whose state it has not seen, and when it closes the file records the state it leaves
 * (size and modification times of the file and its -wal) in `<file>-verified` beside it. The
 * next writer that finds the file in that state knows that only trust wrote to it since the
 * check; a file changed in any other way (a copy, an editor, a flipped byte) is checked again.
 * The inode and the change time are part of the state: a byte changed in place with the size and
 * modification time put back (`touch -r`, `cp -p`, `rsync -t`, bit rot fixed up by a tool) still
 * moves the change time, which no one can set, or is a new file.
 */

interface FileState {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  walSize: number;
  walMtimeMs: number;
  walCtimeMs: number;
}

function stateOf(file: string): FileState {
  const db = statSync(file);
  let walSize = 0;
  let walMtimeMs = 0;
  let walCtimeMs = 0;
  try {
    const wal = statSync(`${file}-wal`);
    walSize = wal.size;
    // An empty -wal holds nothing: SQLite makes one as a writer opens the file, after the record.
    walMtimeMs = wal.size > 0 ? wal.mtimeMs : 0;
    walCtimeMs = wal.size > 0 ? wal.ctimeMs : 0;
  } catch {
    // No -wal: the file alone is the database.
  }
  return { size: db.size, mtimeMs: db.mtimeMs, ctimeMs: db.ctimeMs, ino: db.ino, walSize, walMtimeMs, walCtimeMs };
}

/** The suffix of the record beside a database that says it was found sound. */
export const VERIFIED_SUFFIX = "-verified";

function recordPath(file: string): string {
  return `${file}${VERIFIED_SUFFIX}`;
}

/**
 * Whether the record is trust's own small file, or nothing yet: a link (which would be written
 * through), a FIFO (which would hang the read), a device or a folder there is left alone, and the
 * file is then checked as if it had no record.
 */
function recordUsable(file: string): boolean {
  try {
    const info = lstatSync(recordPath(file));
    return info.isFile() && info.size < 4096;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ENOENT";
  }
}

function recorded(file: string): FileState | undefined {
  if (!recordUsable(file)) return undefined;
  try {
    const fd = openSync(recordPath(file), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    try {
      return JSON.parse(readFileSync(fd, "utf8")) as FileState;
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

function same(a: FileState | undefined, b: FileState): boolean {
  return a !== undefined && (Object.keys(b) as Array<keyof FileState>).every((k) => a[k] === b[k]);
}

/** What `PRAGMA quick_check` found wrong: none when the file is sound. */
export function quickCheck(db: Database.Database, full = false): string[] {
  const rows = db.pragma(full ? "integrity_check" : "quick_check") as Array<Record<string, string>>;
  const problems = rows.map((row) => Object.values(row)[0] ?? "");
  return problems.length === 1 && problems[0] === "ok" ? [] : problems;
}

/**
 * Refuses to write to `file` unless it is sound: checked now, unless it is in the state the
 * last trust writer recorded when it closed it. Runs before anything is written.
 */
export function checkBeforeWriting(db: Database.Database, file: string): void {
  if (same(recorded(file), stateOf(file))) return;
  const problems = quickCheck(db);
  if (problems.length === 0) return;
  forgetVerified(file);
  const { message, hint } = damaged(file);
  // One line: SQLite's own findings are trust doctor's to list.
  const found = `${problems.length} problem${problems.length === 1 ? "" : "s"} found; trust doctor lists them`;
  throw new TrustError(`${message}: its integrity check fails (${found}), so trust wrote nothing to it`, undefined, { hint });
}

/** After a writer closed a sound file: the state it left, for the next writer to recognise. */
export function recordVerified(file: string): void {
  if (!recordUsable(file)) return;
  try {
    // O_NOFOLLOW: a link put there since the look above is not written through either.
    const fd = openSync(recordPath(file), constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o600);
    try {
      writeFileSync(fd, JSON.stringify(stateOf(file)));
    } finally {
      closeSync(fd);
    }
  } catch {
    // A folder trust may not write to: the next writer checks the file again, which is safe.
  }
}

/**
 * SQLite found `file` damaged in the middle of a command that had saved `commits` whole
 * transactions to it: the file is no longer known sound, and the error says what was written.
 */
export function damageFound(file: string, commits: number, cause: unknown): TrustError {
  forgetVerified(file);
  const { message, hint } = damagedMidway(file, commits);
  return new TrustError(message, undefined, { hint, cause });
}

/** The file is no longer known sound (SQLite found damage in it). */
export function forgetVerified(file: string): void {
  // Only trust's own record: anything else there is not ours to remove, and is never trusted.
  if (!recordUsable(file)) return;
  try {
    rmSync(recordPath(file), { force: true });
  } catch {
    // Gone already, or not removable: an unusable record is never trusted anyway.
  }
}
