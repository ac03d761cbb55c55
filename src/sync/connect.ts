import type { Client } from "pg";
import { userInfo } from "node:os";
import { UsageError } from "../errors.js";
import { remoteError } from "./server-errors.js";
import type { Remote } from "./remote.js";

/** How long a connection may take before it counts as the server not answering. */
export const CONNECT_TIMEOUT_MS = 10_000;

/**
 * A connection to the team server with node-postgres, loaded only here (the sync's own chunk).
 * Bigint columns (the server's seq, times) are read as numbers: they are epoch milliseconds and
 * counters well inside 2^53. A password not in the URL or PGPASSWORD is looked up in ~/.pgpass
 * (PGPASSFILE) as libpq does, and sslmode (the URL's, PGSSLMODE, else prefer) means what it means
 * to libpq. `meanwhile` runs once the connection is under way.
 */
export async function connect(remote: Remote, env: NodeJS.ProcessEnv = process.env, timeoutMs = CONNECT_TIMEOUT_MS, meanwhile?: () => void): Promise<Client> {
  const mode = sslMode(remote, env);
  // libpq's prefer (its default): TLS when the server offers it, else in the clear; allow: in
  // the clear unless the server asks for TLS. node-postgres tries one way only, so a second
  // connection is made when the first is refused for that reason.
  const [first, second] = mode === "prefer" ? (["prefer", "disable"] as const) : mode === "allow" ? (["disable", "prefer"] as const) : ([mode] as const);
  try {
    return await connectAs(remote, first, env, timeoutMs, meanwhile);
  } catch (err) {
    const retry = second !== undefined && (second === "disable" ? noTlsOffered(err) : tlsRequired(err));
    if (!retry) throw remoteError(err, remote, "connection");
    try {
      return await connectAs(remote, second, env, timeoutMs);
    } catch (again) {
      throw remoteError(again, remote, "connection");
    }
  }
}

const SSL_MODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"];

/** sslmode as libpq takes it: the URL's, else PGSSLMODE, else prefer; a value libpq would refuse is refused. */
function sslMode(remote: Remote, env: NodeJS.ProcessEnv): string {
  const fromUrl = new URL(remote.url).searchParams.get("sslmode");
  const mode = fromUrl || env.PGSSLMODE || "prefer";
  if (!SSL_MODES.includes(mode)) {
    throw new UsageError(`sslmode "${mode}" (${fromUrl ? "in the team server's URL" : "PGSSLMODE"}) is not one of ${SSL_MODES.join(", ")}`);
  }
  return mode;
}

/** The server answered the request for TLS with no: it does not offer it. */
function noTlsOffered(err: unknown): boolean {
  return err instanceof Error && /does not support SSL connections/i.test(err.message);
}

/** The server refused a connection in the clear where it would take one over TLS. */
function tlsRequired(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  return e.code === "28000" && /no encryption|SSL off/i.test(String(e.message));
}

/** One connection attempt with `sslmode` in libpq's sense. */
async function connectAs(remote: Remote, sslmode: string, env: NodeJS.ProcessEnv, timeoutMs: number, meanwhile?: () => void): Promise<Client> {
  const pg = (await import("pg")).default;
  const { parse } = await import("pg-connection-string");
  const int8 = (v: string) => Number(v);
  // The URL's fields, not connectionString: node-postgres lets the parsed URL's (absent) password
  // win over a password function, and then reads ~/.pgpass itself with a deprecation warning.
  // sslmode as libpq means it (require: encrypted; verify-full: and the certificate checked), which
  // is what a libpq-style URL says; node-postgres 8 otherwise reads require as verify-full, with a warning.
  const url = new URL(remote.url);
  url.searchParams.set("sslmode", sslmode);
  const libpq = url.searchParams.has("uselibpqcompat") || url.searchParams.has("useLibpqCompat") ? {} : { useLibpqCompat: true };
  const fields = Object.fromEntries(Object.entries(parse(url.href, libpq)).filter(([, v]) => v !== undefined && v !== null));
  const client = new pg.Client({
    ...(fields as object),
    connectionTimeoutMillis: timeoutMs,
    application_name: "trust",
    types: { getTypeParser: ((oid: number, format?: "text" | "binary") => (oid === 20 ? int8 : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
    // node-postgres takes an undefined password as none (its own code checks), though its types say string.
    ...(hasPassword(remote, env) ? {} : { password: (() => fromPgpass(remote, env)) as () => Promise<string> }),
  });
  // A connection that drops between queries: the query under way reports it.
  client.on("error", () => undefined);
  try {
    const connected = client.connect();
    // The round trips of connecting and signing in are idle time here: `meanwhile` fills them
    // (the sync loads the store's modules).
    meanwhile?.();
    await connected;
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
  return client;
}

function hasPassword(remote: Remote, env: NodeJS.ProcessEnv): boolean {
  const url = new URL(remote.url);
  return url.password !== "" || url.searchParams.has("password") || (env.PGPASSWORD ?? "") !== "";
}

/** The password ~/.pgpass (or PGPASSFILE) gives for this host, port, database and user; undefined when none. */
async function fromPgpass(remote: Remote, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const pgpass = (await import("pgpass")).default as (info: Record<string, string>, cb: (pass: string | undefined) => void) => void;
  const url = new URL(remote.url);
  const info = {
    host: decodeURIComponent(url.hostname) || env.PGHOST || "localhost",
    port: url.port || env.PGPORT || "5432",
    database: decodeURIComponent(url.pathname.slice(1)) || env.PGDATABASE || "",
    user: decodeURIComponent(url.username) || env.PGUSER || userInfo().username,
  };
  if (info.database === "") info.database = info.user;
  return new Promise((resolve) => pgpass(info, resolve));
}
