import { ExitCode, InterruptedError, TrustError } from "./errors.js";
import { visible } from "./format/visible.js";
import { installProblem } from "./install-problem.js";
import { writeStderr } from "./standard-streams.js";

/**
 * How a run of trust ends, for both ways in (src/index.ts through commander, src/fast/read-main.ts
 * without it): the one place that prints errors and picks the exit code.
 */

/** The exit code a finished command leaves (a check that failed sets process.exitCode itself). */
export function finishedCode(): number {
  return typeof process.exitCode === "number" ? process.exitCode : ExitCode.ok;
}

/** Prints what went wrong, in one line where it was foreseeable, and returns the exit code. */
export function reportError(thrown: unknown, debug: boolean): number {
  const err = installProblem(thrown) ?? thrown;
  if (err instanceof TrustError) {
    // Messages quote what people typed (a client's name, a path, a value): shown, never acted on.
    const lines = [`trust: ${visible(err.message)}`, ...err.details.map((d) => `  ${visible(d)}`)];
    if (err.hint) lines.push(`hint: ${visible(err.hint)}`);
    if (debug && !(err instanceof InterruptedError)) lines.push(visible(err.stack ?? ""));
    writeStderr(lines.join("\n") + "\n");
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  writeStderr(
    visible(
      debug && err instanceof Error
        ? `trust: unexpected error: ${err.stack}\n`
        : `trust: unexpected error: ${message}\nhint: run again with --debug for the stack trace, and please report it\n`,
    ),
  );
  return ExitCode.failure;
}
