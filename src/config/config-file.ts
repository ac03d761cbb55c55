import { existsSync } from "node:fs";
import { z } from "zod";
import { LOCALE_HELP, isLocale } from "../calendar/locale.js";
import { TIME_ZONE_HELP, isTimeZone } from "../calendar/time-zone.js";
import { UsageError } from "../errors.js";
import { formatProblem, loadCheckedFile, type FileKind } from "../playbook/load.js";
import { applySettings, configFile } from "./settings.js";

/**
 * `$XDG_CONFIG_HOME/trust/config.yaml`, checked like a playbook: every problem at its line:col,
 * exit 2, nothing run. Its values fill in the variables src/config/settings.ts names.
 */

/** A time zone Intl knows ("Europe/Berlin", "UTC"), as TZ would take it. */
const TimeZone = z.string().refine(isTimeZone, { message: `is not a time zone: ${TIME_ZONE_HELP}` });

/** A locale Intl can write dates in ("en-US", "de-DE"). */
const Locale = z.string().refine(isLocale, { message: `is not a locale trust can write dates in: ${LOCALE_HELP}` });

const Text = z.string().trim().min(1);

export const ConfigFile = z.strictObject({
  owner: Text.optional().describe("who owns a call's follow-up when --owner is not given (TRUST_OWNER)"),
  db: Text.optional().describe("the SQLite file holding the sessions (TRUST_DB); relative to this file's folder"),
  playbooks: Text.optional().describe("a folder of your own playbooks (TRUST_PLAYBOOKS); relative to this file's folder"),
  people: Text.optional().describe("the people file (TRUST_PEOPLE); relative to this file's folder"),
  timezone: TimeZone.optional().describe("the time zone dates are shown in and days are counted in (TZ)"),
  locale: Locale.optional().describe("the locale dates in exports and letters are written in, e.g. en-US (TRUST_LOCALE); the words stay English"),
  remote: Text.regex(/^postgres(ql)?:\/\//i, "must be a postgres:// URL")
    .optional()
    .describe("the team's PostgreSQL server for trust sync (TRUST_REMOTE); keep the password in ~/.pgpass, not here"),
});
export type ConfigFile = z.infer<typeof ConfigFile>;

const KIND: FileKind<ConfigFile> = {
  noun: "config file",
  needs: "settings such as owner, db, playbooks, people, timezone, locale or remote",
  keys: "owner, db, playbooks, people, timezone, locale, remote",
  schema: ConfigFile,
  empty: {},
};

/** Reads the config file when there is one and fills in the variables it stands in for; a file with problems is refused. */
export async function applyConfigFile(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const file = configFile(env);
  if (!existsSync(file)) return;
  const r = await loadCheckedFile(file, KIND);
  if (!r.ok) {
    const n = r.problems.length;
    throw new UsageError(`config file ${file} has ${n} problem${n === 1 ? "" : "s"}`, { details: r.problems.map(formatProblem) });
  }
  applySettings(r.value, file, env);
}
