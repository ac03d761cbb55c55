/**
 * The calendar month (UTC) of an epoch-ms time as one integer, year × 12 + month − 1: how
 * sessions.started_month keeps it (migration 13), written with the session and grouped by in the
 * report (src/store/report.ts), since working it out per row with strftime took a third of a
 * report over 100,000 sessions. SQL, so the migration and the insert share the one expression;
 * monthName() in src/report/months.ts reads it back.
 */
export function monthOfSql(ms: string): string {
  return `(CAST(strftime('%Y', ${ms} / 1000.0, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', ${ms} / 1000.0, 'unixepoch') AS INTEGER) - 1)`;
}
