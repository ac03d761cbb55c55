import { InputError, readInput, type InputProblem } from "./read-input.js";

/**
 * The one reader of a text file a person hands trust (a playbook, the people file, an answers
 * file): readInput's refusals, one size limit, and UTF-8 decoding that says where the first bad
 * byte is. Callers word the outcome for their own kind of message.
 */

/** The most any such file may hold: a playbook is a few kB, so a megabyte is a mistake or an attack. */
export const MAX_FILE_BYTES = 1024 * 1024;

export type TextRead =
  | { kind: "text"; text: string }
  | { kind: "unreadable"; problem: InputProblem }
  /** Where the first byte that is not UTF-8 is, both counted from 1. */
  | { kind: "not-utf8"; line: number; col: number };

/** Reads `file` (or standard input for "-" when `stdin` is allowed) as UTF-8 text of at most MAX_FILE_BYTES. */
export async function readTextFile(file: string, opts: { stdin?: boolean } = {}): Promise<TextRead> {
  let bytes: Buffer;
  try {
    bytes = await readInput(file, MAX_FILE_BYTES, opts);
  } catch (err) {
    if (err instanceof InputError) return { kind: "unreadable", problem: err.problem };
    throw err;
  }
  return decodeUtf8(bytes);
}

/** The bytes as text, or where the first byte that is not UTF-8 sits. */
function decodeUtf8(bytes: Uint8Array): TextRead {
  try {
    return { kind: "text", text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    // Decode again leniently to say where the first bad byte is.
    const lenient = new TextDecoder("utf-8").decode(bytes);
    const before = lenient.slice(0, Math.max(0, lenient.indexOf("\uFFFD")));
    const lines = before.split("\n");
    return { kind: "not-utf8", line: lines.length, col: lines.at(-1)!.length + 1 };
  }
}
