import { dirname } from "node:path";
import { TrustError } from "../errors.js";
import { shellQuote } from "../format/shell.js";
import { errnoReason } from "../fs/errno.js";
import { settingNames } from "../config/settings.js";

/**
 * The one place that turns SQLite and file-system failures into messages a person can act on.
 * better-sqlite3 reports extended result codes as strings (SQLITE_BUSY_SNAPSHOT,
 * SQLITE_CANTOPEN_ISDIR, ...), so codes are matched by their primary prefix.
 */

type Explain = (path: string) => { message: string; hint: string };

/** What to do about a damaged file. */
export const RESTORE_HINT = (path: string) =>
  `Restore it from a copy (trust keeps ${path}.backup-v<N> before each upgrade), or try \`sqlite3 ${shellQuote(path)} .recover\`.`;
const BACKUP_HINT = (path: string) => `trust left it as it was. ${RESTORE_HINT(path)}`;
const PERMISSION_HINT = (path: string) =>
  `Check that you may write to the file and to its folder (${dirname(path)}), or choose another file with ${settingNames("TRUST_DB")}.`;

const SQLITE: Record<string, Explain> = {
  SQLITE_NOTADB: (path) => notADatabase(path),
  SQLITE_CORRUPT: (path) => damaged(path),
  SQLITE_BUSY: (path) => locked(path),
  SQLITE_LOCKED: (path) => locked(path),
  SQLITE_READONLY: (path) => readOnly(path),
  // Even a reader of a WAL database needs to create the small -shm file beside it.
  SQLITE_READONLY_DIRECTORY: (path) => ({
    message: `cannot use ${path}: its folder is read-only, and SQLite keeps its working files there`,
    hint: PERMISSION_HINT(path),
  }),
  SQLITE_CANTOPEN: (path) => ({ message: `cannot open ${path}`, hint: PERMISSION_HINT(path) }),
  SQLITE_PERM: (path) => ({ message: `not allowed to use ${path}`, hint: PERMISSION_HINT(path) }),
  SQLITE_AUTH: (path) => ({ message: `not allowed to use ${path}`, hint: PERMISSION_HINT(path) }),
  SQLITE_FULL: (path) => ({ message: `the disk holding ${path} is full`, hint: "Free some space, then try again: nothing was half-written." }),
  SQLITE_IOERR: (path) => ({ message: `could not read or write ${path} (input/output error)`, hint: "Check the disk, then try again." }),
};

// The reasons are errno.ts's; the sentences around them, and the hints, are the database's own:
// a full disk reads as SQLITE_FULL does, a folder or missing folder says what --db needs instead.
const FILE_SYSTEM: Record<string, Explain> = {
  EACCES: (path) => ({ message: `cannot create or open ${path}: ${errnoReason("EACCES", "write")}`, hint: PERMISSION_HINT(path) }),
  EPERM: (path) => ({ message: `cannot create or open ${path}: ${errnoReason("EPERM", "write")}`, hint: PERMISSION_HINT(path) }),
  EROFS: (path) => ({ message: `cannot write to ${path}: ${errnoReason("EROFS", "write")}`, hint: `Choose a file on a writable disk with ${settingNames("TRUST_DB")}.` }),
  ENOSPC: (path) => ({ message: `the disk holding ${path} is full`, hint: "Free some space, then try again." }),
  // A folder that cannot be created where it should be (a file system that refuses it).
  ENOENT: (path) => ({ message: `cannot create ${path}: ${errnoReason("ENOENT", "write")} and cannot be created`, hint: `Choose another path with ${settingNames("TRUST_DB")}.` }),
  ENOTDIR: (path) => ({ message: `cannot use ${path}: ${errnoReason("ENOTDIR", "write")}`, hint: `Choose another path with ${settingNames("TRUST_DB")}.` }),
  EISDIR: (path) => ({ message: `${path} is a folder, not a database file`, hint: `Point ${settingNames("TRUST_DB")} at a file, e.g. trust.db inside that folder.` }),
};

/** The file may not be written: its permissions say so. */
export function readOnly(path: string): { message: string; hint: string } {
  return { message: `cannot write to ${path}: it is read-only`, hint: PERMISSION_HINT(path) };
}

/** The database file holds something other than SQLite. */
export function notADatabase(path: string): { message: string; hint: string } {
  return {
    message: `${path} is not a trust database (it is not a SQLite file)`,
    hint: `Check ${settingNames("TRUST_DB")}; trust left the file as it was.`,
  };
}

/** The file is SQLite but damaged or cut short. */
export function damaged(path: string): { message: string; hint: string } {
  return { message: `${path} is damaged or truncated`, hint: BACKUP_HINT(path) };
}

/** What a command that stopped on `what` had written: each commit is a whole transaction, and the failed one rolled back. */
function savedBefore(commits: number, what: string): string {
  return commits === 0
    ? "trust wrote nothing to it"
    : `this command had saved ${commits} change${commits === 1 ? "" : "s"} to it before ${what}, each whole; nothing after`;
}

/**
 * The file turned out damaged in the middle of a command that had already saved `commits` whole
 * transactions to it: what was and was not written, and what to do.
 */
export function damagedMidway(path: string, commits: number): { message: string; hint: string } {
  return {
    message: `${path} is damaged: SQLite found it so while reading it`,
    hint: `${savedBefore(commits, "the damage showed")}. ${RESTORE_HINT(path)} \`trust doctor\` checks a file.`,
  };
}

/**
 * A write that failed (a full disk, an I/O error, a lock held past the wait) after the command
 * had saved `commits` whole transactions: the message as storeError made it, and a hint that
 * says what is in the file now, since SQLite rolled the failed transaction back.
 */
export function failedWrite(err: TrustError, commits: number): TrustError {
  const hint = `${err.hint ? `${err.hint.replace(/:? nothing was half-written\.$/, ".")} ` : ""}The change that failed was not saved: ${savedBefore(commits, "it")}.`;
  return new TrustError(err.message, err.exitCode, { hint, details: err.details, cause: err.options.cause });
}

/** SQLite's result code behind an error (a TrustError made by storeError, or SQLite's own), if any. */
function sqliteCode(err: unknown): string | undefined {
  const cause = err instanceof TrustError ? err.options.cause : err;
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === "string" && code.startsWith("SQLITE_") ? code : undefined;
}

/** Whether an error is SQLite finding the file damaged or foreign. */
export function isDamage(err: unknown): boolean {
  const code = sqliteCode(err);
  return code !== undefined && (code.startsWith("SQLITE_CORRUPT") || code.startsWith("SQLITE_NOTADB"));
}

/** Whether an error is SQLite's own failure (a full disk, a lock), not a refusal of trust's such as a bad state change. */
export function isStoreFailure(err: unknown): boolean {
  return sqliteCode(err) !== undefined;
}

/** Another process holds the write lock past the wait: a trust command, or any program with the file open (sqlite3, a backup tool). */
export function locked(path: string): { message: string; hint: string } {
  return {
    message: `${path} is locked by another process`,
    hint: "Wait for the other trust command (or the program that has the file open, such as sqlite3) to finish or close it, then try again.",
  };
}

/** A TrustError for a known SQLite or file-system failure on `path`; anything else (a bug) is returned unchanged. */
export function storeError(err: unknown, path: string): unknown {
  if (err instanceof TrustError || !(err instanceof Error)) return err;
  const code = (err as { code?: unknown }).code;
  if (typeof code !== "string") return err;
  const explain = code.startsWith("SQLITE_") ? (SQLITE[code] ?? SQLITE[primaryCode(code)]) : FILE_SYSTEM[code];
  if (!explain) return err;
  const { message, hint } = explain(path);
  return new TrustError(message, undefined, { hint, cause: err });
}

/** SQLITE_BUSY_SNAPSHOT -> SQLITE_BUSY. */
function primaryCode(code: string): string {
  const match = /^SQLITE_[A-Z]+/.exec(code);
  return match ? match[0] : code;
}

/** Runs `fn`, turning a known SQLite or file-system failure on `path` into a TrustError. */
export function guard<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw storeError(err, path);
  }
}
