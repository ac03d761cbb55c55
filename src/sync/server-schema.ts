import type { ClientBase } from "pg";
import { newId } from "../store/ids.js";
import { RemoteError } from "./server-errors.js";

/**
 * The team server's schema: tables in a schema of their own (`trust`), made and upgraded by trust
 * with numbered migrations as the local file is (src/store/migrations.ts). The server keeps only
 * what travels (src/store/timeline.ts): playbook snapshots, the first row of each session, and
 * the events, each with a server seq in the order they arrived, which is what a pull asks for.
 */

export const SERVER_SCHEMA_VERSION = 1;

/** Advisory lock keys (pg_advisory_xact_lock): one for migrations, one that makes pushes take turns. */
export const SCHEMA_LOCK = 0x7472_7573;
export const PUSH_LOCK = SCHEMA_LOCK + 1;
/** With a file's own id, the session lock one sync of that file holds (two syncs of one file would only do the work twice). */
export const FILE_LOCK_SPACE = SCHEMA_LOCK + 2;

const MIGRATIONS: ReadonlyArray<{ version: number; sql: string }> = [
  {
    version: 1,
    sql: `
      -- Ids and hashes are lowercase hex: compared byte by byte (COLLATE "C"), whatever the
      -- database's locale, which would otherwise make every key comparison a locale-aware one.
      CREATE TABLE trust.meta (key text PRIMARY KEY, value text NOT NULL);
      CREATE TABLE trust.snapshots (hash text COLLATE "C" PRIMARY KEY, source text NOT NULL);
      CREATE TABLE trust.sessions (
        id               text COLLATE "C" PRIMARY KEY,
        playbook_id      text NOT NULL,
        playbook_version integer NOT NULL,
        playbook_hash    text COLLATE "C" NOT NULL REFERENCES trust.snapshots(hash),
        client           text NOT NULL,
        incident         text NOT NULL,
        severity         text NOT NULL,
        owner            text NOT NULL,
        attendees        text NOT NULL,
        contacts         text NOT NULL,
        rehearsal        smallint NOT NULL,
        source           text NOT NULL,
        started_at       bigint NOT NULL
      );
      -- seq: the order events reached the server. Pushes take turns (PUSH_LOCK), so every event a
      -- reader sees has a lower seq than any event it cannot see yet: a pull never skips one.
      -- session_id names a row of trust.sessions, which a push writes first in the same
      -- transaction; it is not a foreign key, whose check per row was 40% of a push's time on the
      -- server, and a pull refuses events whose session did not come along (src/store/store.ts).
      CREATE TABLE trust.events (
        seq        bigserial PRIMARY KEY,
        origin     text COLLATE "C" NOT NULL,
        origin_seq bigint NOT NULL,
        session_id text COLLATE "C" NOT NULL,
        at         bigint NOT NULL,
        type       text NOT NULL,
        step       text,
        prompt     text,
        data       text,
        num        double precision,
        UNIQUE (origin, origin_seq)
      );
    `,
  },
];

export interface ServerState {
  /** The server's own id (random, made with its schema): a server wiped and made again has a new one. */
  id: string;
  version: number;
}

/**
 * The server's schema, made or upgraded when `write` (a push may; a pull never changes the
 * server). Null when the server has no trust schema and may not make one. A schema newer than
 * this trust knows is refused: its rows may mean things this build would get wrong.
 */
export async function prepareServer(client: ClientBase, write: boolean): Promise<ServerState | null> {
  let state = await readState(client);
  if (state !== null && state.version > SERVER_SCHEMA_VERSION) {
    throw new RemoteError(`the team server's schema is version ${state.version}, newer than this trust knows (${SERVER_SCHEMA_VERSION})`, {
      hint: "Someone synced with a newer trust: upgrade trust (npm install -g trust-cli) and sync again. Nothing was changed.",
    });
  }
  if (state !== null && state.version === SERVER_SCHEMA_VERSION) return state;
  if (!write) {
    if (state === null) return null;
    throw new RemoteError(`the team server's schema is version ${state.version}, older than this trust's (${SERVER_SCHEMA_VERSION}), and a pull does not upgrade it`, {
      hint: "Run `trust sync` (which pushes) once with a role that may create tables.",
    });
  }
  // The lock is taken before the transaction begins, so the transaction starts after another
  // trust's migration committed and sees its tables (a lock taken inside it would leave the
  // catalog as the transaction first saw it, and both would try to make them).
  await client.query("SELECT pg_advisory_lock($1)", [SCHEMA_LOCK]);
  try {
    await client.query("BEGIN");
    try {
      state = await readState(client);
      // Made here unless an administrator made it for the team's role (the README's way): CREATE
      // SCHEMA IF NOT EXISTS would still need the right to create schemas in the database.
      const schema = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = 'trust'");
      if (schema.rowCount === 0) await client.query("CREATE SCHEMA trust");
      for (const m of MIGRATIONS) {
        if (state !== null && m.version <= state.version) continue;
        await client.query(m.sql);
        if (m.version === 1) await client.query("INSERT INTO trust.meta (key, value) VALUES ('server_id', $1), ('schema_version', '0')", [newId()]);
        await client.query("UPDATE trust.meta SET value = $1 WHERE key = 'schema_version'", [String(m.version)]);
      }
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [SCHEMA_LOCK]).catch(() => undefined);
  }
  return readState(client);
}

async function readState(client: ClientBase): Promise<ServerState | null> {
  const exists = await client.query<{ ok: boolean }>("SELECT to_regclass('trust.meta') IS NOT NULL AS ok");
  if (!exists.rows[0]?.ok) return null;
  const rows = await client.query<{ key: string; value: string }>("SELECT key, value FROM trust.meta WHERE key IN ('server_id', 'schema_version')");
  const get = (key: string) => rows.rows.find((r) => r.key === key)?.value;
  const id = get("server_id");
  const version = Number(get("schema_version"));
  if (id === undefined || !Number.isInteger(version)) throw new RemoteError("the team server's trust schema is damaged: its trust.meta table lacks server_id or schema_version");
  return { id, version };
}

/**
 * Takes this file's sync lock on the server (held by the connection, so a killed sync never
 * leaves it behind); false when another sync of the same file holds it.
 */
export async function tryFileLock(client: ClientBase, fileId: string): Promise<boolean> {
  const r = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok", [FILE_LOCK_SPACE, fileId]);
  return r.rows[0]?.ok === true;
}
