import { ensureDebianProgram } from "./debian.js";

/**
 * Debian's Chromium, for tests that render what we write in a real browser, installed by the test
 * setup when missing (./debian.ts); never a browser download. Driven by playwright-core, which
 * downloads nothing.
 */
export const CHROMIUM = "/usr/bin/chromium";

/** Flags for a machine with no network: without them Chromium keeps trying Google's hosts at start. */
export const CHROMIUM_ARGS = ["--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];

export function ensureChromium(): string {
  const found = ensureDebianProgram(CHROMIUM, "chromium");
  if (found === undefined) {
    throw new Error(`Chromium is not at ${CHROMIUM} and installing it needs root: run \`apt-get install chromium\` as root, then the tests again`);
  }
  return found;
}
