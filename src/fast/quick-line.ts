import { existsSync } from "node:fs";
import { configFile } from "../config/settings.js";
import { parseQuick, type QuickRun } from "./argv.js";
import type { QuickSpec } from "./spec.js";

/**
 * The command line a quick way in (dist/read-<verb>.cjs, dist/sync.cjs) runs, or undefined when
 * the full CLI must: a line parseQuick leaves to commander, or any line while there is a config
 * file, which is YAML checked with zod, read by the full CLI only (src/config/).
 */
export function quickLine(args: readonly string[], spec: QuickSpec): QuickRun | undefined {
  if (existsSync(configFile())) return undefined;
  return parseQuick(args, spec);
}
