import { visibleLine } from "../format/visible.js";
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

/**
 * What the store can say about client names (src/store/client-history.ts). The spellings are
 * read without the sessions' rows, rehearsals included (leaving rehearsals out means reading
 * every session's row, which on 100,000 sessions costs more than the whole page); whether a
 * client has calls that count is asked of the few names offered.
 */
export interface ClientNames {
  /** Spellings equal to `name` in ASCII case, through the index. */
  spellingsOf(name: string): string[];
  /** Every stored spelling, each once, in no particular order. */
  all(): string[];
  /**
   * The name as written on the newest call that counts (rehearsals only when asked) among these
   * spellings and those equal to them in ASCII case; undefined when none counts: a name worth
   * suggesting, as its page would show it.
   */
  current(names: readonly string[]): string | undefined;
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
  // A name holding controls is shown, and offered, with them as signs (a tab as a space, ESC as
  // ␛): typed back as it was shown, it names that client, or "did you mean" would go round.
  const asShown = all.filter((n) => visibleLine(n) !== n && clientKey(visibleLine(n)) === key);
  if (asShown.length > 0) return { spellings: asShown };
  return { spellings: [], suggestions: nearestClients(typed, all, (n) => names.current(n)) };
}

/**
 * Known names that contain what was typed, or are a likely typo of it, the likeliest first.
 * `shown` gives the name to offer for a candidate client, from all its spellings, or undefined to
 * pass it over; it is asked about those candidates only, in that order, until there are enough.
 */
export function nearestClients(typed: string, all: readonly string[], shown: (names: readonly string[]) => string | undefined = (n) => n[0]): string[] {
  const key = clientKey(typed);
  if (key === "") return [];
  const byKey = new Map<string, string[]>();
  for (const n of all) {
    const k = clientKey(n);
    const spellings = byKey.get(k);
    if (spellings) spellings.push(n);
    else byKey.set(k, [n]);
  }
  const keys = [...byKey.keys()].sort();
  // "northwind" finds "Northwind Logistics Ltd": a part of the name is the commonest way to half-remember it.
  const containing = keys.filter((k) => k.includes(key));
  const typos = closeOnes(key, keys);
  const found: string[] = [];
  for (const k of new Set([...containing, ...typos])) {
    if (found.length === SUGGESTIONS) break;
    const name = shown(byKey.get(k)!);
    if (name !== undefined) found.push(name);
  }
  return found;
}
