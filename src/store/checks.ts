import type Database from "better-sqlite3";
import { TrustError } from "../errors.js";
import { damaged, notADatabase } from "./errors.js";
import { hasWalContent, inspectHeader, type Header } from "./file.js";
import { SCHEMA_VERSION, schemaState, type SchemaState } from "./schema-version.js";
import { settingNames } from "../config/settings.js";

/**
 * What makes a file one trust may read: shared by the store (src/store/open.ts) and the lean
 * read-only path of the client pages (src/store/reader.ts), so both refuse the same files with
 * the same words before anything is written.
 */

/**
 * Refuses what the header alone shows, before SQLite opens the file: even a read-only SQLite
 * connection leaves -wal and -shm files beside a WAL database.
 */
export function checkHeader(file: string): Header["kind"] {
  const header = inspectHeader(file);
  if (header.kind === "not-sqlite") throw refusal(notADatabase(file));
  if (header.kind === "truncated") throw refusal(damaged(file));
  if (header.kind === "sqlite" && header.userVersion > SCHEMA_VERSION && !hasWalContent(file)) {
    throw newerSchema(file, header.userVersion);
  }
  return header.kind;
}

export function checkSchema(db: Database.Database, file: string): SchemaState {
  const state = schemaState(db);
  if (state.version > SCHEMA_VERSION) throw newerSchema(file, state.version);
  if ((state.version === 0 && state.objects > 0) || (state.version > 0 && !state.hasSessions)) {
    throw new TrustError(`${file} is a SQLite database, but not one of trust's`, undefined, {
      hint: `Point ${settingNames("TRUST_DB")} at a trust database or a new file; trust left this one as it was.`,
    });
  }
  return state;
}

export function newerSchema(file: string, version: number): TrustError {
  return new TrustError(
    `${file} was written by a newer version of trust (schema ${version}, this build knows ${SCHEMA_VERSION}); upgrade trust`,
    undefined,
    { hint: "trust left the file as it was." },
  );
}

function refusal({ message, hint }: { message: string; hint: string }): TrustError {
  return new TrustError(message, undefined, { hint });
}
