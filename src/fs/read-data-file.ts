import { isMap } from "yaml";
import { lineCol, offsetOf, pairOf } from "../playbook/positions.js";
import type { PathSegment } from "../playbook/problem.js";
import { UsageError } from "../errors.js";
import { describeProblem } from "./read-input.js";
import { MAX_FILE_BYTES, readTextFile } from "./read-text-file.js";
import { readYaml } from "./yaml-data.js";

/**
 * Reads a YAML or JSON file given on the command line (JSON is YAML) into plain data; `-` is
 * standard input, under the same size limit. Every failure is a one-line UsageError naming the
 * file, with line:col for syntax errors.
 */
export interface DataFile {
  data: unknown;
  /** How messages name the file: its path, or <stdin>. */
  label: string;
  /**
   * Where a key of the top-level mapping stands (line and column from 1), when the file has it;
   * with `at`, where that path inside the key's value stands (or the nearest part of it the file
   * has), its last key's name with `atKey`.
   */
  placeOf: (key: string, at?: readonly PathSegment[], atKey?: boolean) => { line: number; col: number } | undefined;
}

export async function readDataFile(file: string, what: string): Promise<DataFile> {
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
  const { doc, lineCounter } = data;
  const placeOf = (key: string, at: readonly PathSegment[] = [], atKey = false) => {
    const pair = isMap(doc.contents) ? pairOf(doc.contents, key) : undefined;
    const offset = (pair?.key as { range?: [number, number, number] } | undefined)?.range?.[0];
    if (offset === undefined) return undefined;
    const inside = at.length > 0 ? offsetOf(doc, [key, ...at], atKey) : offset;
    return lineCol(lineCounter, inside);
  };
  return { data: data.data, label, placeOf };
}
