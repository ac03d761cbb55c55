/**
 * What a command that only reads needs of the store, without the writer's modules behind
 * src/store/index.ts (the migrations, and the schemas and YAML parser they and the write checks
 * load): `show`, `export`, `actions`, `report`, `sessions`, `letter` start in about Node's own
 * time (issue 11; tests/commands/import-budget.test.ts keeps them so).
 */
export { openReadStore } from "./reader.js";
export { resolveDbPath } from "./paths.js";
export type { Store } from "./store.js";
export type { ActionFilter, SessionFilter } from "./filters.js";
export type { ListedAction } from "./rows.js";
