import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

/**
 * A program from Debian's packages that some tests need (Chromium, zsh, fish), installed by the
 * test setup when the machine lacks it, as a fresh CI machine does: as root, with apt-get, as
 * TOOLCHAIN.md says. Two test files may ask at once, so apt waits for the other's lock.
 * Undefined when it is missing and this is not root: the caller says what that means for it.
 */
export function ensureDebianProgram(path: string, pkg: string): string | undefined {
  if (existsSync(path)) return path;
  if (process.getuid?.() !== 0) return undefined;
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const wait = ["-o", "DPkg::Lock::Timeout=600"];
  execFileSync("apt-get", [...wait, "update", "-q"], { env, stdio: ["ignore", "ignore", "inherit"] });
  execFileSync("apt-get", [...wait, "install", "-y", "-q", pkg], { env, stdio: ["ignore", "ignore", "inherit"] });
  if (!existsSync(path)) throw new Error(`apt-get installed ${pkg}, but ${path} is not there`);
  return path;
}
