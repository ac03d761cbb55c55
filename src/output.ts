import { plain, type Paint } from "./format/paint.js";

/**
 * The one place that decides whether output gets colour, in this order: `--no-color` never;
 * FORCE_COLOR set and not empty always (https://force-color.org; "0" or "false" means never, and
 * 1, 2, 3 pick 16, 256 or 16 million colours), even on a pipe, for CI logs that render colour;
 * a non-empty NO_COLOR never (https://no-color.org); otherwise only on a terminal, so piped output
 * stays plain text. FORCE_COLOR wins over NO_COLOR as it does for Node itself.
 */

interface MaybeTty {
  isTTY?: boolean;
}

/** FORCE_COLOR as a chalk level: undefined when not set (or empty), 0 for off. */
function forcedLevel(env: NodeJS.ProcessEnv): 0 | 1 | 2 | 3 | undefined {
  const value = env.FORCE_COLOR;
  if (value === undefined || value === "") return undefined;
  if (value === "0" || value.toLowerCase() === "false") return 0;
  if (value === "2" || value === "3") return Number(value) as 2 | 3;
  return 1;
}

/** Whether to colour what is written to `stream`. */
export function useColor(stream: MaybeTty, opts: { color?: boolean } = {}, env: NodeJS.ProcessEnv = process.env): boolean {
  if (opts.color === false) return false;
  const forced = forcedLevel(env);
  if (forced !== undefined) return forced > 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return stream.isTTY === true;
}

/**
 * How to paint what is written to `stream`: a chalk instance when useColor says so, plain text
 * otherwise. chalk is loaded only to colour: its start (its styles and its terminal detection)
 * was 2 ms of every listing written to a pipe, which never needs it.
 */
export async function paintFor(stream: MaybeTty, opts: { color?: boolean } = {}, env: NodeJS.ProcessEnv = process.env): Promise<Paint> {
  if (!useColor(stream, opts, env)) return plain;
  const { Chalk } = await import("chalk");
  const forced = forcedLevel(env);
  if (forced !== undefined) return new Chalk({ level: forced });
  // On a terminal chalk's own detection picks the depth (16, 256 or true colour) and honours TERM=dumb.
  return new Chalk();
}

/**
 * The width listings and reports fit on `stream`: its columns on a terminal, none on a pipe or a
 * file, where every cell is whole (format/table.ts). One rule, so every table agrees on it.
 */
export function fitWidth(stream: MaybeTty & { columns?: number }): number | undefined {
  return stream.isTTY === true ? stream.columns || 80 : undefined;
}
