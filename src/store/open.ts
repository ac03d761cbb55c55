import * as migrations from "./migrations.js";
import { openWith, type OpenOptions } from "./open-file.js";
import type { Store } from "./store.js";
import { WRITE_CHECKS } from "./write-checks.js";

export type { OpenOptions } from "./open-file.js";

/**
 * Opens (and, when writable, creates or upgrades) the database at `path`, with everything a
 * writer may need loaded: the migrations and the write checks (src/store/open-file.ts). A file
 * that is not SQLite, is damaged, belongs to something else or comes from a newer trust is
 * refused with a one-line TrustError before anything is written to it.
 */
export function openStore(path: string, opts: OpenOptions = {}): Store {
  return openWith(path, opts, { migrations, checks: WRITE_CHECKS });
}
