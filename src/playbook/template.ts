import type { PathSegment } from "./problem.js";
import type { Choice, Playbook, Prompt, Step } from "./schema.js";
import { didYouMean } from "./suggest.js";

/**
 * The `{{name}}` variables of playbook text, in one place: which names there are, the one pattern
 * that finds them, filling them in from a session, checking them, and the list of the playbook's
 * texts a person reads (the only texts that are filled or checked). No zod here, and only type
 * imports from schema.ts: the live call and the exports load this module.
 */

/** The session fields a playbook's text may use as {{variables}}. */
export const TEMPLATE_VARIABLES = ["client", "incident", "owner", "severity", "attendees"] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
/** What each variable is filled with. */
export type TemplateValues = Record<TemplateVariable, string>;

/** What {{attendees}} says when the session lists no attendees. */
export const NO_ATTENDEES = "everyone on the call";

/**
 * One variable: `{{name}}`, spaces allowed inside the braces (`{{ client }}`). The name is
 * anything without braces, so `{{Client}}` or `{{due date}}` are found, then reported as unknown.
 */
const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Whether `name` is one of TEMPLATE_VARIABLES (never an inherited key such as "constructor"). */
export function isTemplateVariable(name: string): name is TemplateVariable {
  return (TEMPLATE_VARIABLES as readonly string[]).includes(name);
}

/** The variable names a text uses, as written but without the braces and spaces, in order. */
export function variableNames(text: string): string[] {
  return [...text.matchAll(VARIABLE)].map((m) => m[1] ?? "");
}

/**
 * Fills the known variables in one pass: unknown names, and known ones with no value given,
 * stay as written. A value is never read again for variables, so a client called "{{owner}}"
 * shows as "{{owner}}".
 */
export function fillTemplate(text: string, values: Partial<TemplateValues>): string {
  return text.replace(VARIABLE, (whole, name: string) => (isTemplateVariable(name) ? (values[name] ?? whole) : whole));
}

/** The session fields the variables are filled from (a SessionInfo or SessionRecord has them all). */
export interface TemplateSession {
  client: string;
  incident: string;
  owner: string;
  severity: string;
  /** Our people and the client's on the call (the client's named first in {{attendees}}). */
  attendees: readonly { name: string }[];
  contacts?: readonly { name: string }[];
}

/**
 * "Priya Raman, Sam Lee and Jo Park"; NO_ATTENDEES when there are none. en-GB, no comma before
 * "and", like the rest of trust's English. Written out rather than with Intl.ListFormat, whose
 * first use loads ICU's locale data: 20 ms of every export, against a Node start-up of 40-80.
 */
export function attendeeList(attendees: readonly string[]): string {
  if (attendees.length === 0) return NO_ATTENDEES;
  if (attendees.length === 1) return attendees[0]!;
  return `${attendees.slice(0, -1).join(", ")} and ${attendees.at(-1)!}`;
}

/** The value of every variable for one session. */
export function templateValues(session: TemplateSession): TemplateValues {
  return {
    client: session.client,
    incident: session.incident,
    owner: session.owner,
    severity: session.severity,
    attendees: attendeeList([...(session.contacts ?? []), ...session.attendees].map((p) => p.name)),
  };
}

const KNOWN_VARIABLES = TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(", ");

/** Problems with the `{{name}}` variables in one text: unknown names, and `{{` left open. */
export function templateProblems(text: string): string[] {
  return templateFindings(text).map((f) => f.message);
}

/**
 * The same, each with the piece of the text it is about (the variable as written, or the open
 * `{{` and what follows it on its line), so a playbook problem can point at it, not at the text's start.
 */
export function templateFindings(text: string): Array<{ message: string; piece: string; nth: number }> {
  const found: Array<{ message: string; piece: string; nth: number }> = [];
  const closed = new Set<number>();
  for (const match of text.matchAll(VARIABLE)) {
    const [whole, name = ""] = match;
    closed.add(match.index);
    if (isTemplateVariable(name)) continue;
    const hint = didYouMean(name, TEMPLATE_VARIABLES, (s) => `{{${s}}}`);
    found.push({ message: `unknown variable ${whole}${hint || ` (known ones: ${KNOWN_VARIABLES})`}`, piece: whole, nth: occurrencesBefore(text, whole, match.index) });
  }
  if (text.replace(VARIABLE, "").includes("{{")) {
    // The first "{{" no variable starts at (inside "{{{x}}}" that is the first of the three).
    const open = [...text.matchAll(/\{\{/g)].find((m) => !closed.has(m.index) && !closed.has(m.index + 1));
    const piece = open === undefined ? "{{" : text.slice(open.index).split("\n")[0]!;
    found.push({ message: `has "{{" without a closing "}}"`, piece, nth: open === undefined ? 0 : occurrencesBefore(text, piece, open.index) });
  }
  return found;
}

/** How many times `piece` stands in `text` before `index`: which of its occurrences a finding is about. */
function occurrencesBefore(text: string, piece: string, index: number): number {
  let n = 0;
  for (let at = text.indexOf(piece); at >= 0 && at < index; at = text.indexOf(piece, at + 1)) n++;
  return n;
}

/** Turns one display text into what is shown; `path` says where it sits, e.g. ["steps", 0, "title"]. */
export type DisplayTextMapper = (text: string, path: PathSegment[]) => string;

/**
 * A copy of the playbook with every text a person reads passed through `map`, in playbook order:
 * the playbook's title and description (filled in a session's exports; shown as written where
 * there is no session, as in `trust playbooks`), then for each step its title, guidance, say and
 * avoid lines, then each prompt's message, help, list `item`,
 * actions `owner` default, rating `labels`, number `unit`, and a select or checklist choice's
 * `label` and `help`. Never ids, choice values, defaults, conditions or anything else that is
 * matched against answers: a plain-string choice is its own value, so it is left alone.
 * This is THE list of display texts: fillPlaybook fills exactly these and the templateVariables
 * rule checks exactly these.
 */
export function mapDisplayTexts(playbook: Playbook, map: DisplayTextMapper): Playbook {
  const title = map(playbook.title, ["title"]);
  const description = map(playbook.description, ["description"]);
  return { ...playbook, title, description, steps: playbook.steps.map((step, i) => mapStep(step, ["steps", i], map)) };
}

function mapStep(step: Step, at: PathSegment[], map: DisplayTextMapper): Step {
  // Built field by field, so `map` sees the texts in reading order.
  const out: Step = { ...step, title: map(step.title, [...at, "title"]) };
  if (step.guidance !== undefined) out.guidance = map(step.guidance, [...at, "guidance"]);
  if (step.say !== undefined) out.say = step.say.map((text, k) => map(text, [...at, "say", k]));
  if (step.avoid !== undefined) out.avoid = step.avoid.map((text, k) => map(text, [...at, "avoid", k]));
  out.prompts = step.prompts.map((prompt, j) => mapPrompt(prompt, [...at, "prompts", j], map));
  return out;
}

function mapPrompt(prompt: Prompt, at: PathSegment[], map: DisplayTextMapper): Prompt {
  const out: Prompt = { ...prompt, message: map(prompt.message, [...at, "message"]) };
  if (out.help !== undefined) out.help = map(out.help, [...at, "help"]);
  switch (out.type) {
    case "list":
      if (out.item !== undefined) out.item = map(out.item, [...at, "item"]);
      break;
    case "actions":
      if (out.owner !== undefined) out.owner = map(out.owner, [...at, "owner"]);
      break;
    case "rating":
      if (out.labels !== undefined) {
        const labels = out.labels;
        out.labels = Object.fromEntries(Object.keys(labels).map((key) => [key, map(labels[key]!, [...at, "labels", key])]));
      }
      break;
    case "number":
      if (out.unit !== undefined) out.unit = map(out.unit, [...at, "unit"]);
      break;
    case "select":
    case "checklist":
      out.choices = out.choices.map((choice, k) => mapChoice(choice, [...at, "choices", k], map));
      break;
  }
  return out;
}

function mapChoice(choice: Choice, at: PathSegment[], map: DisplayTextMapper): Choice {
  if (typeof choice === "string") return choice;
  const out = { ...choice };
  if (out.label !== undefined) out.label = map(out.label, [...at, "label"]);
  if (out.help !== undefined) out.help = map(out.help, [...at, "help"]);
  return out;
}

/** One text a person reads, with its place in the playbook. */
export interface DisplayText {
  path: PathSegment[];
  text: string;
}

/** Every display text of a playbook (see mapDisplayTexts), in playbook order. */
export function displayTexts(playbook: Playbook): DisplayText[] {
  const texts: DisplayText[] = [];
  mapDisplayTexts(playbook, (text, path) => {
    texts.push({ path, text });
    return text;
  });
  return texts;
}

/** A copy of the playbook with the variables filled in every display text; ids, values and conditions untouched. */
export function fillPlaybook(playbook: Playbook, values: Partial<TemplateValues>): Playbook {
  return mapDisplayTexts(playbook, (text) => fillTemplate(text, values));
}
