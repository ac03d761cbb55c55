import type { LetterRole } from "../playbook/constants.js";
import type { Playbook, Prompt, PromptType, Step } from "../playbook/schema.js";
import { fillPlaybook, templateValues } from "../playbook/template.js";
import { choiceLabel, choiceList } from "../session/choices.js";
import { effectiveState, visiblePrompts, visibleSteps } from "../session/engine.js";
import type { ActionItem, ActionRecord, AnswerValue, SessionRecord, SessionSource, SessionStatus } from "../session/model.js";
import type { Person } from "../session/person.js";
import { personJson, type PersonJson } from "../json/person.js";
import type { SessionState } from "../session/state.js";
import type { Audience } from "./audiences.js";
import { isoTimestamp } from "./dates.js";
import { REDACTED, redactText } from "./redact.js";

/**
 * The export document: one plain object built from a session, which `trust export --format json`
 * prints as it is ("trust.export", EXPORT_VERSION) and the markdown renderers turn into a summary
 * or a letter. Its shape is the interfaces below, written once: keys always come in their order,
 * times are ISO 8601 in UTC, calendar dates YYYY-MM-DD, and the keys marked "team only" are
 * absent from --audience client exports.
 *
 * The client audience holds what the letter says and nothing more: only the prompts the playbook
 * gives a part in the letter (`letter:`), never one marked `internal` or a rating (ratings are our
 * own measurements), no severity and no notes. Our reads of the client (how they took the
 * apology, their mood) are answers too, and a client-facing system fed this JSON must not get them. --redact turns the values of prompts marked
 * `sensitive` into "[redacted]", and email addresses, phone numbers, card numbers and IBANs in
 * every field people typed (answers, notes, commitments and their owners, the incident, the
 * client's, owner's, attendees' and contacts' names) into "[email]", "[phone]", "[card]" and
 * "[iban]" (see redact.ts); the rest of each text is kept.
 */

export const EXPORT_FORMAT = "trust.export";
/**
 * 2: attendees became people ({ name, email? }) and the client's contacts were added; later,
 * each prompt's `letter` part was added (a new key, so still version 2).
 */
export const EXPORT_VERSION = 2;

export type { Audience } from "./audiences.js";

export interface ExportOptions {
  audience: Audience;
  redact: boolean;
}

export interface ExportInput {
  /** The playbook snapshot stored with the session. */
  playbook: Playbook;
  session: SessionRecord;
  state: SessionState;
  actions: ActionRecord[];
}

/** An answered or skipped prompt of a step reached on the call; unanswered ones are left out. */
export interface ExportPrompt {
  id: string;
  type: PromptType;
  message: string;
  category: "fact" | "feeling" | null;
  /** What the answer is in the client letter, or null when it stays out of it. */
  letter: LetterRole | null;
  internal: boolean;
  sensitive: boolean;
  status: "answered" | "skipped";
  at: string;
  /**
   * Null when skipped; "[redacted]" when redacted. Otherwise as its prompt type gives it: text,
   * longtext, select and date a string; number and rating a number; confirm a boolean; list and
   * checklist an array of strings; actions an array of { what, owner, due }.
   */
  value: AnswerValue | null;
  redacted: boolean;
  /** select: the chosen label; rating: the scale's word, if any. */
  label?: string;
  /** rating: the scale. */
  min?: number;
  max?: number;
  /** rating: the metric it measures, if any. */
  metric?: string;
  /** number: its unit. */
  unit?: string;
  /** checklist: every item, ticked or not. */
  choices?: Array<{ value: string; label: string; ticked: boolean }>;
}

export interface ExportNote {
  text: string;
  at: string;
}

/** A step reached on the call, in playbook order. */
export interface ExportStep {
  id: string;
  title: string;
  skipped: boolean;
  spentMs: number;
  prompts: ExportPrompt[];
  /** Team only. */
  notes?: ExportNote[];
}

/** A current commitment (superseded ones are left out), soonest due first. */
export interface ExportCommitment {
  id: string;
  /** The actions prompt that recorded it. */
  prompt: string;
  what: string;
  owner: string;
  due: string;
  status: "open" | "done" | "cancelled";
  doneAt: string | null;
  /** Team only. */
  doneNote?: string | null;
  /** Team only: why a cancelled commitment will not be done. */
  cancelReason?: string | null;
}

export interface ExportRating {
  metric: string;
  prompt: string;
  value: number;
  min: number;
  max: number;
  label: string | null;
}

export interface ExportTrust {
  before: number | null;
  after: number | null;
  change: number | null;
  min: number;
  max: number;
}

export interface ExportDocument {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  audience: Audience;
  /** Made with --redact. */
  redacted: boolean;
  session: {
    id: string;
    client: string;
    incident: string;
    /** Team only. */
    severity?: SessionRecord["severity"];
    owner: string;
    attendees: PersonJson[];
    contacts: PersonJson[];
    rehearsal: boolean;
    status: SessionStatus;
    startedAt: string;
    completedAt: string | null;
    /** Time on the call, pauses left out; 0 for a file run. */
    activeMs: number;
    /** live: walked on the call screen; file: answered from a file at one instant (no call time). */
    source: SessionSource;
  };
  /** The snapshot the session ran with. */
  playbook: { id: string; title: string; version: number };
  /** Team only. */
  trust?: ExportTrust | null;
  /** Team only. */
  ratings?: ExportRating[];
  steps: ExportStep[];
  commitments: ExportCommitment[];
  /** Team only: notes not tied to a step shown. */
  notes?: Array<{ step: string | null; text: string; at: string }>;
}

/** Builds the export document for one session; pure. */
export function buildExport(input: ExportInput, options: ExportOptions): ExportDocument {
  const { session, actions } = input;
  const team = options.audience === "team";
  const free = (text: string) => (options.redact ? redactText(text) : text);
  // Every field people typed goes through `free`: the names too, since a client or an owner may be
  // typed with a phone number or an address in it, and the playbook's texts are filled in with them.
  const client = free(session.client);
  const incident = free(session.incident);
  const owner = free(session.owner);
  const attendees = session.attendees.map((p) => exportPerson(p, free));
  const contacts = session.contacts.map((p) => exportPerson(p, free));
  // Every text read from the playbook (titles, questions, choice and rating labels) comes filled in.
  const playbook = fillPlaybook(input.playbook, templateValues({ ...session, client, incident, owner, attendees, contacts }));
  // Answers to prompts hidden by a later change of an earlier answer no longer count.
  const state = effectiveState(playbook, input.state, session);

  const steps = visibleSteps(playbook, state, session)
    .filter((step) => reached(step, state))
    .map((step): ExportStep => {
      const prompts = visiblePrompts(step, state, session)
        .filter((p) => team || (p.letter !== undefined && !p.internal && p.type !== "rating"))
        .flatMap((p) => exportPrompt(p, state, { redact: options.redact, free }));
      const out: ExportStep = {
        id: step.id,
        title: step.title,
        skipped: state.skippedSteps.has(step.id),
        spentMs: state.stepTimes.get(step.id)?.spentMs ?? 0,
        prompts,
      };
      if (team) {
        out.notes = state.notes
          .filter((n) => n.step === step.id)
          .map((n) => ({ text: free(n.text), at: isoTimestamp(n.at) }));
      }
      return out;
    });

  const sensitivePrompts = new Set(playbook.steps.flatMap((s) => s.prompts.filter((p) => p.sensitive).map((p) => p.id)));
  // The client hears of what we will do and have done; the team also sees what was called off.
  const commitments = actions
    .filter((a) => a.status === "open" || a.status === "done" || (team && a.status === "cancelled"))
    .sort((a, b) => compare(a.due, b.due) || a.createdAt - b.createdAt || compare(a.prompt, b.prompt) || a.position - b.position)
    .map((a) => exportCommitment(a, team, free, options.redact && sensitivePrompts.has(a.prompt)));

  const ratings = team ? collectRatings(steps) : [];
  const generalNotes = state.notes
    .filter((n) => n.step === undefined || !steps.some((s) => s.id === n.step))
    .map((n) => ({ step: n.step ?? null, text: free(n.text), at: isoTimestamp(n.at) }));
  // Built in one literal so the JSON keys come out in the documented order.
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    audience: options.audience,
    redacted: options.redact,
    session: {
      id: session.id,
      client,
      incident,
      ...(team ? { severity: session.severity } : {}),
      owner,
      attendees,
      contacts,
      rehearsal: session.rehearsal,
      status: session.status,
      startedAt: isoTimestamp(session.startedAt),
      completedAt: session.completedAt === null ? null : isoTimestamp(session.completedAt),
      activeMs: input.state.activeMs,
      source: session.source,
    },
    playbook: { id: playbook.id, title: playbook.title, version: playbook.version },
    ...(team ? { trust: trustChange(ratings), ratings } : {}),
    steps,
    commitments,
    ...(team ? { notes: generalNotes } : {}),
  };
}

/** Plain code-unit order: the same on every machine, unlike localeCompare. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A step counts as reached once it was started, skipped, or has an answer. */
function reached(step: Step, state: SessionState): boolean {
  return (
    state.stepTimes.has(step.id) ||
    state.skippedSteps.has(step.id) ||
    step.prompts.some((p) => state.answers.has(p.id)) ||
    state.notes.some((n) => n.step === step.id)
  );
}

interface PromptContext {
  redact: boolean;
  free: (text: string) => string;
}

/** One prompt's answer for the document, or nothing when it was never answered nor skipped. */
function exportPrompt(p: Prompt, state: SessionState, ctx: PromptContext): ExportPrompt[] {
  const answer = state.answers.get(p.id);
  if (!answer) return [];
  const out: ExportPrompt = {
    id: p.id,
    type: p.type,
    message: p.message,
    category: p.category ?? null,
    letter: p.letter ?? null,
    internal: p.internal ?? false,
    sensitive: p.sensitive ?? false,
    status: answer.kind,
    at: isoTimestamp(answer.at),
    value: null,
    redacted: false,
  };
  if (answer.kind === "skipped") return [out];
  if (ctx.redact && p.sensitive) {
    out.value = REDACTED;
    out.redacted = true;
    return [out];
  }
  const value = answer.value;
  switch (p.type) {
    case "text":
    case "longtext":
      out.value = typeof value === "string" ? ctx.free(value) : value;
      break;
    case "list":
      out.value = Array.isArray(value) ? value.map((v) => (typeof v === "string" ? ctx.free(v) : v)) as AnswerValue : value;
      break;
    case "actions":
      out.value = Array.isArray(value)
        ? (value as ActionItem[]).map((a) => ({ what: ctx.free(a.what), owner: ctx.free(a.owner), due: a.due }))
        : value;
      break;
    case "select":
      out.value = value;
      if (typeof value === "string") out.label = choiceLabel(p, value);
      break;
    case "checklist": {
      out.value = value;
      const ticked = new Set(Array.isArray(value) ? (value as string[]) : []);
      out.choices = choiceList(p).map((c) => ({ value: c.value, label: c.label, ticked: ticked.has(c.value) }));
      // A ticked value that an older playbook had and this snapshot lacks is still shown.
      for (const v of ticked) if (!out.choices.some((c) => c.value === v)) out.choices.push({ value: v, label: v, ticked: true });
      break;
    }
    case "rating": {
      out.value = value;
      const label = typeof value === "number" ? p.labels?.[String(value)] : undefined;
      if (label !== undefined) out.label = label;
      out.min = p.min;
      out.max = p.max;
      if (p.metric !== undefined) out.metric = p.metric;
      break;
    }
    case "number":
      out.value = value;
      if (p.unit !== undefined) out.unit = p.unit;
      break;
    default:
      out.value = value;
  }
  return [out];
}

/** A commitment; `whole` (it answers a sensitive prompt) hides its text entirely, its owner only as free text. */
function exportCommitment(a: ActionRecord, team: boolean, free: (text: string) => string, whole: boolean): ExportCommitment {
  const text = whole ? () => REDACTED : free;
  const out: ExportCommitment = {
    id: a.id,
    prompt: a.prompt,
    what: text(a.what),
    owner: free(a.owner),
    due: a.due,
    status: a.status === "superseded" ? "open" : a.status,
    doneAt: a.doneAt === null ? null : isoTimestamp(a.doneAt),
  };
  if (team) {
    out.doneNote = a.doneNote === null ? null : text(a.doneNote);
    out.cancelReason = a.cancelReason === null ? null : text(a.cancelReason);
  }
  return out;
}

/** Every answered rating that carries a metric, in playbook order (redacted ones left out). */
function collectRatings(steps: ExportStep[]): ExportRating[] {
  return steps.flatMap((s) =>
    s.prompts.flatMap((p): ExportRating[] => {
      if (p.type !== "rating" || p.status !== "answered" || p.redacted || typeof p.value !== "number") return [];
      if (p.metric === undefined || p.min === undefined || p.max === undefined) return [];
      return [{ metric: p.metric, prompt: p.id, value: p.value, min: p.min, max: p.max, label: p.label ?? null }];
    }),
  );
}

/** Trust before and after the call, from the well-known metrics; null when neither was rated. */
function trustChange(ratings: ExportRating[]): ExportTrust | null {
  const before = ratings.findLast((r) => r.metric === "trust_before");
  const after = ratings.findLast((r) => r.metric === "trust_after");
  const scale = after ?? before;
  if (!scale) return null;
  return {
    before: before?.value ?? null,
    after: after?.value ?? null,
    change: before && after ? after.value - before.value : null,
    min: scale.min,
    max: scale.max,
  };
}

/** A person on the call; redaction hides an email address (and one typed into a name). */
function exportPerson(p: Person, free: (text: string) => string): PersonJson {
  return personJson({ name: free(p.name), ...(p.email === undefined ? {} : { email: free(p.email) }) });
}
