import { z } from "zod";
import { TrustError } from "../errors.js";
import { Severity } from "../playbook/schema.js";
import { StoredPerson } from "../session/person.js";
import {
  ACTION_STATUSES,
  SessionEvent,
  SessionStatus,
  type ActionRecord,
  type SessionRecord,
  type TimedEvent,
} from "../session/model.js";

/**
 * Rows read back from SQLite are a boundary (the file may come from an older trust, or have been
 * edited by hand), so each passes a small schema before it becomes a record.
 */

const Millis = z.number().int();

function jsonText<T extends z.ZodType>(schema: T) {
  return z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "is not valid JSON" });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

export const SESSION_COLUMNS = `s.pk, s.id, s.playbook_id, s.playbook_version, s.playbook_hash, s.client, s.incident,
  s.severity, s.owner, s.attendees, s.contacts, s.rehearsal, s.status, s.started_at, s.updated_at, s.completed_at`;

const SessionRow = z.object({
  pk: z.number().int(),
  id: z.string(),
  playbook_id: z.string(),
  playbook_version: z.number().int(),
  playbook_hash: z.string(),
  client: z.string(),
  incident: z.string(),
  severity: Severity,
  owner: z.string(),
  attendees: jsonText(z.array(StoredPerson)),
  contacts: jsonText(z.array(StoredPerson)),
  rehearsal: z.union([z.literal(0), z.literal(1)]),
  status: SessionStatus,
  started_at: Millis,
  updated_at: Millis,
  completed_at: Millis.nullable(),
});

/** A session row and its local key; the playbook source is filled in by the caller (it is shared). */
export function toSession(raw: unknown, path: string): { pk: number; record: Omit<SessionRecord, "playbookSource"> } {
  const row = parseRow(SessionRow, raw, "session", path);
  return {
    pk: row.pk,
    record: {
      id: row.id,
      playbookId: row.playbook_id,
      playbookVersion: row.playbook_version,
      playbookHash: row.playbook_hash,
      client: row.client,
      incident: row.incident,
      severity: row.severity,
      owner: row.owner,
      attendees: row.attendees,
      contacts: row.contacts,
      rehearsal: row.rehearsal === 1,
      status: row.status,
      startedAt: row.started_at,
      updatedAt: row.updated_at,
      completedAt: row.completed_at,
    },
  };
}

export const ACTION_COLUMNS = `a.id, s.id AS session_id, s.client, s.incident, a.prompt, a.position, a.what, a.owner,
  a.due, a.status, a.created_at, a.done_at, a.done_note, a.cancelled_at, a.cancel_reason`;

const ActionRow = z.object({
  id: z.string(),
  session_id: z.string(),
  client: z.string(),
  incident: z.string(),
  prompt: z.string(),
  position: z.number().int(),
  what: z.string(),
  owner: z.string(),
  due: z.string(),
  status: z.enum(ACTION_STATUSES),
  created_at: Millis,
  done_at: Millis.nullable(),
  done_note: z.string().nullable(),
  cancelled_at: Millis.nullable(),
  cancel_reason: z.string().nullable(),
});

export type ListedAction = ActionRecord & { client: string; incident: string };

/** An action row joined with its session's client and incident. */
export function toAction(raw: unknown, path: string): ListedAction {
  const row = parseRow(ActionRow, raw, "action", path);
  return {
    id: row.id,
    sessionId: row.session_id,
    client: row.client,
    incident: row.incident,
    prompt: row.prompt,
    position: row.position,
    what: row.what,
    owner: row.owner,
    due: row.due,
    status: row.status,
    createdAt: row.created_at,
    doneAt: row.done_at,
    doneNote: row.done_note,
    cancelledAt: row.cancelled_at,
    cancelReason: row.cancel_reason,
  };
}

const EventRow = z.object({
  id: z.number().int(),
  at: Millis,
  type: z.string(),
  step: z.string().nullable(),
  prompt: z.string().nullable(),
  data: jsonText(z.record(z.string(), z.unknown())).nullable(),
});

/** An event row put back together from its columns and its JSON payload. */
export function toEvent(raw: unknown, path: string): TimedEvent {
  const row = parseRow(EventRow, raw, "event", path);
  const event = parseRow(
    SessionEvent,
    {
      type: row.type,
      ...(row.step === null ? {} : { step: row.step }),
      ...(row.prompt === null ? {} : { prompt: row.prompt }),
      ...row.data,
    },
    "event",
    path,
    row.id,
  );
  return { ...event, seq: row.id, at: row.at };
}

/** How an event is stored: its step and prompt in columns, the rest as JSON, a number answer in `num`. */
export function eventColumns(event: SessionEvent): { step: string | null; prompt: string | null; data: string | null; num: number | null } {
  const { type: _type, ...rest } = event;
  const { step, prompt, ...payload } = rest as { step?: string; prompt?: string } & Record<string, unknown>;
  const value = event.type === "answered" ? event.value : undefined;
  return {
    step: step ?? null,
    prompt: prompt ?? null,
    data: Object.keys(payload).length > 0 ? JSON.stringify(payload) : null,
    num: typeof value === "number" && Number.isFinite(value) ? value : null,
  };
}

function parseRow<T extends z.ZodType>(schema: T, raw: unknown, what: "session" | "action" | "event", path: string, id?: unknown): z.infer<T> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  const rowId = id ?? (raw && typeof raw === "object" && "id" in raw ? raw.id : undefined);
  const named = rowId === undefined ? what : `${what} ${String(rowId)}`;
  throw new TrustError(`${path} holds ${what === "session" ? "a" : "an"} ${named} that trust cannot read (${where}${issue?.message ?? "unexpected shape"})`, undefined, {
    hint: "It may have been written by a newer trust or edited by hand; trust left it as it was.",
  });
}
