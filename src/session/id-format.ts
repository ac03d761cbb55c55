/**
 * How ids are written, without the schemas of model.ts, so the lean read paths
 * (`trust client`) can use them without loading zod. Days are src/calendar/iso-day.ts.
 */

/** How sessions and actions are shown and typed: the first 8 characters of their 32-character id. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

/** 32 lowercase hex characters: how sessions and actions are identified. */
export const ENTITY_ID = /^[0-9a-f]{32}$/;
