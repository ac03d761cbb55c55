/** The only module with SQL: sessions, their event timelines and follow-up actions in SQLite. */
export { openStore, type OpenOptions } from "./open.js";
export { Store, type NewSession } from "./store.js";
export type { ActionFilter, SessionFilter } from "./filters.js";
export type { ListedAction } from "./rows.js";
export { defaultDbPath, resolveDbPath } from "./paths.js";
export { shortId, uniquePrefixLength, MIN_PREFIX } from "./ids.js";
export { SCHEMA_VERSION } from "./migrations.js";
