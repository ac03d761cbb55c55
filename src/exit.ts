import { ExitCode, TrustError } from "./errors.js";
import { visible } from "./format/visible.js";
import { installProblem } from "./install-problem.js";

/**
 * How a run of trust ends, for both ways in (src/index.ts through commander, src/fast/read-main.ts
 * without it): the one place that prints errors and picks the exit code.
 */

/**
 * A reader that goes away (`trust sessions | head`) is not an error; a full disk behind a
 * redirect (> /dev/full), a closed or broken descriptor is one line and exit 1. Returns how to
 * take the guard off again, for a run that hands over to the other way in.
 */
export function guardStdout(): () => void {
  const onError = (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    process.stderr.write(`trust: cannot write to standard output: ${visible(err.message)}\n`);
    process.exit(ExitCode.failure);
  };
  process.stdout.on("error", onError);
  return () => process.stdout.off("error", onError);
}

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
    if (debug && err.exitCode !== ExitCode.interrupted) lines.push(visible(err.stack ?? ""));
    process.stderr.write(lines.join("\n") + "\n");
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(
    visible(
      debug && err instanceof Error
        ? `trust: unexpected error: ${err.stack}\n`
        : `trust: unexpected error: ${message}\nhint: run again with --debug for the stack trace, and please report it\n`,
    ),
  );
  return ExitCode.failure;
}
