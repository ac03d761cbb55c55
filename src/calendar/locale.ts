import { UsageError } from "../errors.js";

/**
 * The locale that exports and letters write their dates in: `--locale`, else TRUST_LOCALE (which
 * the config file's `locale` fills in). Unset, trust writes `Tue 1 Dec 2026` by hand, without Intl:
 * the first Intl date format costs tens of milliseconds, a large part of a whole `trust export`
 * (issue 11). Deliberately not LANG or LC_TIME: the letters are written in English, and a machine's
 * German LANG would put "Di., 1. Dez." into an English letter nobody asked to localise. The words
 * of the letter stay English; the locale picks how its dates read (en-US: Tuesday, December 1, 2026).
 */

export const LOCALE_ENV = "TRUST_LOCALE";

export const LOCALE_HELP = "use a BCP 47 tag such as en-US, en-GB, de-DE or fr-CA";

/** Whether Intl can write dates in `tag` ("en-US", "de"): what --locale, TRUST_LOCALE and the config file's locale accept. */
export function isLocale(tag: string): boolean {
  if (!/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(tag)) return false;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([tag]).length > 0;
  } catch {
    return false; // Not well-formed: Intl throws a RangeError.
  }
}

/** The locale dates are written in for this run, or undefined for trust's own `Tue 1 Dec 2026`; a value Intl cannot use is refused, saying where it came from. */
export function dateLocale(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const tag = env[LOCALE_ENV];
  if (tag === undefined || tag === "") return undefined;
  if (!isLocale(tag)) throw new UsageError(`${LOCALE_ENV} "${tag}" is not a locale trust can write dates in`, { hint: LOCALE_HELP });
  return tag;
}

/** Checks a --locale flag and makes it this run's locale (what dateLocale reads). */
export function useLocaleFlag(tag: string | undefined, env: NodeJS.ProcessEnv = process.env): void {
  if (tag === undefined) return;
  if (!isLocale(tag)) throw new UsageError(`--locale "${tag}" is not a locale trust can write dates in`, { hint: LOCALE_HELP });
  env[LOCALE_ENV] = tag;
}
