import { Chalk, type ChalkInstance } from "chalk";

/**
 * The one place that decides whether output gets colour: only on a terminal, never when NO_COLOR
 * is set (https://no-color.org) or `--no-color` was given, so piped output stays plain text.
 */

interface MaybeTty {
  isTTY?: boolean;
}

/** Whether to colour what is written to `stream`. */
export function useColor(stream: MaybeTty, opts: { color?: boolean } = {}, env: NodeJS.ProcessEnv = process.env): boolean {
  if (opts.color === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return stream.isTTY === true;
}

/** A chalk instance for `stream`: real colours when useColor says so, plain text (level 0) otherwise. */
export function paintFor(stream: MaybeTty, opts: { color?: boolean } = {}, env: NodeJS.ProcessEnv = process.env): ChalkInstance {
  if (!useColor(stream, opts, env)) return new Chalk({ level: 0 });
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
