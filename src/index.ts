import { warnOfTimeZone } from "./calendar/time-zone.js";
import { warn } from "./warnings.js";
import { CommanderError } from "commander";
import { existsSync } from "node:fs";
import { configFile } from "./config/settings.js";
import { buildProgram } from "./cli.js";
import { ExitCode } from "./errors.js";
import { READ_VERBS } from "./commands/readers.js";
import { finishedCode, reportError } from "./exit.js";
import { guardStdout } from "./standard-streams.js";
import { describeCommands, type QuickSpec } from "./fast/spec.js";

declare const __TRUST_VERSION__: string;

/** For the build, which prebuilds `--help` at this width for bin/trust.cjs (scripts/build.mjs). */
export { HELP_WIDTH } from "./cli.js";
/** For the build, which writes it into dist/fast-path.json: the read commands' options, for the quick way in (src/fast/). */
export function quickSpec(): QuickSpec {
  return describeCommands(buildProgram(__TRUST_VERSION__), READ_VERBS);
}
/** The same for `trust sync`, which dist/sync.cjs runs (src/fast/sync-main.ts). */
export function syncSpec(): QuickSpec {
  return describeCommands(buildProgram(__TRUST_VERSION__), ["sync"]);
}

/** Parses argv with commander, runs the command, and ends as src/exit.ts says. */
export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes("--debug");
  guardStdout();
  const program = buildProgram(__TRUST_VERSION__);
  try {
    // Before anything reads TRUST_DB, TZ and the rest: the config file fills in the unset ones.
    // Loaded only when there is one, since reading it needs yaml and zod.
    if (existsSync(configFile())) await (await import("./config/config-file.js")).applyConfigFile();
    warnOfTimeZone(warn);
    await program.parseAsync(argv);
    return finishedCode();
  } catch (err) {
    // Help and --version end through here too, with exit code 0; commander already printed.
    if (err instanceof CommanderError) return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    return reportError(err, debug);
  }
}
