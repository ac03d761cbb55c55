/** Eight block heights, lowest first. */
export const BLOCKS = "▁▂▃▄▅▆▇█";
/** Shown for a period without data, so the gap stays visible. */
export const GAP = "·";

/**
 * A one-line chart of `values` (null = no data). Heights are scaled to `range` when given, so
 * several sparklines drawn against the same range can be compared row by row; otherwise to the
 * values' own minimum and maximum. Flat data sits in the middle.
 */
export function sparkline(values: ReadonlyArray<number | null>, range?: { min: number; max: number }): string {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (known.length === 0) return GAP.repeat(values.length);
  const min = range?.min ?? Math.min(...known);
  const max = range?.max ?? Math.max(...known);
  const top = BLOCKS.length - 1;
  return values
    .map((v) => {
      if (v === null || !Number.isFinite(v)) return GAP;
      if (max <= min) return BLOCKS[Math.floor(top / 2)]!;
      const level = Math.round(((Math.min(max, Math.max(min, v)) - min) / (max - min)) * top);
      return BLOCKS[level]!;
    })
    .join("");
}
