import { homedir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";

/**
 * The settings a person can keep in `$XDG_CONFIG_HOME/trust/config.yaml` and where each one goes:
 * the environment variable it stands in for. Precedence, written once here: a flag wins over the
 * variable, the variable over the config file, the file over trust's default. The file fills in
 * only variables that are unset (or empty), before any command runs (src/index.ts), so every
 * place that already reads TRUST_DB, TZ and the others needs no change. No zod or yaml here: the
 * quick read path (dist/read-<verb>.cjs) only asks whether the file exists, and hands the command
 * to the full CLI when it does.
 */

export interface Setting {
  /** The key in config.yaml. */
  key: "owner" | "db" | "playbooks" | "people" | "timezone" | "locale" | "remote";
  /** The variable it fills in. */
  env: string;
  /** The flag that wins over both, when there is one. */
  flag?: string;
  /** A path, taken relative to the config file's folder (and `~/` to the home folder). */
  path?: boolean;
  /** What trust does with neither. */
  fallback: string;
  /** How the value may be shown (the team server's URL, its password masked). */
  shown?: (value: string) => string;
}

export const SETTINGS: readonly Setting[] = [
  { key: "owner", env: "TRUST_OWNER", flag: "--owner", fallback: "your login name, offered when a call starts" },
  { key: "db", env: "TRUST_DB", flag: "--db", path: true, fallback: "trust.db in $XDG_DATA_HOME/trust (~/.local/share/trust)" },
  { key: "playbooks", env: "TRUST_PLAYBOOKS", flag: "--playbooks", path: true, fallback: "playbooks/ in the config folder, when it exists" },
  { key: "people", env: "TRUST_PEOPLE", flag: "--people", path: true, fallback: "people.yaml in the config folder, when it exists" },
  { key: "timezone", env: "TZ", fallback: "the system's time zone" },
  { key: "locale", env: "TRUST_LOCALE", flag: "--locale", fallback: "dates in exports and letters written as Tue 1 Dec 2026" },
  {
    key: "remote",
    env: "TRUST_REMOTE",
    flag: "--remote",
    fallback: "none: sessions stay in this file (trust sync needs one)",
    shown: maskPassword,
  },
];

/**
 * A server address with any password in it replaced by ***, however it was written: a URL's
 * `user:password@` (with a scheme, or without one, as it is easily mistyped), its
 * `?password=` parameter, or libpq's `key=value` form (`password=s3cret`, quoted or not). A remote
 * that is refused for its form is shown in the message that refuses it, so every form is masked.
 */
export function maskPassword(url: string): string {
  return url
    .replace(/^((?:[a-z][a-z0-9+.-]*:\/\/)?[^\s/?#@:]*):[^\s@/?#]*@/i, "$1:***@")
    .replace(/([?&]password=)[^&#\s]*/gi, "$1***")
    .replace(/(^|\s)(password\s*=\s*)((?:'(?:[^'\\]|\\.)*')+\S*|\S*)/gi, "$1$2***");
}

/** trust's config folder: $XDG_CONFIG_HOME/trust, else ~/.config/trust. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), ".config"), "trust");
}

export function configFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), "config.yaml");
}

/** A path from the config file: `~/x` from the home folder, a relative one from the file's own folder. */
export function settingPath(value: string, file: string, env: NodeJS.ProcessEnv = process.env): string {
  if (value === "~") return env.HOME || homedir();
  if (value.startsWith("~/")) return join(env.HOME || homedir(), value.slice(2));
  return resolve(dirname(file), value);
}

/** The variables the config file filled in, so `trust doctor` can say where each value came from. */
const filled = new Set<string>();

/** Fills in each unset variable from the file's values; returns the variables it set. */
export function applySettings(values: Partial<Record<Setting["key"], string>>, file: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const set: string[] = [];
  for (const s of SETTINGS) {
    const value = values[s.key];
    if (value === undefined || (env[s.env] !== undefined && env[s.env] !== "")) continue;
    env[s.env] = s.path ? settingPath(value, file, env) : value;
    filled.add(s.env);
    set.push(s.env);
  }
  return set;
}

/** Where the value of an environment variable came from, for a hint: the config file's key, or the variable. */
export function whereSet(envName: string, env: NodeJS.ProcessEnv = process.env): string {
  const setting = SETTINGS.find((s) => s.env === envName);
  return setting !== undefined && filled.has(envName) ? `${setting.key}: in ${configFile(env)}` : envName;
}

/**
 * How a person points a setting elsewhere, for a hint: its flag, then the variable or, when the
 * config file set it this time, the file's key ("--db or TRUST_DB", "--db or db: in ~/.config/trust/config.yaml").
 */
export function settingNames(envName: string, env: NodeJS.ProcessEnv = process.env): string {
  const flag = SETTINGS.find((s) => s.env === envName)?.flag;
  const where = whereSet(envName, env);
  return flag === undefined ? where : `${flag} or ${where}`;
}

export type SettingSource = "flag" | "environment" | "config file" | "default";

/** Where a setting's value comes from for this run, given the flags the command was handed. */
export function settingSource(s: Setting, flags: Readonly<Record<string, unknown>>, env: NodeJS.ProcessEnv = process.env): { source: SettingSource; value: string } {
  const flagKey = s.flag?.slice(2);
  const flagged = flagKey === undefined ? undefined : flags[flagKey];
  const show = s.shown ?? ((v: string) => v);
  if (typeof flagged === "string" && flagged !== "") return { source: "flag", value: show(flagged) };
  const value = env[s.env];
  if (value !== undefined && value !== "") return { source: filled.has(s.env) ? "config file" : "environment", value: show(value) };
  return { source: "default", value: s.fallback };
}
