/** Whether Intl knows `zone` as a time zone ("Europe/Berlin", "UTC"): what TZ, --tz and the config file's timezone accept. */
export function isTimeZone(zone: string): boolean {
  if (zone.trim() === "") return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const TIME_ZONE_HELP = "use an IANA name such as Europe/Berlin, America/New_York or UTC";

// Names of UTC itself, which need no look-up: the bench and CI run with TZ=UTC.
const UTC_NAMES = /^:?(Etc\/)?(UTC|UCT|GMT|Zulu|Universal|Greenwich)([+-]?0)?$/i;

/**
 * What to say when TZ names a zone Node does not know ("Mars/Phobos", a POSIX rule such as
 * "CET-1CEST"): Node then shows and counts every time in UTC without a word. Intl is asked only
 * when TZ is set and its zone is at UTC both in January and in July, which an unknown zone is and
 * few real ones are: loading Intl's zone data costs some 20 ms, against Node's 40 ms start-up.
 */
export function timeZoneWarning(tz = process.env.TZ): string | undefined {
  if (tz === undefined || tz === "" || UTC_NAMES.test(tz)) return undefined;
  if (new Date(2026, 0, 1).getTimezoneOffset() !== 0 || new Date(2026, 6, 1).getTimezoneOffset() !== 0) return undefined;
  const resolved: string | undefined = new Intl.DateTimeFormat("en").resolvedOptions().timeZone;
  if (resolved !== undefined && resolved !== "Etc/Unknown" && resolved !== "UTC") return undefined;
  return `TZ "${tz}" is not a time zone trust can use, so times are shown and days counted in UTC: ${TIME_ZONE_HELP}`;
}

// Shared by the bundles one process may load in turn (a dist/read-<verb>.cjs hands a line it
// cannot run to the full CLI).
const WARNED = Symbol.for("trust.timeZoneWarned");

/** The warning above, once per process. */
export function warnOfTimeZone(warn: (warnings: readonly string[]) => void): void {
  const flags = globalThis as { [WARNED]?: boolean };
  if (flags[WARNED]) return;
  flags[WARNED] = true;
  const warning = timeZoneWarning();
  if (warning !== undefined) warn([warning]);
}
