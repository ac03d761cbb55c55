/** Exit codes, documented in the README; every non-zero exit goes through one of these. */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  checkFailed: 3,
  notFound: 4,
  remote: 5,
  /** The terminal hung up (SIGHUP) on a call, which was paused as by ^C: 128 + 1, as shells report it. */
  hangup: 129,
  interrupted: 130,
  /** Killed (SIGTERM) on a call, which was paused as by ^C: 128 + 15. */
  terminated: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * An error the user can act on: printed as one line (plus optional detail lines and a hint),
 * never with a stack trace unless --debug. Commands throw these; only src/index.ts prints and exits.
 */
export class TrustError extends Error {
  override name = "TrustError";
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.failure,
    readonly options: { hint?: string; details?: string[]; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
  }
  get hint(): string | undefined {
    return this.options.hint;
  }
  get details(): string[] {
    return this.options.details ?? [];
  }
}

/** Bad option, invalid playbook or answers file: exit 2. */
export class UsageError extends TrustError {
  override name = "UsageError";
  constructor(message: string, options: { hint?: string; details?: string[]; cause?: unknown } = {}) {
    super(message, ExitCode.usage, options);
  }
}

/** A session, playbook or action that does not exist: exit 4. */
export class NotFoundError extends TrustError {
  override name = "NotFoundError";
  constructor(message: string, options: { hint?: string; details?: string[] } = {}) {
    super(message, ExitCode.notFound, options);
  }
}

/** A --fail gate tripped (e.g. overdue commitments): exit 3. */
export class CheckFailedError extends TrustError {
  override name = "CheckFailedError";
  constructor(message: string, options: { hint?: string; details?: string[] } = {}) {
    super(message, ExitCode.checkFailed, options);
  }
}

/** The signals that pause a call as ^C does, each with its own exit code. */
export type PauseSignal = "SIGTERM" | "SIGHUP";

/**
 * Ctrl-C during a prompt: everything confirmed is already saved, exit 130. A kill (SIGTERM) or
 * the terminal closing (SIGHUP) pauses the same way and exits as shells report those signals.
 */
export class InterruptedError extends TrustError {
  override name = "InterruptedError";
  /** Text typed into the question but not confirmed when the call was paused: not saved, and said so. */
  readonly unconfirmed: string | undefined;
  readonly signal: PauseSignal | undefined;
  constructor(message = "Interrupted", options: { hint?: string; details?: string[]; unconfirmed?: string; signal?: PauseSignal } = {}) {
    const { unconfirmed, signal, ...rest } = options;
    super(message, signal === "SIGHUP" ? ExitCode.hangup : signal === "SIGTERM" ? ExitCode.terminated : ExitCode.interrupted, rest);
    this.unconfirmed = unconfirmed;
    this.signal = signal;
  }
}
