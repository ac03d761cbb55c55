import { clientKey } from "../clients/lookup.js";

/**
 * Who an owner's name stands for, as the owner filter matches it and a report groups it: case and
 * extra spaces do not count, nor how letters are composed (as for clients), nor a role in
 * brackets after it ("Sam Whitfield (Head of Reliability)" is Sam Whitfield). Pure, and apart
 * from the people file, so the report's lean read path can group owners without loading it.
 */
export function ownerKey(name: string): string {
  return clientKey(withoutRole(name));
}

/** A name as typed without a role in brackets after it, trimmed, runs of spaces made one. */
export function withoutRole(name: string): string {
  return name
    .replace(/\s*\([^()]*\)\s*$/, "")
    .trim()
    .replace(/\s+/g, " ");
}
