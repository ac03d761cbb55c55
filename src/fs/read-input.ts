import { constants } from "node:fs";
import { open, stat, type FileHandle } from "node:fs/promises";
import { errnoCode, errnoReason } from "./errno.js";
import { kindOf } from "./file-kind.js";

/**
 * The one rule for reading a file named on the command line (playbook, people file, answers
 * file): only a regular file is read (or standard input, where the caller allows `-`), and never
 * more than `limit` bytes, counted on the bytes actually read, not on what stat says: a device
 * such as /dev/zero or an endless pipe says size 0 and never ends.
 */

/** Why a file was not read; the caller words it for its own kind of message. */
export type InputProblem =
  | { kind: "missing" | "folder" | "denied" | "loop" | "name-too-long" }
  | { kind: "not-regular"; what: string }
  /** `size`: the whole size when known (a regular file), else the bytes read before stopping. */
  | { kind: "too-big"; size: number; known: boolean }
  | { kind: "other"; message: string };

/** Thrown by readInput; `problem` says why, for the caller to word. */
export class InputError extends Error {
  override name = "InputError";
  constructor(readonly problem: InputProblem) {
    super(problem.kind);
  }
}

const CHUNK = 64 * 1024;

/**
 * Reads `file` whole, or standard input when `file` is "-" and `stdin` is allowed; throws an
 * InputError for a FIFO, device, socket or folder (refused before anything is read, so a FIFO
 * with no writer cannot hang), for more than `limit` bytes, and for a file that cannot be opened.
 */
export async function readInput(file: string, limit: number, opts: { stdin?: boolean } = {}): Promise<Buffer> {
  if (file === "-" && opts.stdin) return readStream(process.stdin, limit);
  let handle: FileHandle;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer. It changes nothing
    // for a regular file, and anything else is refused by the fstat below before a read.
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (err) {
    // A socket cannot be opened at all (ENXIO): say what it is rather than why open failed.
    const info = await stat(file).catch(() => undefined);
    if (info && !info.isFile() && !info.isDirectory()) throw new InputError({ kind: "not-regular", what: kindOf(info) });
    throw new InputError(openProblem(err));
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new InputError({ kind: "folder" });
    if (!info.isFile()) throw new InputError({ kind: "not-regular", what: kindOf(info) });
    if (info.size > limit) throw new InputError({ kind: "too-big", size: info.size, known: true });
    // The file may grow while it is read: the limit holds on what is read.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.alloc(Math.min(CHUNK, limit + 1 - total));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (total > limit) throw new InputError({ kind: "too-big", size: total, known: false });
    }
    return Buffer.concat(chunks, total);
  } catch (err) {
    throw err instanceof InputError ? err : new InputError(openProblem(err));
  } finally {
    await handle.close();
  }
}

/** Standard input up to `limit` bytes; one byte more and it is refused, without reading on. */
async function readStream(stream: NodeJS.ReadableStream & { destroy?: () => void }, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      chunks.push(bytes);
      total += bytes.length;
      if (total > limit) throw new InputError({ kind: "too-big", size: total, known: false });
    }
  } catch (err) {
    throw err instanceof InputError ? err : new InputError(openProblem(err));
  } finally {
    // Stop reading (an endless pipe would otherwise keep the process alive).
    stream.destroy?.();
  }
  return Buffer.concat(chunks, total);
}

function openProblem(err: unknown): InputProblem {
  switch (errnoCode(err)) {
    case "ENOENT":
    case "ENOTDIR":
      return { kind: "missing" };
    case "EISDIR":
      return { kind: "folder" };
    case "EACCES":
    case "EPERM":
      return { kind: "denied" };
    case "ELOOP":
      return { kind: "loop" };
    case "ENAMETOOLONG":
      return { kind: "name-too-long" };
    default:
      return { kind: "other", message: err instanceof Error ? err.message : String(err) };
  }
}

/** The problem as words after the file's name: "is a FIFO (named pipe), not a regular file". */
export function describeProblem(problem: InputProblem, limit: number): string {
  const mib = `${limit / 1024 / 1024} MiB`;
  switch (problem.kind) {
    case "missing":
      return "does not exist";
    case "folder":
      return "is a folder, not a file";
    case "denied":
      return `cannot be read: ${errnoReason("EACCES", "read")}`;
    case "loop":
      return `cannot be read: ${errnoReason("ELOOP", "read")}`;
    case "name-too-long":
      return `cannot be read: ${errnoReason("ENAMETOOLONG", "read")}`;
    case "not-regular":
      return `is ${problem.what}, not a regular file`;
    case "too-big":
      return problem.known
        ? `is ${formatSize(problem.size)} (${problem.size.toLocaleString("en-US")} bytes), over the ${mib} limit`
        : `is over the ${mib} limit (stopped reading after ${problem.size.toLocaleString("en-US")} bytes)`;
    case "other":
      return `cannot be read: ${problem.message}`;
  }
}

/** "1.0 MiB", "12 KiB": a size as a person reads it. */
export function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}
