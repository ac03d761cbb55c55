/**
 * The one table of what a failed file-system call means, in words that follow "cannot write X: ",
 * "cannot create or open X: " or "X cannot be read: ". Node names the failure by its errno
 * (ENOENT, EACCES, ...) in `err.code`; every message about a file's problem takes its reason from
 * here, so the same failure reads the same whether trust was writing an export or opening its
 * database. No imports: the lean read path uses it.
 */

/** What was being done: a missing path means a missing file when reading, a missing folder when writing. */
export type FileAction = "read" | "write";

const REASONS: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  // EPERM is what some file systems (and macOS) say where others say EACCES: the same to a person.
  EPERM: "permission denied",
  EISDIR: "it is a folder",
  ENOSPC: "the disk is full",
  EROFS: "the file system is read-only",
  ENOTDIR: "part of the path is a file, not a folder",
  ENAMETOOLONG: "a name in its path is too long",
  ELOOP: "it is a symbolic link that loops",
};

const MISSING: Readonly<Record<FileAction, string>> = {
  read: "it does not exist",
  write: "its folder does not exist",
};

/** The errno name of a Node error (`ENOENT`), or undefined for anything else. */
export function errnoCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

/** Why `action` failed with this errno, in words (`permission denied`), or undefined for a code without words. */
export function errnoReason(code: string | undefined, action: FileAction): string | undefined {
  if (code === undefined) return undefined;
  if (code === "ENOENT") return MISSING[action];
  return Object.hasOwn(REASONS, code) ? REASONS[code] : undefined;
}
