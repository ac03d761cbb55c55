import { LineCounter, parseDocument } from "yaml";
import { UsageError } from "../errors.js";
import { describeProblem, InputError, readInput } from "./read-input.js";

const MAX_BYTES = 1024 * 1024;

/**
 * Reads a YAML or JSON file given on the command line (JSON is YAML) into plain data; `-` is
 * standard input, under the same size limit. Every failure is a one-line UsageError naming the
 * file, with line:col for syntax errors.
 */
export async function readDataFile(file: string, what: string): Promise<unknown> {
  const name = file === "-" ? `${what} - (standard input)` : `${what} ${file}`;
  let bytes: Buffer;
  try {
    bytes = await readInput(file, MAX_BYTES, { stdin: true });
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    const hint = err.problem.kind === "not-regular" ? "give a regular file, or - to read standard input" : undefined;
    throw new UsageError(`${name} ${describeProblem(err.problem, MAX_BYTES)}`, hint ? { hint } : {});
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`${name} is not valid UTF-8 text`);
  }
  const label = file === "-" ? "<stdin>" : file;
  const lineCounter = new LineCounter();
  // logLevel "error": yaml would print its warnings (a list as a key) through process.emitWarning, as a Node warning on stderr.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, logLevel: "error" });
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    throw new UsageError(`${label}:${pos.line}:${pos.col} ${first.message.split("\n")[0]}`);
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new UsageError(`${label}: ${(err as Error).message.split("\n")[0]}`);
  }
}
