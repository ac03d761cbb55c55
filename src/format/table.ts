/**
 * Plain aligned columns for terminal listings; long cells are cut so a row fits one line. Cells
 * may already be painted, so this cannot clean them: callers pass text people typed through
 * `visibleLine` (format/visible.ts) before painting it.
 */
export function renderTable(headers: string[], rows: string[][], opts: { maxCell?: number; bold?: (s: string) => string } = {}): string {
  const max = opts.maxCell ?? 40;
  const cut = (s: string) => {
    const one = s.replace(/\s+/g, " ");
    return one.length > max ? `${one.slice(0, max - 1)}…` : one;
  };
  const cells = rows.map((r) => r.map(cut));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join("  ");
  const head = line(headers);
  return [opts.bold ? opts.bold(head) : head, ...cells.map(line)].join("\n");
}
