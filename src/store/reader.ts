import Database from "better-sqlite3";
import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";
import { resolve } from "node:path";

/**
 * A read-only connection for the client pages, without the Store and the schemas it loads:
 * `trust client` answers within a little more than Node's own start-up (issue 16), and loading
 * zod alone would cost more than that. The file is refused exactly as openStore refuses it
 * (src/store/checks.ts); a file from an older trust is upgraded once through openStore, with
 * its backup, as any other command would. Undefined: there is no database yet, so no sessions.
 *
 * The checks are imported only for a file that is not plainly current: src/store/migrations.ts,
 * which they need, derives session stats from playbook snapshots, so it comes in one chunk with
 * yaml, and loading that costs more than a page (25 to 80 ms).
 */
export async function openReader(path: string): Promise<Database.Database | undefined> {
  const file = resolve(path);
  return openCurrent(file) ?? (await openChecked(file));
}

/**
 * The schema version this build writes: SCHEMA_VERSION of src/store/migrations.ts, which cannot
 * be imported without yaml (above). tests/clients/startup.test.ts fails when the two differ; until
 * they agree again every page goes through the checks, slower but still right.
 */
export const CURRENT_SCHEMA = 7;

const MAGIC = Buffer.from("SQLite format 3\0", "latin1");

/**
 * The common case, with nothing imported: a whole SQLite header of the current version, no
 * write-ahead log that could hold a newer one, and a sessions table. Whatever else the file
 * is, even an error opening it, is left to openChecked, which explains it as openStore would.
 */
function openCurrent(file: string): Database.Database | undefined {
  try {
    const header = Buffer.alloc(100);
    const fd = openSync(file, "r");
    try {
      if (readSync(fd, header, 0, 100, 0) < 100) return undefined;
    } finally {
      closeSync(fd);
    }
    if (!header.subarray(0, MAGIC.length).equals(MAGIC) || header.readUInt32BE(60) !== CURRENT_SCHEMA) return undefined;
    if (existsSync(`${file}-wal`) && statSync(`${file}-wal`).size > 0) return undefined;
  } catch {
    return undefined;
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: 5000 });
    const current = db
      .prepare("SELECT (SELECT user_version FROM pragma_user_version) = ? AND EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sessions')")
      .pluck()
      .get(CURRENT_SCHEMA);
    if (current === 1) return db;
  } catch {
    // openChecked opens it again and says what is wrong.
  }
  db?.close();
  return undefined;
}

/** Any other file, through the checks openStore makes, with the same words. */
async function openChecked(file: string): Promise<Database.Database | undefined> {
  const [{ checkHeader, checkSchema }, { guard }, { hasWalContent }, { SCHEMA_VERSION }] = await Promise.all([
    import("./checks.js"),
    import("./errors.js"),
    import("./file.js"),
    import("./migrations.js"),
  ]);
  for (let attempt = 0; ; attempt++) {
    const opened = guard(file, () => {
      if (!existsSync(file) || (checkHeader(file) === "empty" && !hasWalContent(file))) return undefined;
      const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 5000 });
      try {
        const { version } = checkSchema(db, file);
        if (version === SCHEMA_VERSION) return db;
        db.close();
        return version === 0 ? undefined : "older";
      } catch (err) {
        db.close();
        throw err;
      }
    });
    if (opened !== "older" || attempt > 0) return opened === "older" ? undefined : opened;
    const { openStore } = await import("./open.js");
    openStore(file).close();
  }
}
