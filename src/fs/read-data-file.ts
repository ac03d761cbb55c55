import { UsageError } from "../errors.js";
import { describeProblem } from "./read-input.js";
import { MAX_FILE_BYTES, readTextFile } from "./read-text-file.js";
import { readYaml } from "./yaml-data.js";

/**
 * Reads a YAML or JSON file given on the command line (JSON is YAML) into plain data; `-` is
 * standard input, under the same size limit. Every failure is a one-line UsageError naming the
 * file, with line:col for syntax errors.
 */
export async function readDataFile(file: string, what: string): Promise<unknown> {
  const name = file === "-" ? `${what} - (standard input)` : `${what} ${file}`;
  const read = await readTextFile(file, { stdin: true });
  if (read.kind === "unreadable") {
    const hint = read.problem.kind === "not-regular" ? "give a regular file, or - to read standard input" : undefined;
    throw new UsageError(`${name} ${describeProblem(read.problem, MAX_FILE_BYTES)}`, hint ? { hint } : {});
  }
  if (read.kind === "not-utf8") throw new UsageError(`${name} is not valid UTF-8 text`);
  const label = file === "-" ? "<stdin>" : file;
  // A key given twice is refused, as in a playbook: the later one winning would drop the first
  // list of commitments without a word.
  const data = readYaml(read.text, what, { uniqueKeys: true });
  if (!data.ok) {
    const [first] = data.problems;
    throw new UsageError(`${label}:${first!.line}:${first!.col} ${first!.message}`);
  }
  return data.data;
}
