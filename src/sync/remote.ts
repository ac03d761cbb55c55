import { SETTINGS } from "../config/settings.js";
import { UsageError } from "../errors.js";

const REMOTE_SETTING = SETTINGS.find((s) => s.key === "remote")!;

/**
 * Where the team's server is: `--remote URL`, else TRUST_REMOTE (which the config file's `remote:`
 * fills in, src/config/settings.ts). A libpq-style URL, `postgres://user@host:port/db?sslmode=require`;
 * what it leaves out comes from libpq's own environment (PGHOST, PGPORT, PGUSER, PGDATABASE,
 * PGPASSWORD, PGSSLMODE) and the password from ~/.pgpass, as psql takes them. The URL is never
 * stored in the SQLite file, and shown only with its password masked.
 */
export interface Remote {
  url: string;
  /** The URL with any password replaced by ***, for messages and --json. */
  shown: string;
}

const SCHEMES = /^postgres(ql)?:\/\//i;

export function resolveRemote(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Remote {
  const url = flag ?? (env.TRUST_REMOTE || undefined);
  if (url === undefined || url.trim() === "") {
    throw new UsageError("no team server is configured", {
      hint: "Give --remote postgres://user@host/db, set TRUST_REMOTE, or put `remote:` in the config file (`trust doctor` shows where it is).",
    });
  }
  if (!SCHEMES.test(url)) throw new UsageError(`the team server must be a postgres:// URL, not ${maskRemote(url)}`, { hint: "For example postgres://sam@db.example.com/trust?sslmode=require" });
  try {
    new URL(url);
  } catch {
    throw new UsageError(`the team server's URL cannot be read: ${maskRemote(url)}`, { hint: "Characters such as @ / : # in a user name or password are written %40 %2F %3A %23." });
  }
  return { url, shown: maskRemote(url) };
}

/** A URL with its password, if any, replaced by ***: the one way a remote is ever shown (the setting's own rule). */
export function maskRemote(url: string): string {
  return REMOTE_SETTING.shown!(url);
}
