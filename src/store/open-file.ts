import type Database from "better-sqlite3";
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { checkHeader, checkSchema } from "./checks.js";
import { TrustError } from "../errors.js";
import { guard, readOnly } from "./errors.js";
import { checkDbPath, createBackupFile, ensurePrivateFile, hasWalContent, removeCreatedSideFiles, removeQuietly, sideFiles } from "./file.js";
import { writableByUs } from "../fs/writable.js";
import { checkBeforeWriting } from "./integrity.js";
import type { MigrationFailed as MigrationFailedClass } from "./migrations.js";
import { SCHEMA_VERSION } from "./schema-version.js";
import { openReadonlyChecked } from "./open-readonly.js";
import { openSqlite } from "./sqlite.js";
import { Store } from "./store.js";
import type { WriteChecks } from "./write-checks.js";

export interface OpenOptions {
  /** For commands that only read: never creates, migrates-in-place only an older trust file, never writes otherwise. */
  readonly?: boolean;
  /** How long to wait for another trust process's write lock (ms); 5000 by default. */
  busyTimeoutMs?: number;
}

const BUSY_TIMEOUT_MS = 5000;

/**
 * What opening a file may need beyond this module: the migrations (a new file, or one from an
 * older trust) and the write checks. Both load zod and the YAML parser, a tenth of a second of
 * start-up, so src/store/open.ts hands them over loaded and src/store/open-writer.ts only when
 * a file needs them.
 */
export interface OpenKit {
  migrations?: { migrate: (db: Database.Database) => number[]; MigrationFailed: typeof MigrationFailedClass };
  checks?: WriteChecks;
}

/** The file needs migrations the kit does not hold: thrown before anything was written to it. */
export class NeedsMigrations extends Error {
  override name = "NeedsMigrations";
}

/**
 * Opens (and, when writable, creates or upgrades) the database at `path`. A file that is not
 * SQLite, is damaged, belongs to something else or comes from a newer trust is refused with a
 * one-line TrustError before anything is written to it.
 */
export function openWith(path: string, opts: OpenOptions, kit: OpenKit): Store {
  // Checked as given: resolve() would drop a trailing slash that says "a folder".
  checkDbPath(path);
  const file = resolve(path);
  const timeout = opts.busyTimeoutMs ?? BUSY_TIMEOUT_MS;
  return guard(file, () => (opts.readonly ? openReadonly(file, timeout, kit) : openWritable(file, timeout, kit)));
}

function openWritable(file: string, timeout: number, kit: OpenKit): Store {
  ensurePrivateFile(file);
  // A database someone made read-only (chmod a-w) is not written, by root either, whom the kernel
  // would let: the same rule as --out's.
  if (!writableByUs(statSync(file))) {
    const { message, hint } = readOnly(file);
    throw new TrustError(message, undefined, { hint });
  }
  checkHeader(file);
  // With committed pages still in the -wal file (a writer was killed), the header may be out of
  // date, and a refused read-write connection would fold the -wal into the file as it closed:
  // look with a read-only connection first, which never writes, and check the file there.
  const before = sideFiles(file);
  const checked = hasWalContent(file) && probeReadonly(file, timeout, before);
  const db = openSqlite(file, { fileMustExist: true, timeout });
  try {
    // Everything up to the backup only reads, so a refused file is left byte for byte as it was.
    const state = checkSchema(db, file);
    const migrations = kit.migrations;
    if (migrations === undefined && state.version < SCHEMA_VERSION) throw new NeedsMigrations(`${file} is at schema ${state.version}`);
    // A damaged file is never written to; a file trust left sound is not checked again.
    if (!checked) checkBeforeWriting(db, file);
    const backup = state.version > 0 && state.version < SCHEMA_VERSION ? backUp(db, file, state.version) : undefined;
    // WAL: readers never block the writer, and a commit is one append to the -wal file.
    // synchronous=FULL: each commit is fsynced before it returns. NORMAL would already keep every
    // commit through a crashed or SIGKILLed process; FULL also keeps it through power loss or an
    // OS crash, which NORMAL does not (it may lose commits back to the last checkpoint). A live
    // call types an answer every few seconds; on the quiet development VM the sync cost 0.3 ms
    // (p50) / 0.7 ms (p99) per commit, inside the 5 ms budget. Under heavy parallel disk load it
    // rose to 4 / 16 ms (NORMAL: 0.03 / 4 ms): still unnoticeable to a person, but a bench run on
    // a busy machine will show it. Bulk writers use batch() to pay for one sync per batch.
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    // A statement that fires a trigger (the kept counts) or inserts from a SELECT keeps a journal
    // of the pages it changes, to undo itself should it fail half way: in a temporary file, that
    // is a write per page, 35 µs a statement at a pull; in memory, 7. Nothing else of a writer's
    // is temporary (no sorts or temporary tables larger than a few rows).
    db.pragma("temp_store = MEMORY");
    // A new file gets all its migrations in one transaction, so a second process opening it at
    // the same moment sees no schema or the whole one, never a half-built file to back up.
    if (migrations !== undefined && state.version === 0) db.transaction(() => migrations.migrate(db)).immediate();
    else if (migrations !== undefined && state.version < SCHEMA_VERSION) upgrade(db, file, state.version, backup, migrations);
    return new Store(db, file, false, kit.checks);
  } catch (err) {
    db.close();
    // A refused file is left as it was found, without the working files SQLite made to read it.
    removeCreatedSideFiles(file, before);
    throw err;
  }
}

function openReadonly(file: string, timeout: number, kit: OpenKit): Store {
  if (!existsSync(file) || (checkHeader(file) === "empty" && !hasWalContent(file))) return emptyStore(file, kit);
  const { db, checked: state } = openReadonlyChecked(file, timeout, (db) => checkSchema(db, file));
  if (state.version === SCHEMA_VERSION) return new Store(db, file, true);
  db.close();
  if (state.version === 0) return emptyStore(file, kit);
  // A file from an older trust: upgrade it once (with its backup), as any writing command would.
  openWritable(file, timeout, kit).close();
  return openReadonly(file, timeout, kit);
}

/**
 * The schema and the integrity of a file whose -wal holds committed pages, read through a
 * connection that cannot write: refused here, the file and its -wal are left byte for byte as
 * they were. True once the file is known sound.
 */
function probeReadonly(file: string, timeout: number, before: { wal: boolean; shm: boolean }): boolean {
  const { db, checked } = openReadonlyChecked(
    file,
    timeout,
    (db) => {
      // A file with no schema yet has nothing to check: the writer makes it.
      const hasSchema = checkSchema(db, file).version > 0;
      if (hasSchema) checkBeforeWriting(db, file);
      return hasSchema;
    },
    before,
  );
  db.close();
  return checked;
}

/** A store with the schema and no rows, held in memory: what a reader sees before any file exists. */
function emptyStore(file: string, kit: OpenKit): Store {
  if (kit.migrations === undefined) throw new NeedsMigrations(`${file} does not exist yet`);
  const db = openSqlite(":memory:");
  kit.migrations.migrate(db);
  db.pragma("query_only = ON");
  return new Store(db, file, true);
}

/**
 * Copies an existing database before migrating it. VACUUM INTO writes a consistent snapshot
 * (committed WAL content included) even while another process writes, which copying the file
 * would not; it only reads the source, and fails on a damaged one before anything changed.
 * The file is known sound by then (checkBeforeWriting), indexes included, which VACUUM
 * rebuilds rather than reads.
 */
function backUp(db: Database.Database, file: string, version: number): string {
  const target = createBackupFile(file, version);
  try {
    db.prepare("VACUUM INTO ?").run(target);
    return target;
  } catch (err) {
    removeQuietly(target);
    throw err;
  }
}

/**
 * Runs the migrations a file from an older trust needs. One that cannot apply (a file whose
 * recorded version does not match its tables) is said truthfully: with nothing applied, the file
 * is as it was and the backup, a copy of it, goes (each run would otherwise add one).
 */
function upgrade(db: Database.Database, file: string, from: number, backup: string | undefined, migrations: NonNullable<OpenKit["migrations"]>): void {
  try {
    migrations.migrate(db);
  } catch (err) {
    if (!(err instanceof migrations.MigrationFailed)) throw err;
    const upgraded = err.applied.at(-1);
    if (upgraded === undefined && backup !== undefined) removeQuietly(backup);
    throw new TrustError(`${file} cannot be upgraded from schema ${from}: ${err.message}`, undefined, {
      hint:
        (upgraded === undefined
          ? "trust left it as it was. "
          : `trust upgraded it to schema ${upgraded} before that; the file as it was is in ${backup}. `) +
        "Its recorded schema version does not match its tables (was it edited by hand?). `trust doctor` checks a file.",
      cause: err,
    });
  }
}
