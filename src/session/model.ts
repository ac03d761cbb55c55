import { z } from "zod";
import { ISO_DAY } from "../calendar/iso-day.js";
import { Severity } from "../playbook/schema.js";
import { LETTER_FORMATS } from "../report/letter-formats.js";
import { ENTITY_ID } from "./id-format.js";
import { EMAIL, type Person } from "./person.js";
import { SESSION_STATUSES, type EventType } from "./records.js";

/**
 * What a session is made of, shared by the pure engine and the store. The store keeps events
 * append-only: the current answer to a prompt is its latest `answered` or `skipped` event, so a
 * changed answer never erases the old one.
 */

export { ENTITY_ID, shortId } from "./id-format.js";
export {
  ACTION_STATUSES,
  SESSION_SOURCES,
  SESSION_STATUSES,
  type ActionRecord,
  type ActionStatus,
  type SessionRecord,
  type SessionSource,
  type TimedEvent,
} from "./records.js";

const PersonSchema = z.object({
  name: z.string().trim().min(1),
  email: z.string().regex(EMAIL, "must be an email address like sam@example.com").optional(),
}) satisfies z.ZodType<Person>;

/** A person as stored: older files hold attendees as plain names. */
const StoredPerson = z.union([z.string().trim().min(1).transform((name): Person => ({ name })), PersonSchema]);

export const ActionItem = z.strictObject({
  /**
   * The commitment's id, once the store has given it one: an answer asked again (a step
   * revisited) carries the ids of the commitments it keeps, so they keep their history.
   */
  id: z.string().regex(ENTITY_ID, "id must be 32 lowercase hex characters").optional(),
  what: z.string().trim().min(1, "what is to be done must not be empty"),
  owner: z.string().trim().min(1, "every commitment needs a named owner"),
  due: z.string().regex(ISO_DAY, "due must be a date like 2026-12-01"),
});
export type ActionItem = z.infer<typeof ActionItem>;

/** An answer as stored: its shape depends on the prompt type (see engine validateAnswer). */
export const AnswerValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.string()),
  z.array(ActionItem),
]);
export type AnswerValue = z.infer<typeof AnswerValue>;

export const SessionEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("step_started"), step: z.string() }),
  /**
   * `partial`: the entries of a list or commitments confirmed so far, saved one by one while the
   * list is still being typed; the finished list is saved without it.
   */
  z.object({ type: z.literal("answered"), step: z.string(), prompt: z.string(), value: AnswerValue, partial: z.literal(true).optional() }),
  /** Without `prompt`, the whole step was skipped. */
  z.object({ type: z.literal("skipped"), step: z.string(), prompt: z.string().optional() }),
  z.object({ type: z.literal("note"), step: z.string().optional(), text: z.string().min(1) }),
  z.object({ type: z.literal("went_back"), step: z.string(), to: z.string() }),
  /** A step walked again (back, --from-step) and left with its answers as they were (^K). */
  z.object({ type: z.literal("kept"), step: z.string() }),
  z.object({ type: z.literal("paused") }),
  z.object({ type: z.literal("resumed") }),
  z.object({ type: z.literal("completed") }),
  z.object({ type: z.literal("action_done"), action: z.string(), note: z.string().optional() }),
  /** A commitment changed after the call: only the fields given change. */
  z.object({
    type: z.literal("action_edited"),
    action: z.string(),
    what: z.string().trim().min(1).optional(),
    owner: z.string().trim().min(1).optional(),
    due: z.string().regex(ISO_DAY).optional(),
    /** The later call that changed it by carrying it into its own commitments (its session id). */
    via: z.string().regex(ENTITY_ID).optional(),
  }),
  /** A commitment that will not be done, and why: kept, never deleted. */
  z.object({ type: z.literal("action_cancelled"), action: z.string(), reason: z.string().trim().min(1) }),
  /** A done or cancelled commitment open again. */
  z.object({ type: z.literal("action_reopened"), action: z.string(), note: z.string().optional() }),
  /** The letter as it was sent to the client (trust letter --record): its text and its sha256. */
  z.object({
    type: z.literal("letter"),
    format: z.enum(LETTER_FORMATS),
    text: z.string().min(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
]);
export type SessionEvent = z.infer<typeof SessionEvent>;
export type SessionEventType = SessionEvent["type"];

export const SessionStatus = z.enum(SESSION_STATUSES);
export type SessionStatus = z.infer<typeof SessionStatus>;

export const SessionInfo = z.object({
  client: z.string().trim().min(1),
  incident: z.string().trim().min(1),
  severity: Severity,
  owner: z.string().trim().min(1),
  /** Our people on the call. */
  attendees: z.array(StoredPerson).default([]),
  /** The client's people on the call: the letter is addressed to them. */
  contacts: z.array(StoredPerson).default([]),
  rehearsal: z.boolean().default(false),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

/** The list records.ts reads events back by names exactly the types of SessionEvent. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const eventTypesMatch: Same<SessionEventType, EventType> = true;
void eventTypesMatch;
