import { randomHex, sha256Hex } from "../hashes.js";
import { NotFoundError, UsageError } from "../errors.js";
import { shortId } from "../session/id-format.js";

/**
 * Ids are 32 random lowercase hex characters: unique across databases (so two can be merged
 * later), and typed by a person as a short prefix, like git's commit ids.
 */

export const ID_LENGTH = 32;
export const MIN_PREFIX = 4;
const SHORT = 8;

/** A new random id. */
export function newId(): string {
  return randomHex(ID_LENGTH / 2);
}

/**
 * The id of the "next update" commitment an answer makes (src/store/store.ts trackNextUpdate):
 * derived from the answer's global identity, so every file that merges the session's events
 * (trust import, trust sync) gives it the same id, and the events that later mark it done or
 * edit it name it everywhere.
 */
export function nextUpdateId(session: string, origin: string, seq: number): string {
  return sha256Hex(`next-update:${session}:${origin}:${seq}`).slice(0, ID_LENGTH);
}

/**
 * The id range a prefix stands for, as bounds for an indexed `id >= lower AND id < upper`:
 * every id starting with the prefix sorts between the prefix and the prefix followed by "g",
 * the character after "f", and no other hex id does. A prefix no id can start with (not
 * hexadecimal, or longer than an id) is not found (exit 4), like a well-formed one that matches
 * nothing; one too short to pick an id out is a usage error (exit 2).
 */
export function prefixRange(ref: string, what: "session" | "action"): { lower: string; upper: string } {
  const prefix = ref.trim().toLowerCase();
  const noun = what === "action" ? "an action" : "a session";
  const hint = `Ids are hexadecimal, like 3f9a2c1d; list them with \`trust ${what === "action" ? "actions" : "sessions"}\`.`;
  if (!/^[0-9a-f]*$/.test(prefix)) throw new NotFoundError(`no ${what} starts with "${ref}": ids are hexadecimal (0-9, a-f)`, { hint });
  if (prefix.length > ID_LENGTH) throw new NotFoundError(`no ${what} starts with "${ref}": ids are at most ${ID_LENGTH} hexadecimal characters`, { hint });
  if (prefix.length < MIN_PREFIX) {
    throw new UsageError(`"${ref}" is too short to pick ${noun}: type at least ${MIN_PREFIX} characters of the id`, { hint });
  }
  return { lower: prefix, upper: `${prefix}g` };
}

export { shortId };

/** The shortest prefix length (at least 8) that tells every one of `ids` apart. */
export function uniquePrefixLength(ids: readonly string[], min = SHORT): number {
  for (let length = min; length < ID_LENGTH; length++) {
    if (new Set(ids.map((id) => id.slice(0, length))).size === ids.length) return length;
  }
  return ID_LENGTH;
}
