import { fstatSync, writeSync } from "node:fs";
import { ExitCode } from "./errors.js";
import { visible } from "./format/visible.js";

/**
 * stdout and stderr for commands that print their text in one go. Making process.stdout (or
 * process.stderr) on a pipe or a file loads net and Node's streams, and so does node:tty: about
 * 8 ms of a read command's start-up on a small machine (issue 11). Only a character device can be
 * a terminal, so on a pipe, a socket or a file the text goes out with write(2) and neither is
 * made; on a character device (a terminal, /dev/null, /dev/full) Node's stream does the writing,
 * as everywhere else in trust.
 */

type Fd = 1 | 2;

/** Whether `fd` may be a terminal: a character device, or one fstat cannot tell (a closed descriptor). */
export function mayBeTerminal(fd: number): boolean {
  try {
    return fstatSync(fd).isCharacterDevice();
  } catch {
    return true;
  }
}

const NOT_A_TERMINAL = Object.freeze({ isTTY: false as const });

/**
 * stdout as colour and table widths see it (src/output.ts): process.stdout where it may be a
 * terminal, and a stand-in that is not one elsewhere, so asking does not make the stream.
 */
export function stdoutTerminal(): { isTTY?: boolean; columns?: number } {
  return mayBeTerminal(1) ? process.stdout : NOT_A_TERMINAL;
}

// Per descriptor, whether text goes out with write(2): only on the quick read path, where nothing
// else writes (src/fast/read-main.ts); everywhere else Node's stream writes, as the call screen,
// commander and the prompts do, so their text and trust's own never pass each other.
const direct: Record<Fd, boolean> = { 1: false, 2: false };
// Per descriptor, whether any of trust's text went through Node's stream.
const streamed: Record<Fd, boolean> = { 1: false, 2: false };
let stdoutGone = false;

/**
 * A reader that goes away (`trust sessions | head`) is not an error: the rest of stdout is
 * dropped and the command ends as it would have. A full disk behind a redirect (> /dev/full), a
 * closed or broken descriptor is one line and exit 1.
 */
function stdoutFailed(err: NodeJS.ErrnoException): void {
  if (err.code === "EPIPE") {
    stdoutGone = true;
    return;
  }
  writeStderr(`trust: cannot write to standard output: ${visible(err.message)}\n`);
  process.exit(ExitCode.failure);
}

// The stream reports its errors later, as events: by then the command has finished, and its exit code stands.
const onStreamError = (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
  stdoutFailed(err);
};

/** Watches process.stdout for the errors above; returns how to stop, for a run that hands over to the full CLI. */
export function guardStdout(): () => void {
  process.stdout.on("error", onStreamError);
  return () => process.stdout.off("error", onStreamError);
}

/**
 * The quick read path's way out: write(2) to each of stdout and stderr that cannot be a
 * terminal, Node's stream (guarded) otherwise. Returns how to undo it before handing over.
 */
export function writeDirectly(): () => void {
  direct[1] = !mayBeTerminal(1);
  direct[2] = !mayBeTerminal(2);
  const unguard = direct[1] ? () => {} : guardStdout();
  return () => {
    direct[1] = direct[2] = false;
    unguard();
  };
}

/** Writes `text` to stdout (see above). */
export function writeStdout(text: string): void {
  if (stdoutGone || text === "") return;
  if (!direct[1]) streamTo(1).write(text);
  else writeFd(1, text, stdoutFailed);
}

/** Writes `text` to stderr; nothing is left to tell anyone when that fails. */
export function writeStderr(text: string): void {
  if (text === "") return;
  if (!direct[2]) streamTo(2).write(text);
  else writeFd(2, text, () => {});
}

function streamTo(fd: Fd): NodeJS.WriteStream {
  streamed[fd] = true;
  return fd === 1 ? process.stdout : process.stderr;
}

/**
 * Whether all of trust's text has left the process: only written with write(2), each write done
 * when it returned. Text given to Node's stream may still wait for a slow reader, and a write it
 * failed (a full disk behind /dev/full) is only reported on a later tick.
 */
export function allWritten(): boolean {
  return !streamed[1] && !streamed[2];
}

// Text is encoded into one buffer a piece at a time: a page of output (trust client on a client
// with 2,000 calls writes 2.6 MB) encoded whole touched as much new memory again, and on a small
// VM each new page of memory costs more than encoding it.
const PIECE_CHARS = 16 * 1024;
let piece: Buffer | undefined;

function writeFd(fd: Fd, text: string, failed: (err: NodeJS.ErrnoException) => void): void {
  // Three bytes at most per UTF-16 unit (a pair of surrogates makes four bytes of two units).
  piece ??= Buffer.allocUnsafe(PIECE_CHARS * 3);
  for (let from = 0; from < text.length; ) {
    let to = Math.min(text.length, from + PIECE_CHARS);
    // Never between the two halves of a surrogate pair: each half alone would be written as U+FFFD.
    if (to < text.length && isHighSurrogate(text.charCodeAt(to - 1))) to--;
    const length = piece.write(text.slice(from, to), "utf8");
    let done = 0;
    try {
      while (done < length) done += writeSync(fd, piece, done, length - done);
    } catch (err) {
      // A descriptor someone else made non-blocking, and a reader that is behind: from here on
      // Node's stream writes, queueing the rest in order.
      if ((err as NodeJS.ErrnoException).code === "EAGAIN") {
        direct[fd] = false;
        if (fd === 1) guardStdout();
        const stream = streamTo(fd);
        stream.write(Buffer.from(piece.subarray(done, length)));
        if (to < text.length) stream.write(text.slice(to));
        return;
      }
      failed(err as NodeJS.ErrnoException);
      return;
    }
    from = to;
  }
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}
