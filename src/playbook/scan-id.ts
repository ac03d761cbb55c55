import { open, stat } from "node:fs/promises";
import { parseDocument } from "yaml";
import { MAX_FILE_BYTES } from "../fs/read-text-file.js";

/**
 * A playbook's id read from the first lines of its file, without parsing or checking the rest,
 * so finding one playbook by id does not read every playbook in the folder (issue 10: six large
 * user playbooks made every `trust start` take seconds). The answer is a claim, not a check:
 * the file that claims the wanted id is then loaded in full. Anything the scan is not sure of
 * is "unknown", and such a file is loaded in full as before.
 */

export type IdScan =
  /** The top-level `id:` the file starts with. */
  | { kind: "id"; id: string }
  /** Not found in the first lines, or written in a way the scan does not follow: load the file to know. */
  | { kind: "unknown" }
  /** Cannot be a valid playbook (not a regular file, over the size limit, unreadable): never opened. */
  | { kind: "unusable" };

/** How much of a file the scan reads at most; a playbook's id is in its first lines. */
export const SCAN_BYTES = 64 * 1024;
const CHUNK = 8 * 1024;

/** Reads a playbook file's `id:` from its first lines (at most SCAN_BYTES). */
export async function scanPlaybookId(file: string): Promise<IdScan> {
  try {
    const info = await stat(file);
    // A FIFO or device is never opened: opening a FIFO blocks until someone writes to it.
    if (!info.isFile() || info.size > MAX_FILE_BYTES) return { kind: "unusable" };
  } catch {
    return { kind: "unusable" };
  }
  let handle;
  try {
    handle = await open(file, "r");
  } catch {
    return { kind: "unusable" };
  }
  try {
    const decoder = new TextDecoder("utf-8");
    const buffer = Buffer.alloc(CHUNK);
    const scanner = new HeadScanner();
    for (let read = 0; read < SCAN_BYTES; ) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, read);
      read += bytesRead;
      const done = bytesRead === 0 || read >= SCAN_BYTES;
      const result = scanner.push(decoder.decode(buffer.subarray(0, bytesRead), { stream: !done }), done);
      if (result !== undefined) return result;
      if (done) break;
    }
    return { kind: "unknown" };
  } catch {
    return { kind: "unknown" };
  } finally {
    await handle.close();
  }
}

/** Scans playbook text line by line for its top-level `id:`; exported for tests. */
export function scanIdInText(text: string): IdScan {
  return new HeadScanner().push(text, true) ?? { kind: "unknown" };
}

class HeadScanner {
  private rest = "";
  private first = true;

  /** Feeds text; an answer once the id is found or the scan gives up, undefined to read on. */
  push(text: string, end: boolean): IdScan | undefined {
    let data = this.rest + text;
    if (this.first && data.length > 0) {
      if (data.startsWith("\uFEFF")) data = data.slice(1);
      this.first = false;
    }
    const lines = data.split("\n");
    this.rest = end ? "" : lines.pop()!;
    for (const raw of lines) {
      const result = scanLine(raw.endsWith("\r") ? raw.slice(0, -1) : raw);
      if (result !== undefined) return result;
    }
    return undefined;
  }
}

const UNKNOWN: IdScan = { kind: "unknown" };
const TOP_KEY = /^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(.*))?$/;

/** One line: the id, "unknown" when the scan cannot be sure of what follows, undefined to go on. */
function scanLine(line: string): IdScan | undefined {
  if (line.trim() === "" || line.startsWith("#")) return undefined;
  // Indented lines belong to the block of a key above; a sequence at column 0 belongs to the key above it.
  if (line.startsWith(" ") || line.startsWith("\t") || line === "-" || line.startsWith("- ")) return undefined;
  if (/^---(?:[ \t]+#.*)?[ \t]*$/.test(line)) return undefined;
  const key = TOP_KEY.exec(line);
  if (!key) return UNKNOWN;
  const value = (key[2] ?? "").trim();
  if (key[1] === "id") {
    const id = oneLine(line);
    return typeof id?.id === "string" && id.id !== "" ? { kind: "id", id: id.id } : UNKNOWN;
  }
  // A quoted or flow value may go on over the next lines, where a column-0 "id:" would be text, not a key.
  if (/^["'[{]/.test(value) && oneLine(line) === undefined) return UNKNOWN;
  return undefined;
}

/** The line read as a one-key YAML mapping, or undefined when it does not stand alone. */
function oneLine(line: string): Record<string, unknown> | undefined {
  try {
    const doc = parseDocument(line, { prettyErrors: false, logLevel: "error" });
    if (doc.errors.length > 0 || doc.warnings.length > 0) return undefined;
    // 0, not yaml-data's MAX_ALIAS_COUNT: a plain id line has no alias, and a line that has one is
    // left "unknown" for the full load (readYaml) to judge under the one limit.
    const value: unknown = doc.toJS({ maxAliasCount: 0 });
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
