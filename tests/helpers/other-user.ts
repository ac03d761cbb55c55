import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./cli.js";

/**
 * Tests that run a child as another, unprivileged user (as root, permission bits do not apply,
 * so `nobody` stands in for a user the bits stop). That user may not be able to read the
 * checkout at all (a clone under a 0700 home folder), so the child gets its own readable copy
 * of what it needs, in a temporary folder, and nothing from the checkout.
 */

export const NOBODY = 65534;

/** The parts of better-sqlite3 a child loads at run time: its JavaScript and the compiled addon. */
const SQLITE_FILES = ["package.json", "lib", join("build", "Release", "better_sqlite3.node")];

/** Copies better-sqlite3 into `dir`/node_modules, so code in `dir` finds it without the checkout. */
export function copySqliteInto(dir: string): void {
  const from = join(ROOT, "node_modules", "better-sqlite3");
  const to = join(dir, "node_modules", "better-sqlite3");
  for (const part of SQLITE_FILES) cpSync(join(from, part), join(to, part), { recursive: true });
  // Its fallback lookup of the addon (when not named directly) goes through `bindings`.
  for (const dep of ["bindings", "file-uri-to-path"]) {
    const path = join(ROOT, "node_modules", dep);
    try {
      if (statSync(path).isDirectory()) cpSync(path, join(dir, "node_modules", dep), { recursive: true });
    } catch {
      // Not installed: the addon is named directly, so it is not needed.
    }
  }
}

/**
 * A copy of the built CLI (bin, dist, package.json, playbooks, schema and better-sqlite3) in a
 * new temporary folder everyone may read; returns the folder and its bin/trust.cjs. The caller
 * removes the folder (it is made with `prefix` under the system temp folder).
 */
export function readableCliCopy(prefix = "trust-cli-copy-"): { dir: string; bin: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const part of ["bin", "dist", "package.json", "playbooks", "schema"]) cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  copySqliteInto(dir);
  openUp(dir);
  return { dir, bin: join(dir, "bin", "trust.cjs") };
}

/** Makes a tree readable (and its folders searchable) by everyone. */
export function openUp(path: string): void {
  const info = statSync(path);
  if (info.isDirectory()) {
    chmodSync(path, 0o755);
    for (const name of readdirSync(path)) openUp(join(path, name));
  } else {
    chmodSync(path, (info.mode & 0o777) | 0o444);
  }
}

/**
 * Why a child cannot be run as `uid` at all, or undefined when it can: Node itself may be
 * installed where that user cannot read it (e.g. under /root/.nvm), which no copy can fix.
 */
export function cannotRunAs(uid: number): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), "trust-uid-probe-"));
  try {
    chmodSync(dir, 0o755);
    const probe = spawnSync(process.execPath, ["-e", "process.exit(0)"], { cwd: dir, uid, gid: uid, stdio: "ignore", timeout: 20_000 });
    if (probe.error) return `cannot start ${process.execPath} as uid ${uid}: ${probe.error.message}`;
    if (probe.status !== 0) return `${process.execPath} does not run as uid ${uid} (exit ${probe.status}): it is probably installed where that user cannot read it`;
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
