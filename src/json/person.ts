import type { Person } from "../session/person.js";

/** A person in every JSON output (sessions, show, export, client pages): `{ name, email }`, email null when not given. */
export interface PersonJson {
  name: string;
  email: string | null;
}

export function personJson(p: Person): PersonJson {
  return { name: p.name, email: p.email ?? null };
}

/** Back from the JSON shape, for the code that works on people (a letter's greeting and recipients). */
export function personOf(p: PersonJson): Person {
  return p.email === null ? { name: p.name } : { name: p.name, email: p.email };
}
