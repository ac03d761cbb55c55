import { closeOnes } from "../playbook/suggest.js";

/**
 * Which stored client a typed name means. SQLite compares the client column in ASCII case
 * only (COLLATE NOCASE), so a name with other letters ("Café", "Ωmega") is matched here, in
 * any case, against every stored spelling.
 */

/** The key two spellings of one client share: the same letters in any case, composed alike. */
export function clientKey(name: string): string {
  return name.trim().normalize("NFC").toLowerCase();
}

/** Whether SQLite's own case-insensitive match (ASCII letters only) finds every spelling of `name`. */
export function indexMatches(name: string): boolean {
  return /^[\x20-\x7e]*$/.test(clientKey(name));
}

/** What the store can say about client names (src/store/client-history.ts). */
export interface ClientNames {
  /** Spellings equal to `name` in ASCII case, through the index. */
  spellingsOf(name: string): string[];
  /** Every stored spelling. */
  all(): string[];
}

export type Lookup = { spellings: string[] } | { spellings: []; suggestions: string[] };

/** How many names "did you mean" offers. */
const SUGGESTIONS = 3;

/** The stored spellings of the client `typed` names, or the nearest known names when none is. */
export function findClient(names: ClientNames, typed: string): Lookup {
  const key = clientKey(typed);
  // ASCII-only names are matched by the index alone; the full list is read only when needed.
  if (indexMatches(typed)) {
    const found = names.spellingsOf(typed.trim());
    if (found.length > 0) return { spellings: found };
  }
  const all = names.all();
  const same = all.filter((n) => clientKey(n) === key);
  if (same.length > 0) return { spellings: same };
  return { spellings: [], suggestions: nearestClients(typed, all) };
}

/** Known names that contain what was typed, or are a likely typo of it, the likeliest first. */
export function nearestClients(typed: string, all: readonly string[]): string[] {
  const key = clientKey(typed);
  if (key === "") return [];
  const byKey = new Map<string, string>();
  for (const n of all) if (!byKey.has(clientKey(n))) byKey.set(clientKey(n), n);
  const keys = [...byKey.keys()].sort();
  // "northwind" finds "Northwind Logistics Ltd": a part of the name is the commonest way to half-remember it.
  const containing = keys.filter((k) => k.includes(key));
  const typos = closeOnes(key, keys);
  return [...new Set([...containing, ...typos])].slice(0, SUGGESTIONS).map((k) => byKey.get(k)!);
}
