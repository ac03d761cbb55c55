/** What bench/generate.mjs and bench/run.mjs use, bundled with the store by bench/bundle.mjs. */
export { BENCH_NOW, BENCH_NOW_ISO, GENERATOR_VERSION, generateDatabase, type GenerateResult } from "./generate.js";
export { measureCommits, percentile, type CommitCost } from "./commit-cost.js";
export { openStore, SCHEMA_VERSION } from "../../src/store/index.js";
export { startPostgres } from "../../tests/helpers/postgres.js";
