/**
 * Calendar months (UTC) as the report names them, "YYYY-MM". The store keeps a session's month
 * as year × 12 + month − 1 (src/store/month-sql.ts); these turn that number into the name.
 */

/** "2026-03" for 2026 × 12 + 2. */
export function monthName(index: number): string {
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, "0")}-${String(index - year * 12 + 1).padStart(2, "0")}`;
}

/** Every month from `first` to `last` inclusive ("2026-01" ... "2026-03"). */
export function monthRange(first: string, last: string): string[] {
  const index = (name: string) => {
    const [y, m] = name.split("-").map(Number) as [number, number];
    return y * 12 + m - 1;
  };
  const out: string[] = [];
  for (let i = index(first), end = index(last); i <= end; i++) out.push(monthName(i));
  return out;
}
