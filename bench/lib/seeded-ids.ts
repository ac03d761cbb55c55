import { randomBytes as systemRandomBytes } from "node:crypto";

/**
 * Stands in for src/hashes.ts inside the store's id module when the bench bundles it (see
 * bench/bundle.mjs), so a seeded generator also yields the same session and action ids.
 * Everything else in the store runs unchanged.
 */

let source: ((size: number) => Buffer) | undefined;

/** Draws ids from `fn` from now on; undefined goes back to the system's random bytes. */
export function seedIds(fn: ((size: number) => Buffer) | undefined): void {
  source = fn;
}

/** The randomHex the id module sees. */
export function randomHex(bytes: number): string {
  return (source ? source(bytes) : systemRandomBytes(bytes)).toString("hex");
}

/** Digests are not random: the id module's derived ids (nextUpdateId) use the real one. */
export { sha256Hex } from "../../src/hashes.js";
