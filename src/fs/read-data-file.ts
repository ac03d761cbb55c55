import { UsageError } from "../errors.js";
import { describeProblem, InputError, readInput } from "./read-input.js";
import { readYaml } from "./yaml-data.js";

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
  const read = readYaml(text, what);
  if (!read.ok) {
    const [first] = read.problems;
    throw new UsageError(`${label}:${first!.line}:${first!.col} ${first!.message}`);
  }
  return read.data;
}
