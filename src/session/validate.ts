import { choiceValues } from "../playbook/entries.js";
import type { PathSegment } from "../playbook/problem.js";
import type { Prompt, PromptOf } from "../playbook/schema.js";
import { didYouMean } from "../playbook/suggest.js";
import { fillTemplate, variableNames } from "../playbook/template.js";
import { matchChoice } from "./choices.js";
import { ENTITY_ID, type ActionItem, type AnswerValue } from "./model.js";
import { parseDueDate } from "./time.js";

export { choiceLabel, choiceList } from "./choices.js";

/**
 * Turns raw input into the value stored for a prompt. The same rules serve a person typing on
 * the call (strings from the terminal) and an answers file (whatever YAML or JSON holds), so a
 * rehearsal in CI accepts exactly what a live call accepts. Conveniences for answers files:
 * a number where text is expected becomes text, a single string where a list is expected
 * (checklist, list) becomes a list of one, and a string in an actions list is a commitment
 * with only `what` given.
 */

/**
 * A problem with one part of an answer: where it lies inside the answer (a list's index, then a
 * commitment's field; `key` when the field's name is what is wrong), so an answers file can point
 * at its line rather than at the prompt's.
 */
export interface PartProblem {
  at: PathSegment[];
  key?: boolean;
  message: string;
}
/** `parts`: the problem, or each of the problems, `message` says, where each lies in the answer. */
export type Validation = { ok: true; value: AnswerValue } | { ok: false; message: string; parts?: PartProblem[] };
export interface ValidateContext {
  now: Date;
  /** The session owner: the default owner of commitments. */
  owner?: string;
}

/** The due date a commitment gets when neither it nor its prompt names one. */
export const DEFAULT_DUE = "+2d";
const ACTION_FIELDS = ["what", "owner", "due", "id"];

const ok = (value: AnswerValue): Validation => ({ ok: true, value });
const fail = (message: string): Validation => ({ ok: false, message });
/** One problem, with the part of the answer it lies in. */
const failAt = (part: PartProblem): Validation => ({ ok: false, message: part.message, parts: [part] });

/** Checks and normalises one answer; the message says plainly what is wrong and what was given. */
export function validateAnswer(prompt: Prompt, raw: unknown, ctx: ValidateContext): Validation {
  if (raw === undefined || raw === null) return fail("no answer was given: answer it, or skip it");
  switch (prompt.type) {
    case "text":
    case "longtext":
      return validateText(prompt, raw);
    case "confirm":
      return validateConfirm(raw);
    case "select":
      return validateSelect(prompt, raw);
    case "checklist":
      return validateChecklist(prompt, raw);
    case "rating":
      return validateRating(prompt, raw);
    case "number":
      return validateNumber(prompt, raw);
    case "date":
      return validateDate(raw, ctx.now);
    case "list":
      return validateList(prompt, raw);
    case "actions":
      return validateActions(prompt, raw, ctx);
  }
}

function validateText(prompt: PromptOf<"text"> | PromptOf<"longtext">, raw: unknown): Validation {
  const s = asText(raw);
  if (s === undefined) return fail(`the answer must be text, got ${show(raw)}`);
  if (s === "") return fail("the answer is empty: type something, or skip the prompt");
  if (prompt.type === "text" && prompt.max_length !== undefined && s.length > prompt.max_length) {
    return fail(`the answer must be at most ${prompt.max_length} characters, got ${s.length}`);
  }
  return ok(s);
}

const YES = new Set(["yes", "y", "true"]);
const NO = new Set(["no", "n", "false"]);

function validateConfirm(raw: unknown): Validation {
  if (typeof raw === "boolean") return ok(raw);
  const s = typeof raw === "string" ? raw.trim().toLowerCase() : undefined;
  if (s !== undefined && YES.has(s)) return ok(true);
  if (s !== undefined && NO.has(s)) return ok(false);
  return fail(`the answer must be yes or no, got ${show(raw)}`);
}

function validateSelect(prompt: PromptOf<"select">, raw: unknown): Validation {
  const values = choiceValues(prompt);
  const s = asText(raw);
  const choice = s === undefined ? undefined : matchChoice(prompt, s);
  if (choice) return ok(choice.value);
  const hint = s === undefined ? "" : didYouMean(s, values);
  return fail(`the answer must be one of ${values.join(", ")}, got ${show(raw)}${hint}`);
}

function validateChecklist(prompt: PromptOf<"checklist">, raw: unknown): Validation {
  const values = choiceValues(prompt);
  const items = asList(raw);
  if (!items) return fail(`the answer must be a list of choices from ${values.join(", ")}, got ${show(raw)}`);
  const picked = new Set<string>();
  for (const [i, item] of items.entries()) {
    const s = asText(item);
    const choice = s === undefined ? undefined : matchChoice(prompt, s);
    if (!choice) {
      const hint = s === undefined ? "" : didYouMean(s, values);
      return failAt({ at: [i], message: `${show(item)} is not one of the choices ${values.join(", ")}${hint}` });
    }
    if (picked.has(choice.value)) return failAt({ at: [i], message: `${show(choice.value)} is ticked twice` });
    picked.add(choice.value);
  }
  const count = countProblem(picked.size, prompt.min, prompt.max, "choice", "tick");
  if (count) return fail(count);
  // Stored in the playbook's order, so the same ticks always give the same value.
  return ok(values.filter((v) => picked.has(v)));
}

function validateRating(prompt: PromptOf<"rating">, raw: unknown): Validation {
  const n = asNumber(raw, true);
  if (n === undefined || n < prompt.min || n > prompt.max) {
    return fail(`rating must be a whole number from ${prompt.min} to ${prompt.max}, got ${show(raw)}`);
  }
  return ok(n);
}

function validateNumber(prompt: PromptOf<"number">, raw: unknown): Validation {
  const n = asNumber(raw, false);
  if (n === undefined) return fail(`the answer must be a number, got ${show(raw)}`);
  if (prompt.integer && !Number.isInteger(n)) return fail(`the answer must be a whole number, got ${show(raw)}`);
  const unit = prompt.unit ? ` ${prompt.unit}` : "";
  const { min, max } = prompt;
  if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
    const range =
      min !== undefined && max !== undefined ? `from ${min} to ${max}` : min !== undefined ? `at least ${min}` : `at most ${max}`;
    return fail(`the answer must be ${range}${unit}, got ${show(raw)}`);
  }
  return ok(n);
}

function validateDate(raw: unknown, now: Date): Validation {
  const s = asDateText(raw);
  if (s === undefined) return fail(`the answer must be a date like 2026-12-01, friday or +3d, got ${show(raw)}`);
  const date = parseDueDate(s, now);
  return date.ok ? ok(date.date) : fail(date.message);
}

function validateList(prompt: PromptOf<"list">, raw: unknown): Validation {
  const noun = prompt.item ?? "entry";
  const items = asList(raw);
  if (!items) return fail(`the answer must be a list of ${plural(noun)}, got ${show(raw)}`);
  const out: string[] = [];
  for (const [i, item] of items.entries()) {
    const s = asText(item);
    if (s === undefined) return failAt({ at: [i], message: `${noun} ${i + 1} must be text, got ${show(item)}` });
    if (s === "") return failAt({ at: [i], message: `${noun} ${i + 1} is empty` });
    out.push(s);
  }
  const count = countProblem(out.length, prompt.min, prompt.max, noun, "give");
  return count ? fail(count) : ok(out);
}

function validateActions(prompt: PromptOf<"actions">, raw: unknown, ctx: ValidateContext): Validation {
  const items = Array.isArray(raw) ? raw : undefined;
  if (!items) return fail(`the answer must be a list of commitments (what, owner, due), got ${show(raw)}`);
  const defaultOwner = prompt.owner !== undefined ? fillOwner(prompt.owner, ctx.owner) : ctx.owner;
  const out: ActionItem[] = [];
  // Every commitment's problem at once, as an answers file lists every problem it has: fixing
  // one to be told of the next took a run each.
  const problems: PartProblem[] = [];
  for (const [i, item] of items.entries()) {
    const made = action(item, i, defaultOwner, prompt.due ?? DEFAULT_DUE, ctx.now);
    if ("message" in made) problems.push(made);
    else out.push(made);
  }
  if (problems.length > 0) return { ok: false, message: problems.map((p) => p.message).join("; "), parts: problems };
  const count = countProblem(out.length, prompt.min, undefined, "commitment", "give");
  return count ? fail(count) : ok(out);
}

/** The `index`th commitment, or what is wrong with it and where in it. */
function action(item: unknown, index: number, defaultOwner: string | undefined, defaultDue: string, now: Date): ActionItem | PartProblem {
  const where = `commitment ${index + 1}`;
  const at = (message: string, field?: string, key?: boolean): PartProblem => ({ at: field === undefined ? [index] : [index, field], ...(key ? { key } : {}), message });
  if (typeof item !== "string" && !isRecord(item)) return at(`${where} must have what, owner and due, got ${show(item)}`);
  const fields = typeof item === "string" ? { what: item } : item;
  for (const key of Object.keys(fields)) {
    if (!ACTION_FIELDS.includes(key)) return at(`${where}: unknown field "${key}"${didYouMean(key, ACTION_FIELDS)}: a commitment has what, owner and due`, key, true);
  }
  const what = asText(fields.what);
  if (!what) return at(`${where}: say what is to be done`, fields.what === undefined ? undefined : "what");
  const owner = fields.owner === undefined || fields.owner === null ? defaultOwner : asText(fields.owner);
  if (!owner) return at(`${where} ("${what}") needs an owner`, fields.owner === undefined ? undefined : "owner");
  const dueText = fields.due === undefined || fields.due === null ? defaultDue : asDateText(fields.due);
  if (dueText === undefined) return at(`${where}: due must be a date like 2026-12-01, friday or +3d, got ${show(fields.due)}`, "due");
  const due = parseDueDate(dueText, now);
  if (!due.ok) return at(`${where}: due ${due.message}`, fields.due === undefined || fields.due === null ? undefined : "due");
  // The id of a commitment kept from an earlier answer (the store gives new ones theirs).
  if (fields.id === undefined || fields.id === null) return { what, owner, due: due.date };
  if (typeof fields.id !== "string" || !ENTITY_ID.test(fields.id)) return at(`${where}: id must be a commitment id of 32 hex characters, got ${show(fields.id)}`, "id");
  return { id: fields.id, what, owner, due: due.date };
}

/**
 * A prompt's default owner with {{owner}} filled in from the context; undefined when it names
 * {{owner}} and the context has none. A playbook already passed through fillPlaybook has nothing
 * left to fill; other variables are filled there, not here.
 */
function fillOwner(template: string, owner: string | undefined): string | undefined {
  if (owner === undefined && variableNames(template).includes("owner")) return undefined;
  return fillTemplate(template, { owner });
}

/** `tick at least 2 choices, got 1`, or undefined when the count is within bounds. */
function countProblem(n: number, min: number | undefined, max: number | undefined, noun: string, verb: string): string | undefined {
  if (min !== undefined && n < min) return `${verb} at least ${min} ${min === 1 ? noun : plural(noun)}, got ${n}`;
  if (max !== undefined && n > max) return `${verb} at most ${max} ${max === 1 ? noun : plural(noun)}, got ${n}`;
  return undefined;
}

function plural(noun: string): string {
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  if (/(s|x|ch|sh)$/.test(noun)) return `${noun}es`;
  return `${noun}s`;
}

/** Text from a string (trimmed) or a finite number; undefined for anything else. */
function asText(raw: unknown): string | undefined {
  if (typeof raw === "string") return raw.trim();
  if (typeof raw === "number" && Number.isFinite(raw)) return String(raw);
  return undefined;
}

/** A date as text; a Date (a YAML 1.1 timestamp, read as UTC midnight) becomes its UTC day. */
function asDateText(raw: unknown): string | undefined {
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? undefined : raw.toISOString().slice(0, 10);
  return typeof raw === "string" ? raw : undefined;
}

function asList(raw: unknown): unknown[] | undefined {
  if (Array.isArray(raw)) return raw;
  return typeof raw === "string" ? [raw] : undefined;
}

const INTEGER_TEXT = /^[-+]?\d+$/;
const NUMBER_TEXT = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i;

/** A number from a number or numeric text; `whole` also requires an integer. */
function asNumber(raw: unknown, whole: boolean): number | undefined {
  let n: number | undefined;
  if (typeof raw === "number") n = raw;
  else if (typeof raw === "string" && (whole ? INTEGER_TEXT : NUMBER_TEXT).test(raw.trim())) n = Number(raw.trim());
  if (n === undefined || !Number.isFinite(n) || (whole && !Number.isInteger(n))) return undefined;
  return n;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** A raw value as it appears in a message: quoted text, plain numbers, "a list", "a mapping". */
export function show(raw: unknown): string {
  if (typeof raw === "string") return JSON.stringify(raw.length > 40 ? `${raw.slice(0, 37)}...` : raw);
  if (typeof raw === "number" || typeof raw === "boolean") return String(raw);
  if (raw === null || raw === undefined) return "nothing";
  if (Array.isArray(raw)) return raw.length === 0 ? "an empty list" : "a list";
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? "an invalid date" : raw.toISOString().slice(0, 10);
  return "a mapping";
}
