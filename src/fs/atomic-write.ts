import { randomHex } from "../hashes.js";
import { closeSync, fsyncSync, linkSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { TrustError, UsageError } from "../errors.js";
import { errnoCode, errnoReason } from "./errno.js";

/**
 * Writes a file so that readers see either the old content or the whole new one, never half:
 * a temporary file in the same folder (a rename is only atomic within one file system), synced
 * to disk, then renamed over the target. Mode 0600 by default, since exports hold client data.
 * `noReplace`: linked into place instead, which fails (as a UsageError) if anything is there.
 * `label`: the name messages use, when `path` is where a link given by the user led.
 */
export function writeFileAtomic(path: string, content: string, mode = 0o600, opts: { noReplace?: boolean; label?: string } = {}): void {
  const target = resolve(path);
  const dir = dirname(target);
  const label = opts.label ?? path;
  // A long name leaves no room for the temporary file's prefix and suffix (file names stop at 255 bytes).
  const temp = join(dir, `.${shortened(basename(target))}.${randomHex(6)}.tmp`);
  let fd: number | undefined;
  try {
    // `wx`: never follow or reuse a file someone else put there.
    fd = openSync(temp, "wx", mode);
    writeSync(fd, content);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    if (opts.noReplace) {
      // A hard link fails if anything is there by now: created whole, and never over another file.
      linkSync(temp, target);
      rmSync(temp, { force: true });
    } else {
      renameSync(temp, target);
    }
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    if ((err as NodeJS.ErrnoException).code === "EEXIST") {
      throw alreadyThere(label, err);
    }
    throw writeError(label, err);
  }
  syncDir(dir);
}

/** A file that is there already where trust was asked to make a new one (trust playbook new without --force). */
export function alreadyThere(path: string, cause?: unknown): UsageError {
  return new UsageError(`${path} already exists`, { hint: "pass --force to overwrite it, or --out to choose another file", cause });
}

function shortened(name: string): string {
  return Buffer.byteLength(name) <= 200 ? name : Buffer.from(name).subarray(0, 200).toString("utf8").replace(/\uFFFD+$/, "");
}

/** Makes the rename itself durable; some systems cannot open a folder for syncing, which is fine. */
function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Best effort only: the data itself is already synced.
  }
}

function writeError(path: string, err: unknown): TrustError {
  const code = errnoCode(err);
  const why = errnoReason(code, "write") ?? (err instanceof Error ? err.message : String(err));
  // A name too long is the name given, which the person fixes, as any refused --out (exit 2).
  if (code === "ENAMETOOLONG") return new UsageError(`cannot write ${path}: ${why}`, { cause: err });
  return new TrustError(`cannot write ${path}: ${why}`, undefined, { cause: err });
}
