import { describeProblem, formatSize, type InputProblem } from "../fs/read-input.js";
import { MAX_FILE_BYTES, readTextFile } from "../fs/read-text-file.js";
import { isMap, isScalar, isSeq } from "yaml";
import { readYaml, type YamlProblem } from "../fs/yaml-data.js";
import { lineCol, offsetOf } from "./positions.js";
import { byPosition, formatPath, type PathSegment, type Problem, type RuleProblem } from "./problem.js";
import { RULES, checkWarnings } from "./rules.js";
import type { z } from "zod";
import { Playbook } from "./schema.js";
import { shapeProblems } from "./zod-issues.js";

export { formatProblem, type Problem } from "./problem.js";

/**
 * Reads a YAML file of trust's (a playbook, the people file) in stages (bytes, YAML, shape,
 * rules) and reports every problem of the first stage that fails, each with its line:col,
 * sorted as they appear in the file.
 */

/** `warnings`: things worth fixing that do not make the file invalid, each with its line:col. */
export type ParseResult = { ok: true; playbook: Playbook; source: string; warnings: Problem[] } | { ok: false; problems: Problem[] };

/** What kind of file is read, and what it must hold: the words of its messages, its schema and rules. */
export interface FileKind<T> {
  /** "playbook", "people file": how messages name one. */
  noun: string;
  /** What an empty file is told it needs. */
  needs: string;
  /** The keys a mapping of it has, for the message about a file that holds something else. */
  keys: string;
  schema: z.ZodType<T>;
  /** Checks across fields, each run on its own (see parseChecked: they also run on a file whose shape is wrong). */
  rules?: ReadonlyArray<(value: T) => RuleProblem[]>;
  /** Checks of a valid file whose findings are reported but do not make it invalid. */
  warnings?: (value: T) => RuleProblem[];
  /** What an empty file (or one of comments only) holds, when that is fine: a config file with every setting commented out. */
  empty?: T;
}

export type CheckedResult<T> = { ok: true; value: T; source: string; warnings: Problem[] } | { ok: false; problems: Problem[] };

const PLAYBOOK: FileKind<Playbook> = {
  noun: "playbook",
  needs: "at least id, title, version, description and steps",
  keys: "id, title, steps, ...",
  schema: Playbook,
  rules: RULES,
  warnings: checkWarnings,
};

/** `known`: the whole size is known (a regular file); else `size` is what was read before stopping. */
function tooBig(file: string, { size, known }: { size: number; known: boolean }, noun: string): Problem {
  const limit = `${MAX_FILE_BYTES / 1024 / 1024} MiB`;
  const message = known
    ? `the file is ${formatSize(size)} (${size.toLocaleString("en-US")} bytes), over the ${limit} limit for a ${noun}`
    : `the file is over the ${limit} limit for a ${noun} (stopped reading after ${size.toLocaleString("en-US")} bytes)`;
  return { file, line: 1, col: 1, path: "", message };
}

function wholeFile(file: string, message: string, line = 1, col = 1): Problem {
  return { file, line, col, path: "", message };
}

function kindOfNode(node: unknown): string {
  if (isSeq(node)) return "a list";
  if (isScalar(node)) return typeof node.value === "string" ? "a single line of text" : `a single value (${String(node.value)})`;
  return "something else";
}

/** Parses and checks playbook text; `file` only labels the problems. */
export function parsePlaybook(text: string, file: string): ParseResult {
  const r = parseChecked(text, file, PLAYBOOK);
  return r.ok ? { ok: true, playbook: r.value, source: r.source, warnings: r.warnings } : r;
}

/** Parses YAML text and checks it against a kind of file's schema and rules; `file` only labels the problems. */
export function parseChecked<T>(text: string, file: string, kind: FileKind<T>): CheckedResult<T> {
  const fail = (...problems: Problem[]): CheckedResult<T> => ({ ok: false, problems: problems.sort(byPosition) });
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_FILE_BYTES) return fail(tooBig(file, { size: bytes, known: true }, kind.noun));

  const read = readYaml(text, kind.noun, { uniqueKeys: true });
  const { doc, lineCounter } = read;
  const at = (offset: number) => lineCol(lineCounter, offset);
  const problems = (found: YamlProblem[]) => found.map((p) => wholeFile(file, p.message, p.line, p.col));
  if (!read.ok && doc.errors.length > 0) return fail(...problems(read.problems));
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    if (kind.empty !== undefined) return { ok: true, value: kind.empty, source: text, warnings: [] };
    return fail(wholeFile(file, `the file is empty: a ${kind.noun} needs ${kind.needs}`));
  }
  if (!isMap(doc.contents)) {
    const { line, col } = at(doc.contents.range?.[0] ?? 0);
    return fail(wholeFile(file, `a ${kind.noun} must be a mapping of keys (${kind.keys}), but this file holds ${kindOfNode(doc.contents)}`, line, col));
  }
  // Aliases are expanded last: an alias problem is reported once the file is known to be a mapping.
  if (!read.ok) return fail(...problems(read.problems));
  const data = read.data;

  const place = (p: RuleProblem): Problem => ({
    file,
    ...at(offsetOf(doc, p.path, p.atKey, p.piece === undefined ? undefined : { ...p.piece, source: text })),
    path: formatPath(p.path),
    message: p.message,
  });
  const shape = kind.schema.safeParse(data, { reportInput: true });
  if (!shape.success) {
    // Every problem at once: the rules run on the file as it is, so a missing description does not
    // hide a duplicate step id. What they find inside a part whose shape is wrong is left out (the
    // shape problem says what is wrong there), and a rule the broken shape trips up says nothing.
    const broken = shape.error.issues.map((i) => i.path as PathSegment[]);
    const inBroken = (p: RuleProblem) => broken.some((b) => b.length <= p.path.length && b.every((seg, i) => seg === p.path[i]));
    const rules = (kind.rules ?? []).flatMap((rule) => {
      try {
        return rule(data as T).filter((p) => !inBroken(p));
      } catch {
        return [];
      }
    });
    return fail(...shapeProblems(shape.error.issues, data, kind.schema).map(place), ...rules.map(place));
  }
  const rules = (kind.rules ?? []).flatMap((rule) => rule(shape.data));
  if (rules.length > 0) return fail(...rules.map(place));
  const warnings = (kind.warnings?.(shape.data) ?? []).map(place).sort(byPosition);
  return { ok: true, value: shape.data, source: text, warnings };
}

function readProblem(file: string, problem: InputProblem, noun: string): Problem {
  switch (problem.kind) {
    case "missing":
      return wholeFile(file, "no such file");
    case "folder":
      return wholeFile(file, `is a folder, not ${noun.endsWith("file") ? `a ${noun}` : `a ${noun} file`}`);
    case "too-big":
      return tooBig(file, problem, noun);
    default:
      return wholeFile(file, describeProblem(problem, MAX_FILE_BYTES));
  }
}

/** How problems name standard input (`-`) in `file:line:col`. */
export const STDIN_LABEL = "<stdin>";

/** `stdin`: "-" means standard input, for the commands that take a playbook through a pipe. */
export interface ReadOptions {
  stdin?: boolean;
}

/** The name a file's problems carry: its path, or STDIN_LABEL for standard input. */
export function fileLabel(file: string, opts: ReadOptions = {}): string {
  return file === "-" && opts.stdin ? STDIN_LABEL : file;
}

/** Reads a playbook file's text: refuses folders, huge files and non-UTF-8 bytes before parsing anything. */
export function readPlaybookText(file: string, opts: ReadOptions = {}): Promise<{ ok: true; text: string } | { ok: false; problems: Problem[] }> {
  return readCheckedText(file, PLAYBOOK.noun, opts);
}

async function readCheckedText(file: string, noun: string, opts: ReadOptions = {}): Promise<{ ok: true; text: string } | { ok: false; problems: Problem[] }> {
  const read = await readTextFile(file, opts);
  const label = fileLabel(file, opts);
  if (read.kind === "unreadable") return { ok: false, problems: [readProblem(label, read.problem, noun)] };
  if (read.kind === "not-utf8") return { ok: false, problems: [wholeFile(label, "is not UTF-8 text: save the file as UTF-8", read.line, read.col)] };
  return { ok: true, text: read.text };
}

/** Reads, parses and checks one playbook file (standard input for "-" when `opts.stdin`). */
export async function loadPlaybookFile(file: string, opts: ReadOptions = {}): Promise<ParseResult> {
  const read = await readPlaybookText(file, opts);
  return read.ok ? parsePlaybook(read.text, fileLabel(file, opts)) : read;
}

/** Reads, parses and checks one file of the given kind. */
export async function loadCheckedFile<T>(file: string, kind: FileKind<T>): Promise<CheckedResult<T>> {
  const read = await readCheckedText(file, kind.noun);
  return read.ok ? parseChecked(read.text, file, kind) : read;
}
