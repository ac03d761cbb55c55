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
