/**
 * Rows in PostgreSQL's COPY text format (one line per row, tab between columns, \N for NULL),
 * what a push streams with COPY FROM STDIN (pg-copy-streams): backslash, newline, carriage
 * return and tab inside a value are escaped, as the format requires.
 * https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.2
 */
export function copyLine(values: ReadonlyArray<string | number | null>): string {
  let line = "";
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) line += "\t";
    if (v === null || v === undefined) line += "\\N";
    else if (typeof v === "number") line += Number.isFinite(v) ? String(v) : "\\N";
    else line += v.replace(/[\\\n\r\t]/g, (c) => (c === "\\" ? "\\\\" : c === "\n" ? "\\n" : c === "\r" ? "\\r" : "\\t"));
  }
  return line + "\n";
}
