import { readFile, stat } from "node:fs/promises";
import { LineCounter, parseDocument } from "yaml";
import { UsageError } from "../errors.js";

const MAX_BYTES = 1024 * 1024;

/**
 * Reads a YAML or JSON file given on the command line (JSON is YAML) into plain data.
 * Every failure is a one-line UsageError naming the file, with line:col for syntax errors.
 */
export async function readDataFile(file: string, what: string): Promise<unknown> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(code === "ENOENT" ? `${what} ${file} does not exist` : `cannot read ${what} ${file} (${code})`);
  }
  if (size > MAX_BYTES) throw new UsageError(`${what} ${file} is ${size} bytes; the limit is ${MAX_BYTES}`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await readFile(file));
  } catch (err) {
    if (err instanceof TypeError) throw new UsageError(`${what} ${file} is not valid UTF-8 text`);
    throw new UsageError(`cannot read ${what} ${file} (${(err as NodeJS.ErrnoException).code})`);
  }
  const lineCounter = new LineCounter();
  // logLevel "error": yaml would print its warnings (a list as a key) through process.emitWarning, as a Node warning on stderr.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, logLevel: "error" });
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    throw new UsageError(`${file}:${pos.line}:${pos.col} ${first.message.split("\n")[0]}`);
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new UsageError(`${file}: ${(err as Error).message.split("\n")[0]}`);
  }
}
