/**
 * A problem found in a playbook file, and how one is printed. Kept apart from the loader so
 * rules, commands and tests can share the type without loading yaml or zod.
 */

/** One step along a path into the playbook: a mapping key or a list index. */
export type PathSegment = string | number;

/** A problem before it has a place in a file: what the rules and the shape check return. */
export interface RuleProblem {
  path: PathSegment[];
  message: string;
  /** Point at the key of the last path segment rather than at its value (e.g. an unknown key). */
  atKey?: boolean;
  /** Point at this piece of the value (its nth occurrence there), where the file holds it as written (a variable inside a long text). */
  piece?: { text: string; nth: number };
}

/** A problem with its place in the file; `path` is empty for whole-file problems. */
export interface Problem {
  file: string;
  line: number;
  col: number;
  path: string;
  message: string;
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `["steps", 2, "prompts", 0, "type"]` → `steps[2].prompts[0].type`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** `file:line:col path: message`, or `file:line:col message` when the problem is about the whole file. */
export function formatProblem(p: Problem): string {
  return p.path === "" ? `${p.file}:${p.line}:${p.col} ${p.message}` : `${p.file}:${p.line}:${p.col} ${p.path}: ${p.message}`;
}

/** Orders problems as they appear in the file. */
export function byPosition(a: Problem, b: Problem): number {
  return a.line - b.line || a.col - b.col;
}
