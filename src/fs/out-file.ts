import { statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { UsageError } from "../errors.js";
import { alreadyThere, writeFileAtomic } from "./atomic-write.js";
import { followPath, PathRefusal, shortPath, type PathEnd } from "./path-target.js";
import { kindOf } from "./file-kind.js";
import { writableByUs } from "./writable.js";
import { inspectHeader, SIDE_SUFFIXES } from "../store/file.js";
import { VERIFIED_SUFFIX } from "../store/integrity.js";

export interface OutFileOptions {
  /** Replace a file its user may not write (it is replaced, not written into: the folder's permissions decide). */
  force?: boolean;
  /** Refuse any existing file unless `force` (trust playbook new); otherwise only read-only ones need it. */
  noClobber?: boolean;
  /** 0600 by default: exports and letters hold client data. */
  mode?: number;
}

const STDOUT_HINT = "leave out --out (or give --out -) to write to standard output";

/**
 * Writes a file named with --out, atomically, and only over what is a regular file: a device,
 * FIFO, socket or folder there is refused (exit 2) rather than replaced by a file; a symbolic link
 * is written through, to the regular file it names, and the link stays; a read-only file (or, with
 * `noClobber`, any file) is replaced only with --force.
 */
export function writeOutFile(path: string, content: string, opts: OutFileOptions = {}): void {
  const target = checkOutTarget(path, opts);
  // Without --force, playbook new must not replace a file that appeared since the check either.
  const noReplace = opts.noClobber === true && !opts.force;
  writeFileAtomic(target ?? path, content, opts.mode, { noReplace, label: path });
}

/** The regular file to replace (a link's target), or undefined when nothing is there yet; throws a UsageError for anything else. */
export function checkOutTarget(path: string, opts: OutFileOptions = {}): string | undefined {
  const shown = shortPath(path);
  let end: PathEnd;
  try {
    end = followPath(path);
  } catch (err) {
    if (!(err instanceof PathRefusal)) throw err;
    throw new UsageError(`cannot write ${shown}: ${err.message}`, { hint: err.kind === "virtual" ? STDOUT_HINT : "give the path of a regular file" });
  }
  refuseDatabasePart(path, end.real);
  if (!end.found) {
    checkFolder(path, end.real);
    return undefined;
  }
  const { real, info } = end;
  const through = real === resolve(path) ? "" : ` (through the link to ${real})`;
  if (info.isDirectory()) throw new UsageError(`cannot write ${path}: it is a folder${through}`, { hint: "give the path of a file inside it" });
  if (!info.isFile()) throw new UsageError(`cannot write ${path}: it is ${kindOf(info)}${through}, not a regular file`, { hint: STDOUT_HINT });
  // A database (trust's own, given by mistake as --out) would lose every session: never, even with --force.
  if (isSqlite(real)) throw new UsageError(`cannot write ${path}: it is a SQLite database${through}, which trust never writes over`, { hint: "give --out the name of the file to write, or remove the database yourself if that is meant" });
  if (opts.force) return real;
  if (opts.noClobber) throw alreadyThere(path);
  if (!writableByUs(info)) throw new UsageError(`${path} is read-only, so trust leaves it as it is`, { hint: "pass --force to replace it, or --out to choose another file" });
  return real;
}

// The files SQLite keeps beside a database (its write-ahead log, shared memory, rollback journal),
// and trust's record of a file found sound: part of the database, whose sessions may live only in
// the log until it is checkpointed.
const DATABASE_PARTS = [...SIDE_SUFFIXES, VERIFIED_SUFFIX];

/**
 * A file beside a SQLite database, named as one of its parts (trust.db-wal), is never written,
 * whether or not it is there yet: over the log it loses every answer not yet checkpointed, and a
 * new "journal" makes SQLite take the database for one a crash left half written.
 */
function refuseDatabasePart(path: string, real: string): void {
  for (const name of new Set([resolve(path), real])) {
    const part = DATABASE_PARTS.find((suffix) => name.endsWith(suffix));
    if (part === undefined) continue;
    const database = name.slice(0, -part.length);
    if (!isSqlite(database)) continue;
    throw new UsageError(`cannot write ${path}: it is part of the SQLite database ${shortPath(database)} (its ${part.slice(1)} file), which trust never writes over`, {
      hint: "give --out the name of the file to write",
    });
  }
}

/** Whether `path` starts as a SQLite database does (a truncated one too), read as the store reads it. */
function isSqlite(path: string): boolean {
  try {
    const { kind } = inspectHeader(path);
    return kind === "sqlite" || kind === "truncated";
  } catch {
    // Unreadable, or not a file: the write itself says what is wrong.
    return false;
  }
}

/** A new file's folder must exist: --out never creates folders. */
function checkFolder(path: string, real: string): void {
  try {
    if (statSync(dirname(real)).isDirectory()) return;
  } catch (err) {
    // EACCES and the like: the write itself says so, in the words of atomic-write.
    if ((err as NodeJS.ErrnoException).code !== "ENOENT" && (err as NodeJS.ErrnoException).code !== "ENOTDIR") return;
  }
  throw new UsageError(`cannot write ${path}: its folder does not exist`);
}

