import type Database from "better-sqlite3";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { checkHeader, checkSchema } from "./checks.js";
import { guard } from "./errors.js";
import { checkDbPath, hasWalContent } from "./file.js";
import { openReadonlyChecked } from "./open-readonly.js";
import { SCHEMA_VERSION } from "./schema-version.js";
import { Store } from "./store.js";

/**
 * A read-only connection for the client pages, without the Store and the schemas it loads:
 * `trust client` answers within a little more than Node's own start-up (issue 16), and loading
 * zod alone would cost more than that. The file is refused exactly as openStore refuses it
 * (src/store/checks.ts); a file from an older trust is upgraded once through openStore, with
 * its backup, as any other command would. Undefined: there is no database yet, so no sessions.
 */
export async function openReader(path: string): Promise<Database.Database | undefined> {
  // Checked as given: resolve() would drop a trailing slash that says "a folder".
  checkDbPath(path);
  const file = resolve(path);
  for (let attempt = 0; ; attempt++) {
    const opened = guard(file, () => {
      if (!existsSync(file) || (checkHeader(file) === "empty" && !hasWalContent(file))) return undefined;
      const { db, checked } = openReadonlyChecked(file, 5000, (db) => checkSchema(db, file));
      if (checked.version === SCHEMA_VERSION) return db;
      db.close();
      return checked.version === 0 ? undefined : "older";
    });
    if (opened !== "older" || attempt > 0) return opened === "older" ? undefined : opened;
    const { openStore } = await import("./open.js");
    openStore(file).close();
  }
}

/**
 * A Store for a command that only reads (show, export, actions, report, sessions, letter):
 * the lean open above, then the store's queries, none of which loads zod or the YAML parser.
 * With no database yet, an empty store held in memory, as openStore gives.
 */
export async function openReadStore(path: string): Promise<Store> {
  const db = await openReader(path);
  if (db !== undefined) return new Store(db, resolve(path), true);
  const { openStore } = await import("./open.js");
  return openStore(path, { readonly: true });
}
