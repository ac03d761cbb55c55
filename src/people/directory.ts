import { didYouMean } from "../playbook/suggest.js";
import type { PeopleEntry } from "./people-file.js";
import { ownerKey, withoutRole } from "./owner-key.js";

/** What a typed owner turned out to be. */
export type OwnerCheck =
  | { ok: true; name: string; email?: string }
  | { ok: false; name: string; warning: string };

// Words that name a group, not a person: a commitment needs one person who answers for it.
const GROUP = /\b(team|teams|group|department|dept|squad|crew|staff|everyone|everybody|all of us|ops|devops|sre|support|engineering|management|leadership|committee)\b/i;

/**
 * Our people, from the people file, and the rules for owners: a name or alias matches whatever
 * its case or spacing, or a role in brackets after it; an owner is a person, not a team.
 */
export class Directory {
  private readonly byName = new Map<string, PeopleEntry>();

  constructor(readonly people: readonly PeopleEntry[] = []) {
    for (const p of people) for (const n of [p.name, ...p.aliases]) this.byName.set(ownerKey(n), p);
  }

  /** The person a name or alias stands for. */
  find(name: string): PeopleEntry | undefined {
    return this.byName.get(ownerKey(name));
  }

  /**
   * Who runs a call (--owner, TRUST_OWNER, the login name) as the people file names them, so the
   * "next update" commitment they own is counted with the others they own; as given otherwise.
   */
  nameOf(typed: string): string {
    return this.find(typed)?.name ?? typed;
  }

  /**
   * An owner as typed, checked: the person's own name when the file knows them (by any of their
   * names), else the name as typed with a warning when it names a group, or the file does not
   * know it (with the nearest names it does know).
   */
  checkOwner(typed: string): OwnerCheck {
    const name = typed.trim().replace(/\s+/g, " ");
    const known = this.find(name);
    if (known) return known.email ? { ok: true, name: known.name, email: known.email } : { ok: true, name: known.name };
    if (GROUP.test(name)) return { ok: false, name, warning: `"${name}" sounds like a group: name the one person who answers for it` };
    if (this.people.length === 0) return { ok: true, name };
    const names = this.people.flatMap((p) => [p.name, ...p.aliases]);
    const hint = didYouMean(name, names, (n) => this.find(n)!.name);
    return { ok: false, name, warning: `"${name}" is not in the people file${hint || ""}` };
  }

  /** Every name an owner filter should match: the person's own name and aliases, or the name given (without a role in brackets). */
  namesFor(query: string): string[] {
    const known = this.find(query);
    return known ? [known.name, ...known.aliases] : [withoutRole(query)];
  }

  /** Whether an owner as stored is the person a filter asks for (any of their names, a role in brackets ignored). */
  ownerMatches(query: string, owner: string): boolean {
    const wanted = new Set(this.namesFor(query).map(ownerKey));
    return wanted.has(ownerKey(owner)) || (this.find(owner) !== undefined && this.find(owner) === this.find(query));
  }
}
