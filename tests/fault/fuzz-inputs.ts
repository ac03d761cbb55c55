import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { ROOT } from "../helpers/cli.js";
import { ANSWERS } from "./helpers.js";

/**
 * The random inputs of the fuzz test (fuzz.test.ts): text of every kind, YAML/JSON values with
 * shared objects and deep nesting, mutated playbooks and answers files, raw bytes. All drawn
 * from the seeded generator passed in, so a seed gives the same cases on every run.
 */

export type Rng = () => number;
export const int = (r: Rng, n: number) => Math.floor(r() * n);
export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[int(r, xs.length)]!;

const ALPHABETS = [
  "abcdefghijklmnopqrstuvwxyz      ",
  "ABCXYZ0123456789.",
  "-_:#&*!|>'\"%@`{}[],?\\/<>=~+",
  "\t\n\r\v\f\x00\x01\x07\x1b\x7f\x85\u2028\u2029",
  "éßñ漢字한국어ΩЖ",
  "\u202e\u200b\u200d\ufeff\u0301\u00ad",
  "😀👍🏽🧑‍🤝‍🧑",
  "\ud800\udfff{{}}",
];

/** Text of any kind: mostly short, sometimes huge, from a mix of plain, YAML-special, control and other-script characters. */
export function text(r: Rng, huge = true): string {
  const size = huge && r() < 0.05 ? 10_000 + int(r, 90_000) : int(r, r() < 0.5 ? 12 : 80);
  const alphabet = [...pick(r, ALPHABETS), ...pick(r, ALPHABETS)];
  let s = "";
  while (s.length < size) s += r() < 0.02 ? pick(r, ["{{client}}", "{{owner}}", "{{nope}}", "{{", "skip", "null", "~", "yes", "0x1F", "1e999", "&a", "*a"]) : pick(r, alphabet);
  return s;
}

const KEYS = ["id", "title", "version", "description", "steps", "prompts", "type", "message", "choices", "when", "prompt", "in", "min", "max", "what", "owner", "due", ...Object.keys(ANSWERS)];

/** A random value as YAML or JSON could hold it, shared objects included (they become anchors and aliases); at most ~300 nodes. */
export function value(r: Rng): unknown {
  return node(r, 0, [], { left: 300, huge: 2, aliases: 8 });
}

/** The budget keeps a value small enough to write: shared objects are copied out by JSON, once per use. */
function node(r: Rng, depth: number, shared: unknown[], budget: { left: number; huge: number; aliases: number }): unknown {
  const deep = depth > 3 + int(r, 4) || --budget.left < 0;
  switch (int(r, deep ? 5 : 9)) {
    case 0:
      return null;
    case 1:
      return r() < 0.5;
    case 2:
      return pick(r, [0, -1, 1, 2, 3, 5, 1.5, 1e21, -0, Number.MAX_SAFE_INTEGER + 2, Infinity, NaN]);
    case 3:
    case 4:
      return text(r, budget.huge-- > 0);
    case 5:
      return Array.from({ length: int(r, 5) }, () => node(r, depth + 1, shared, budget));
    case 6:
      if (shared.length > 0 && r() < 0.5 && budget.aliases-- > 0) return pick(r, shared);
      return Object.fromEntries(Array.from({ length: int(r, 6) }, () => [r() < 0.7 ? pick(r, KEYS) : text(r, false), node(r, depth + 1, shared, budget)]));
    case 7: {
      const made = node(r, depth + 1, shared, budget);
      shared.push(made);
      return made;
    }
    default: {
      // Deep nesting: lists of lists, hundreds deep.
      let nested: unknown = text(r, false);
      for (let i = int(r, 400); i > 0; i--) nested = [nested];
      return nested;
    }
  }
}

/** A YAML text changed in a random way: a cut, an insertion, lines moved, tabs, aliases, a second document. */
export function mutate(r: Rng, source: string): string {
  let s = source;
  for (let n = 1 + int(r, 3); n > 0; n--) {
    const at = int(r, s.length + 1);
    const lines = s.split("\n");
    switch (int(r, 10)) {
      case 0:
        s = s.slice(0, at) + s.slice(at + int(r, 200));
        break;
      case 1:
        s = s.slice(0, at) + text(r) + s.slice(at);
        break;
      case 2: {
        const i = int(r, lines.length);
        lines.splice(int(r, lines.length), 0, lines[i]!);
        s = lines.join("\n");
        break;
      }
      case 3: {
        const i = int(r, lines.length);
        const j = int(r, lines.length);
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
        s = lines.join("\n");
        break;
      }
      case 4:
        s = s.replace(/^ {2}/gm, r() < 0.5 ? "\t" : " ");
        break;
      case 5:
        s = s.slice(0, at) + pick(r, [" &a ", " *a ", " *b ", " !!binary ", " !custom ", " ? ", " |\n", " >-\n", ": ", "\n---\n", "\n...\n", "%YAML 1.1\n"]) + s.slice(at);
        break;
      case 6:
        s = s.slice(0, at) + "[".repeat(int(r, 3000)) + s.slice(at);
        break;
      case 7:
        s = `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]\n${s}`;
        break;
      case 8:
        s = s.slice(0, at);
        break;
      default:
        s = s.replace(/: (\S+)/, (_, v: string) => `: ${r() < 0.5 ? JSON.stringify(text(r)) : v.repeat(1 + int(r, 5))}`);
    }
  }
  return s;
}

export function randomBytes(r: Rng): Buffer {
  return Buffer.from(Array.from({ length: int(r, 2000) }, () => int(r, 256)));
}

const BUILTIN_TEXTS = readdirSync(join(ROOT, "playbooks")).map((name) => readFileSync(join(ROOT, "playbooks", name), "utf8"));

export function playbookText(r: Rng): string {
  switch (int(r, 4)) {
    case 0:
      return stringify(value(r), { aliasDuplicateObjects: true });
    case 1:
      return randomBytes(r).toString("latin1");
    default:
      return mutate(r, pick(r, BUILTIN_TEXTS));
  }
}

export function answersText(r: Rng): string {
  const answers: Record<string, unknown> = structuredClone(ANSWERS);
  for (let n = int(r, 5); n > 0; n--) answers[r() < 0.9 ? pick(r, Object.keys(ANSWERS)) : text(r)] = value(r);
  const yaml = r() < 0.3 ? JSON.stringify(answers) : stringify(answers);
  return r() < 0.4 ? mutate(r, yaml) : yaml;
}
