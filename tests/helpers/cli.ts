import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../../bin/trust.cjs", import.meta.url));
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real built CLI as a child process, with no TTY and no colour, and an empty
 * data directory unless the caller passes one, so tests never touch the user's sessions.
 */
export function runCli(
  args: string[],
  opts: { env?: Record<string, string | undefined>; input?: string; cwd?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        XDG_DATA_HOME: "/nonexistent-trust-test-data",
        TZ: "UTC",
        ...opts.env,
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 20_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    // A command that exits without reading its input closes the pipe first: EPIPE here is not a failure.
    child.stdin.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code !== "EPIPE") reject(err);
    });
    child.stdin.end(opts.input ?? "");
  });
}

/**
 * stderr without the warnings `trust start --answers` gives for a due day before the session's
 * clock: fixtures record calls at a pinned time with commitments already due, to have overdue
 * ones to report on, and each such day is rightly said once.
 */
export function withoutPastDays(stderr: string): string {
  return stderr.replace(/^trust: warning: .* already past \(today is \d{4}-\d{2}-\d{2}\)\n/gm, "");
}
