import { z } from "zod";
import type { PathSegment, RuleProblem } from "./problem.js";
import { didYouMean, suggestOrList } from "./suggest.js";

/**
 * Turns zod's issues into plain-English problems with paths: zod says "Invalid input: expected
 * string, received number", a playbook author should read "must be text, not a number".
 */

type Issue = z.core.$ZodIssue;

const EXPECTED: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true/false",
  array: "a list",
  object: "a mapping",
  record: "a mapping",
};

/** How a YAML value reads to its author: `a number`, `text`, `a list`, ... */
export function describeValue(value: unknown): string {
  if (value === null) return "empty";
  if (Array.isArray(value)) return "a list";
  switch (typeof value) {
    case "string":
      return "text";
    case "number":
      // YAML reads .inf, .nan and a number too large to hold (1e400) as numbers that are not
      // finite, which no field takes: "must be a number, not a number" would say nothing.
      if (Number.isNaN(value)) return ".nan";
      return Number.isFinite(value) ? "a number" : `${value > 0 ? "infinity (.inf" : "minus infinity (-.inf"}, or a number too large to hold)`;
    case "boolean":
      return "true/false";
    case "object":
      return "a mapping";
    default:
      return typeof value;
  }
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PathSegment, unknown>)[segment];
  }
  return value;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  return s;
}

/** The object schema that describes `value`, choosing among union members by what the value holds. */
function objectSchema(schema: z.ZodType, value: unknown): z.ZodObject | undefined {
  const s = unwrap(schema);
  if (s instanceof z.ZodObject) return s;
  if (s instanceof z.ZodDiscriminatedUnion) {
    const key = s.def.discriminator;
    const options = s.options as z.ZodObject[];
    return options.find((o) => o.shape[key]?.safeParse((value as Record<string, unknown> | undefined)?.[key]).success);
  }
  if (s instanceof z.ZodUnion) return (s.options as z.ZodType[]).map(unwrap).find((o): o is z.ZodObject => o instanceof z.ZodObject);
  return undefined;
}

function childSchema(schema: z.ZodType, segment: PathSegment, value: unknown): z.ZodType | undefined {
  const s = unwrap(schema);
  if (s instanceof z.ZodArray) return s.element as z.ZodType;
  if (s instanceof z.ZodRecord) return s.valueType as z.ZodType;
  return objectSchema(s, value)?.shape[String(segment)] as z.ZodType | undefined;
}

/** The keys allowed in the mapping at `path`, as the schema describes it. */
export function allowedKeys(root: z.ZodType, path: readonly PathSegment[], data: unknown): string[] {
  let schema: z.ZodType | undefined = root;
  for (let i = 0; i < path.length && schema; i++) schema = childSchema(schema, path[i]!, valueAt(data, path.slice(0, i)));
  const object = schema && objectSchema(schema, valueAt(data, path));
  return object ? Object.keys(object.shape) : [];
}

function isZodDefaultMessage(message: string): boolean {
  return /^(Invalid|Too (small|big)|Unrecognized)/.test(message);
}

function list(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}

function typeMessage(expected: string, value: unknown): string {
  if (value === undefined) return "is required";
  if (expected === "int" && typeof value === "number" && Number.isFinite(value)) return `must be a whole number, not ${value}`;
  const want = EXPECTED[expected] ?? expected;
  return value === null ? `must be ${want}, but it is empty` : `must be ${want}, not ${describeValue(value)}`;
}

function sizeMessage(issue: Extract<Issue, { code: "too_small" | "too_big" }>): string {
  const small = issue.code === "too_small";
  const bound = Number(small ? (issue as { minimum: unknown }).minimum : (issue as { maximum: unknown }).maximum);
  if (issue.origin === "array") {
    if (small) return bound === 1 ? "must not be an empty list" : `must list at least ${bound} entries`;
    return `must list at most ${bound} ${bound === 1 ? "entry" : "entries"}`;
  }
  if (issue.origin === "string") {
    if (small) return bound === 1 ? "must not be empty" : `must be at least ${bound} characters long`;
    return `must be at most ${bound} characters long`;
  }
  if (small) return issue.inclusive ? `must be ${bound} or more` : `must be more than ${bound}`;
  return issue.inclusive ? `must be ${bound} or less` : `must be less than ${bound}`;
}

function quoted(values: readonly unknown[]): string[] {
  return values.map((v) => JSON.stringify(v));
}

/** Translates one zod issue (found under `prefix`) into problems; `root` and `data` resolve "did you mean" for keys. */
function translate(issue: Issue, prefix: PathSegment[], data: unknown, root: z.ZodType): RuleProblem[] {
  const path = [...prefix, ...issue.path.map((s) => (typeof s === "symbol" ? String(s) : s))];
  const value = valueAt(data, path);
  const custom = !isZodDefaultMessage(issue.message);
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = allowedKeys(root, path, data);
      return issue.keys.map((key) => ({
        path: [...path, key],
        atKey: true,
        message: `unknown key "${key}"${didYouMean(key, allowed) || (allowed.length > 0 ? ` (allowed here: ${allowed.join(", ")})` : "")}`,
      }));
    }
    case "invalid_union": {
      const discriminator = (issue as { discriminator?: string }).discriminator;
      const options = (issue as { options?: unknown[] }).options;
      if (discriminator !== undefined && options) {
        const names = options.map(String);
        const what = discriminator === "type" ? "prompt type" : discriminator;
        if (value === undefined) return [{ path, message: `is required: one of ${names.join(", ")}` }];
        if (typeof value !== "string") return [{ path, message: `must be one of ${names.join(", ")}, not ${describeValue(value)}` }];
        return [{ path, message: `unknown ${what} "${value}"${suggestOrList(value, names)}` }];
      }
      return unionProblems(issue, path, value, data, root);
    }
    case "invalid_type":
      return [{ path, message: typeMessage(issue.expected, value) }];
    case "too_small":
    case "too_big":
      return [{ path, message: custom ? issue.message : sizeMessage(issue) }];
    case "invalid_value": {
      if (custom) return [{ path, message: issue.message }];
      const names = issue.values.map(String);
      const hint = typeof value === "string" ? didYouMean(value, names) : "";
      return [{ path, message: names.length === 1 ? `must be ${quoted(issue.values)[0]}${hint}` : `must be one of ${quoted(issue.values).join(", ")}${hint}` }];
    }
    case "invalid_key": {
      const inner = issue.issues[0];
      const why = inner && !isZodDefaultMessage(inner.message) ? inner.message : "is not allowed here";
      return [{ path, atKey: true, message: `the key "${String(path.at(-1))}" ${why}` }];
    }
    case "invalid_format":
      return [{ path, message: custom ? issue.message : `is not in the expected ${issue.format} format` }];
    default:
      return [{ path, message: custom ? issue.message : issue.message.replace(/^Invalid input:?\s*/, "is invalid ").trim() }];
  }
}

/**
 * A value that matched no member of a plain union (a choice, a condition value): when one member
 * fits the value's kind, its own problems are the useful ones; otherwise say which kinds would do.
 */
function unionProblems(
  issue: Extract<Issue, { code: "invalid_union" }>,
  path: PathSegment[],
  value: unknown,
  data: unknown,
  root: z.ZodType,
): RuleProblem[] {
  const branches = issue.errors;
  const kindMismatch = (branch: Issue[]) => branch.some((i) => i.code === "invalid_type" && i.path.length === 0);
  const fitting = branches.filter((b) => b.length > 0 && !kindMismatch(b)).sort((a, b) => a.length - b.length);
  if (fitting[0]) return fitting[0].flatMap((i) => translate(i, path, data, root));
  const expected = [
    ...new Set(
      branches.flatMap((b) => b.filter((i) => i.code === "invalid_type" && i.path.length === 0).map((i) => EXPECTED[(i as { expected: string }).expected] ?? String((i as { expected: string }).expected))),
    ),
  ];
  if (expected.length === 0) return [{ path, message: "is not valid here" }];
  return [{ path, message: value === undefined ? "is required" : `must be ${list(expected)}, not ${describeValue(value)}` }];
}

/** Plain-English problems for every zod issue, with "did you mean" for unknown keys. */
export function shapeProblems(issues: readonly Issue[], data: unknown, root: z.ZodType): RuleProblem[] {
  return issues.flatMap((issue) => translate(issue, [], data, root));
}
