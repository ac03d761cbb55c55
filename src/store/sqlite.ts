import Database from "better-sqlite3";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { clientKey } from "../clients/lookup.js";
import { TrustError } from "../errors.js";

/**
 * Opens a SQLite connection, with better-sqlite3's compiled addon named directly. Left to
 * itself better-sqlite3 finds the addon through the `bindings` package, which tries a dozen
 * paths first: 5 ms of every command that reads the store, against a Node start-up of 40.
 * Where the addon is not at its usual place (another build layout), its own lookup is used.
 * An addon that is missing or built for another Node is reported with how to rebuild it.
 */
export function openSqlite(file: string | Buffer, options: Database.Options = {}): Database.Database {
  const addon = nativeBinding();
  let db: Database.Database;
  try {
    db = new Database(file, addon === undefined ? options : { ...options, nativeBinding: addon });
  } catch (err) {
    throw bindingError(err) ?? err;
  }
  // A client name in any case, non-ASCII letters too ("ÜNÏCØDÉ" is "Ünïcødé"), for filters by
  // client: COLLATE NOCASE and lower() know ASCII letters only (src/store/filters.ts).
  db.function("client_key", { deterministic: true }, (name: unknown) => (typeof name === "string" ? clientKey(name) : name));
  return db;
}

/** The version of SQLite better-sqlite3 was built with: loading it proves the addon works. */
export function sqliteVersion(): string {
  const db = openSqlite(":memory:");
  try {
    return db.prepare("SELECT sqlite_version()").pluck().get() as string;
  } finally {
    db.close();
  }
}

let found: string | null | undefined;

const ADDON = "better-sqlite3/build/Release/better_sqlite3.node";

function nativeBinding(): string | undefined {
  if (found === undefined) {
    // Where npm puts it beside trust's own files (a checkout, a global install): one look, where
    // Node's resolution walks the folders up (a millisecond); elsewhere (hoisted), resolved.
    const beside = fileURLToPath(new URL(`../node_modules/${ADDON}`, import.meta.url));
    if (existsSync(beside)) found = beside;
    else {
      try {
        const path = createRequire(import.meta.url).resolve(ADDON);
        found = existsSync(path) ? path : null;
      } catch {
        found = null;
      }
    }
  }
  return found ?? undefined;
}

export const BINDING_HINT =
  "rebuild it for this Node: `npm rebuild better-sqlite3` in a checkout of trust, `npm rebuild -g trust-cli` for a global install, " +
  "or with pnpm `pnpm approve-builds` (allow better-sqlite3) and install again";

/** What is wrong with better-sqlite3's compiled addon, judged from the error loading it threw; undefined for any other error. */
export function bindingProblem(err: unknown): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const message = err.message;
  const code = (err as NodeJS.ErrnoException).code;
  if (/NODE_MODULE_VERSION|compiled against a different Node\.js version/i.test(message)) {
    return `better-sqlite3's compiled addon was built for another version of Node (this is Node ${process.versions.node})`;
  }
  if (/Could not locate the bindings file/i.test(message) || ((code === "MODULE_NOT_FOUND" || code === "ENOENT") && /better_sqlite3\.node/.test(message))) {
    return "better-sqlite3's compiled addon is missing (its install script did not run)";
  }
  if (code === "ERR_DLOPEN_FAILED" || /invalid ELF header|wrong ELF class|dlopen|not a valid Win32 application|slice is not valid mach-o|mach-o file/i.test(message)) {
    return `better-sqlite3's compiled addon cannot be loaded (${firstLine(message)})`;
  }
  return undefined;
}

function firstLine(message: string): string {
  const line = message.split("\n")[0]!.trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

function bindingError(err: unknown): TrustError | undefined {
  const problem = bindingProblem(err);
  return problem === undefined ? undefined : new TrustError(`cannot open the SQLite store: ${problem}`, undefined, { hint: BINDING_HINT, cause: err });
}
