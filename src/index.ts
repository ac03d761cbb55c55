import { CommanderError } from "commander";
import { buildProgram } from "./cli.js";
import { ExitCode, TrustError } from "./errors.js";
import { visible } from "./format/visible.js";
import { installProblem } from "./install-problem.js";

declare const __TRUST_VERSION__: string;

/** For the build, which prebuilds `--help` at this width for bin/trust.cjs (scripts/build.mjs). */
export { HELP_WIDTH } from "./cli.js";

/** Parses argv, runs the command, and is the one place that prints errors and picks the exit code. */
export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes("--debug");
  // A reader that goes away (`trust sessions | head`) is not an error.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    // A full disk behind a redirect (> /dev/full), a closed or broken descriptor: one line, exit 1.
    process.stderr.write(`trust: cannot write to standard output: ${visible(err.message)}\n`);
    process.exit(ExitCode.failure);
  });
  const program = buildProgram(__TRUST_VERSION__);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : ExitCode.ok;
  } catch (err) {
    return report(err, debug);
  }
}

function report(thrown: unknown, debug: boolean): number {
  const err = installProblem(thrown) ?? thrown;
  if (err instanceof CommanderError) {
    // Help and --version end through here too, with exit code 0; commander already printed.
    return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
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
