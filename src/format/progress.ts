import { grouped } from "./count.js";

/**
 * A progress line for long transfers (trust import, trust sync) on stderr: drawn only on a
 * terminal, redrawn at most every 100 ms, and erased when done, so a pipe, a log or `--json`
 * never sees it (no spinners on a pipe).
 */
export interface Progress {
  /** `done` of `total` (total unknown: 0) units of `what`. */
  update(done: number, total: number): void;
  end(): void;
}

const REDRAW_MS = 100;

export function progressLine(what: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY !== true) return { update: () => undefined, end: () => undefined };
  let drawn = 0;
  let shown = false;
  const width = () => Math.max(20, (stream.columns || 80) - 1);
  return {
    update(done, total) {
      const t = Date.now();
      if (t - drawn < REDRAW_MS) return;
      drawn = t;
      const count = total > 0 ? `${grouped(done)} of ${grouped(total)}` : grouped(done);
      const ratio = total > 0 ? Math.min(1, done / total) : 0;
      const label = `${what} ${count}`;
      const barWidth = Math.max(0, Math.min(30, width() - label.length - 2));
      const bar = total > 0 && barWidth > 0 ? `${"█".repeat(Math.round(ratio * barWidth)).padEnd(barWidth, "░")} ` : "";
      stream.write(`\r\x1b[2K${(bar + label).slice(0, width())}`);
      shown = true;
    },
    end() {
      if (shown) stream.write("\r\x1b[2K");
      shown = false;
    },
  };
}
