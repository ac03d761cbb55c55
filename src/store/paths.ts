import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";

/**
 * Where the database lives: TRUST_DB, then the XDG data directory, then ~/.local/share.
 * An empty variable counts as unset, and a relative XDG_DATA_HOME is ignored, as the XDG spec says.
 */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TRUST_DB) return absolute(env.TRUST_DB, env);
  const xdg = env.XDG_DATA_HOME;
  const dataHome = xdg && isAbsolute(xdg) ? xdg : join(home(env), ".local", "share");
  return join(dataHome, "trust", "trust.db");
}

/** The database a command uses: `--db` wins over everything defaultDbPath looks at. */
export function resolveDbPath(opts: { db?: string }, env: NodeJS.ProcessEnv = process.env): string {
  return opts.db ? absolute(opts.db, env) : defaultDbPath(env);
}

function home(env: NodeJS.ProcessEnv): string {
  return env.HOME || homedir();
}

/** A quoted `~/x` in TRUST_DB or --db reaches us unexpanded; expand it as the shell would have. */
function absolute(path: string, env: NodeJS.ProcessEnv): string {
  if (path === "~") return home(env);
  // A trailing slash says the name is a folder's; kept for checkDbPath to refuse (resolve drops it).
  const slash = path.length > 1 && path.endsWith("/") ? "/" : "";
  if (path.startsWith("~/")) return join(home(env), path.slice(2)) + slash;
  return resolve(path) + slash;
}
