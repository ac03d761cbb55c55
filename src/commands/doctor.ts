import type Database from "better-sqlite3";
import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { CommandOptions } from "./options.js";
import { printJson, type Printed } from "./printed.js";
import { CheckFailedError, TrustError } from "../errors.js";
import { shellQuote } from "../format/shell.js";
import { firstOnPath, sameFile } from "../fs/on-path.js";
import { SETTINGS, configFile, settingNames, settingSource } from "../config/settings.js";
import { visibleLine } from "../format/visible.js";
import { paintFor } from "../output.js";
import { checkSchema } from "../store/checks.js";
import { RESTORE_HINT, locked, storeError } from "../store/errors.js";
import { inspectHeader, removeCreatedSideFiles, sideFiles } from "../store/file.js";
import { quickCheck } from "../store/integrity.js";
import { defaultDbPath, resolveDbPath } from "../store/paths.js";
import { MigrationFailed, migrate } from "../store/migrations.js";
import { SCHEMA_VERSION } from "../store/schema-version.js";
import { BINDING_HINT, openSqlite, sqliteVersion } from "../store/sqlite.js";
import { stdoutTerminal } from "../standard-streams.js";

export type DoctorOptions = CommandOptions<"doctor">;

interface Check {
  name: string;
  ok: boolean;
  /** Worth knowing, but trust works: shown with "!", never a failure (exit 0). */
  warning?: boolean;
  detail: string;
  /** What to do about it, when it is not ok or a warning. */
  fix?: string;
}

/**
 * `trust doctor`: whether trust can work with this machine's database, and what to do when it
 * cannot. It only reads: the native SQLite binding, the file's header and schema version, its
 * full integrity check, the modes that keep client data private, and whether the team server
 * answers when one is configured (a warning when not). Exit 3 when any check fails.
 */
export async function doctor(opts: DoctorOptions): Promise<Printed> {
  const file = resolve(resolveDbPath(opts));
  const checks: Check[] = [command(), binding()];
  if (checks[1]!.ok) checks.push(...database(file));
  // The team server, when one is configured (its chunk, and node-postgres, load only then).
  if (process.env.TRUST_REMOTE) {
    const server = await (await import("../sync/server-check.js")).checkServer();
    if (server) checks.push({ name: "team server", ...server });
  }
  const failed = checks.filter((c) => !c.ok);
  const failure = failed.length ? { failure: new CheckFailedError(`${failed.length} check${failed.length === 1 ? "" : "s"} failed: ${failed.map((c) => c.name).join(", ")}`) } : {};
  const config = configFile();
  const settings = SETTINGS.map((st) => ({ key: st.key, variable: st.env, ...settingSource(st, opts) }));
  if (opts.json) return printJson({ database: file, ok: failed.length === 0, checks, config: { file: config, found: existsSync(config) }, settings }, failure);
  const paint = await paintFor(stdoutTerminal(), opts);
  const lines = [`${paint.bold("database")} ${visibleLine(file)}`];
  for (const c of checks) {
    lines.push(`${!c.ok ? paint.red("✗") : c.warning ? paint.yellow("!") : paint.green("✓")} ${c.name}: ${visibleLine(c.detail)}`);
    if (c.fix) lines.push(`  ${paint.dim("fix:")} ${visibleLine(c.fix)}`);
  }
  // Where each setting comes from: a flag, then its variable, then the config file, then the default.
  lines.push(`${paint.bold("config")} ${visibleLine(config)}${existsSync(config) ? "" : paint.dim(" (none)")}`);
  const width = Math.max(...settings.map((st) => st.key.length));
  for (const st of settings) {
    const from = st.source === "environment" ? `environment: ${st.variable}` : st.source;
    lines.push(`  ${st.key.padEnd(width)}  ${visibleLine(st.value)} ${paint.dim(`(${from})`)}`);
  }
  return { stdout: lines.join("\n") + "\n", ...failure };
}

// This program's own entry point, from the built chunk in dist/ (bin/trust.cjs beside it).
const SELF = fileURLToPath(new URL("../bin/trust.cjs", import.meta.url));

/**
 * Whether `trust` on PATH is this program: p11-kit's `trust` may come first and win silently. A
 * warning, not a failure: whoever reaches this check ran trust by another name or path already.
 */
function command(): Check {
  const found = firstOnPath("trust", process.env.PATH);
  if (found === undefined) {
    return { name: "command", ok: true, detail: `no \`trust\` on PATH; this program is ${SELF}` };
  }
  if (sameFile(found, SELF)) return { name: "command", ok: true, detail: `\`trust\` on PATH is this program (${found})` };
  return {
    name: "command",
    ok: true,
    warning: true,
    detail: `\`trust\` on PATH is ${found}, another program (p11-kit's certificate tool is also called trust); this one is ${SELF}`,
    fix: `run \`trust-call\`, which is always this program, or ${ownBinFolder() ? `put ${shellQuote(ownBinFolder()!)} before ${shellQuote(dirname(found))} on PATH` : "install it with npm (its bin folder before the other one on PATH)"}`,
  };
}

/** The folder this run was started from when it holds a `trust` that is this program (npm's bin folder, for an install). */
function ownBinFolder(): string | undefined {
  const started = process.argv[1];
  if (started === undefined) return undefined;
  const folder = dirname(resolve(started));
  return sameFile(resolve(folder, "trust"), SELF) ? folder : undefined;
}

function binding(): Check {
  try {
    return { name: "SQLite", ok: true, detail: `better-sqlite3 loads, SQLite ${sqliteVersion()}, Node ${process.versions.node}` };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      name: "SQLite",
      ok: false,
      detail: message.split("\n")[0] ?? message,
      fix: err instanceof TrustError && err.hint ? err.hint : BINDING_HINT,
    };
  }
}

function database(file: string): Check[] {
  if (!existsSync(file)) {
    return [{ name: "file", ok: true, detail: "no database yet: the first `trust start` creates it (folder 0700, file 0600)" }];
  }
  const checks: Check[] = [];
  const header = inspectHeader(file);
  if (header.kind === "not-sqlite" || header.kind === "truncated") {
    return [{ name: "file", ok: false, detail: header.kind === "truncated" ? "cut short inside its header" : "not a SQLite file", fix: `point ${settingNames("TRUST_DB")} at a trust database; restore this one from a copy` }];
  }
  if (header.kind === "empty") return [{ name: "file", ok: true, detail: "empty: trust sets it up on the next write" }];
  checks.push(...modes(file));
  let db;
  // SQLite makes -wal and -shm files to read a WAL database; those it made here go again after.
  const before = sideFiles(file);
  try {
    db = openSqlite(file, { readonly: true, fileMustExist: true, timeout: 5000 });
  } catch (err) {
    checks.push({ name: "open", ok: false, detail: err instanceof Error ? err.message : String(err), fix: "check the file's permissions" });
    return checks;
  }
  try {
    // The same rules as every command that opens it (src/store/checks.ts).
    try {
      const { version } = checkSchema(db, file);
      const failed = version === SCHEMA_VERSION ? undefined : upgradeProblem(db);
      checks.push(
        failed === undefined
          ? {
              name: "schema",
              ok: true,
              detail: version === SCHEMA_VERSION ? `version ${version}, current` : `version ${version}: the next write upgrades it to ${SCHEMA_VERSION}, keeping a backup first`,
            }
          : {
              name: "schema",
              ok: false,
              detail: `version ${version}, but the upgrade to ${SCHEMA_VERSION} cannot apply: ${failed}; its recorded version does not match its tables`,
              fix: `Restore it from a copy made before it was changed by hand, or ask for help with \`sqlite3 ${shellQuote(file)} .schema\`.`,
            },
      );
    } catch (err) {
      if (!(err instanceof TrustError)) throw err;
      checks.push({ name: "schema", ok: false, detail: err.message, fix: /newer version/.test(err.message) ? "upgrade trust" : `point ${settingNames("TRUST_DB")} at a trust database` });
      return checks;
    }
    const problems = quickCheck(db, true);
    checks.push(
      problems.length === 0
        ? { name: "integrity", ok: true, detail: "integrity_check ok" }
        : {
            name: "integrity",
            ok: false,
            detail: `integrity_check found ${problems.length} problem${problems.length === 1 ? "" : "s"}: ${problems.slice(0, 3).join("; ")}`,
            fix: `${RESTORE_HINT(file)} trust writes nothing to it until then.`,
          },
    );
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    // Busy is not damage: another process holds the file, and restoring it would be wrong advice.
    // Nor is a file SQLite cannot open or read for another reason (a read-only folder it cannot
    // keep its -shm in, a permission, a full disk): said as every command says it.
    const unreadable = typeof code === "string" && !/^SQLITE_(CORRUPT|NOTADB)/.test(code) ? storeError(err, file) : undefined;
    if (typeof code === "string" && /^SQLITE_(BUSY|LOCKED)/.test(code)) {
      const { message, hint } = locked(file);
      checks.push({ name: "integrity", ok: false, detail: `could not be checked: ${message}`, fix: hint });
    } else if (unreadable instanceof TrustError) {
      checks.push({ name: "integrity", ok: false, detail: `could not be checked: ${unreadable.message}`, fix: unreadable.hint ?? "" });
    } else {
      checks.push({ name: "integrity", ok: false, detail: err instanceof Error ? err.message : String(err), fix: RESTORE_HINT(file) });
    }
  } finally {
    db.close();
    removeCreatedSideFiles(file, before);
  }
  return checks;
}

/**
 * Whether the migrations a file from an older trust needs would apply, tried on a copy in memory
 * (the file itself is only read): a file whose recorded version does not match its tables would
 * otherwise be passed as upgradable, and every command would then refuse it.
 */
function upgradeProblem(db: Database.Database): string | undefined {
  const image = db.serialize();
  // A WAL file's header says so (bytes 18 and 19 = 2), and SQLite cannot open such an image in
  // memory, where there is no -wal file: marked as a rollback-journal file, it opens.
  image[18] = 1;
  image[19] = 1;
  const copy = openSqlite(image);
  try {
    migrate(copy);
    return undefined;
  } catch (err) {
    return err instanceof MigrationFailed ? err.message : err instanceof Error ? err.message : String(err);
  } finally {
    copy.close();
  }
}

/**
 * The file, -wal and -shm 0600, and trust's own data folder 0700: client data is for this user
 * alone. A folder given with --db is the user's to choose (a shared /tmp is 1777 by design).
 */
function modes(file: string): Check[] {
  const wrong: string[] = [];
  const mode = (path: string) => statSync(path).mode & 0o777;
  const folder = dirname(file);
  if (folder === dirname(defaultDbPath()) && mode(folder) & 0o077) wrong.push(`folder ${folder} is ${mode(folder).toString(8)}`);
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(path) && mode(path) & 0o077) wrong.push(`${path} is ${mode(path).toString(8)}`);
  }
  return [
    wrong.length === 0
      ? { name: "privacy", ok: true, detail: "files 0600: only you can read them" }
      : { name: "privacy", ok: false, detail: `others may read client data: ${wrong.join(", ")}`, fix: `chmod 600 ${shellQuote(file)}*${wrong.some((w) => w.startsWith("folder")) ? ` && chmod 700 ${shellQuote(folder)}` : ""}` },
  ];
}
