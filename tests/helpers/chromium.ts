import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

/**
 * Debian's Chromium, for tests that render what we write in a real browser. Installed here, by
 * the test setup, when the machine lacks it (a fresh CI machine does): as root with apt-get, as
 * TOOLCHAIN.md says; never a browser download. Driven by playwright-core, which downloads nothing.
 */
export const CHROMIUM = "/usr/bin/chromium";

/** Flags for a machine with no network: without them Chromium keeps trying Google's hosts at start. */
export const CHROMIUM_ARGS = ["--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];

export function ensureChromium(): string {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  if (process.getuid?.() !== 0) {
    throw new Error(`Chromium is not at ${CHROMIUM} and installing it needs root: run \`apt-get install chromium\` as root, then the tests again`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-q"], { env, stdio: ["ignore", "ignore", "inherit"] });
  execFileSync("apt-get", ["install", "-y", "-q", "chromium"], { env, stdio: ["ignore", "ignore", "inherit"] });
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium, but ${CHROMIUM} is not there`);
  return CHROMIUM;
}
