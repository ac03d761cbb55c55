import { TrustError } from "../errors.js";
import { SEVERITIES } from "../playbook/constants.js";
import type { Person } from "../session/person.js";
import { ACTION_STATUSES, EVENT_FIELDS, EVENT_TYPES, SESSION_SOURCES, SESSION_STATUSES, type ActionRecord, type SessionRecord, type TimedEvent } from "../session/records.js";
import type { SessionEvent } from "../session/model.js";

/**
 * Rows read back from SQLite are a boundary (the file may come from an older trust, or have been
 * edited by hand), so each is checked before it becomes a record: every column of the type and,
 * where it holds one of a few values, one of them. Hand-written rather than with the schemas of
 * model.ts: reading must not load zod, which costs more than the query (issue 11). An event's
 * payload was checked against SessionEvent when it was written; here it must be JSON of an
 * object and its type one trust knows.
 */

/** A column that is not what trust wrote: the message names the row and the column. */
class RowProblem extends Error {}

type Row = Record<string, unknown>;

function row(raw: unknown): Row {
  if (typeof raw !== "object" || raw === null) throw new RowProblem("not a row");
  return raw as Row;
}

function text(r: Row, key: string): string {
  const v = r[key];
  if (typeof v !== "string") throw new RowProblem(`${key}: expected text`);
  return v;
}

function textOrNull(r: Row, key: string): string | null {
  return r[key] === null ? null : text(r, key);
}

function int(r: Row, key: string): number {
  const v = r[key];
  if (typeof v !== "number" || !Number.isSafeInteger(v)) throw new RowProblem(`${key}: expected a whole number`);
  return v;
}

function intOrNull(r: Row, key: string): number | null {
  return r[key] === null ? null : int(r, key);
}

function oneOf<T extends string>(r: Row, key: string, values: readonly T[]): T {
  const v = text(r, key);
  if (!(values as readonly string[]).includes(v)) throw new RowProblem(`${key}: "${v}" is not one of ${values.join(", ")}`);
  return v as T;
}

function json(r: Row, key: string): unknown {
  try {
    return JSON.parse(text(r, key)) as unknown;
  } catch (err) {
    if (err instanceof RowProblem) throw err;
    throw new RowProblem(`${key}: is not valid JSON`);
  }
}

/** People as stored: older files hold attendees as plain names. */
function people(r: Row, key: string): Person[] {
  const list = json(r, key);
  if (!Array.isArray(list)) throw new RowProblem(`${key}: expected a list of people`);
  return list.map((p, i): Person => {
    if (typeof p === "string" && p.trim() !== "") return { name: p.trim() };
    if (typeof p === "object" && p !== null && typeof (p as Person).name === "string") {
      const { name, email } = p as { name: string; email?: unknown };
      return typeof email === "string" ? { name, email } : { name };
    }
    throw new RowProblem(`${key}.${i}: expected a person`);
  });
}

export const SESSION_COLUMNS = `s.pk, s.id, s.playbook_id, s.playbook_version, s.playbook_hash, s.client, s.incident,
  s.severity, s.owner, s.attendees, s.contacts, s.rehearsal, s.status, s.source, s.started_at, s.updated_at, s.completed_at`;

/** A session row and its local key; the playbook source is filled in by the caller (it is shared). */
export function toSession(raw: unknown, path: string): { pk: number; record: Omit<SessionRecord, "playbookSource"> } {
  return readRow("session", raw, path, (r) => {
    const rehearsal = int(r, "rehearsal");
    if (rehearsal !== 0 && rehearsal !== 1) throw new RowProblem("rehearsal: expected 0 or 1");
    return {
      pk: int(r, "pk"),
      record: {
        id: text(r, "id"),
        playbookId: text(r, "playbook_id"),
        playbookVersion: int(r, "playbook_version"),
        playbookHash: text(r, "playbook_hash"),
        client: text(r, "client"),
        incident: text(r, "incident"),
        severity: oneOf(r, "severity", SEVERITIES),
        owner: text(r, "owner"),
        attendees: people(r, "attendees"),
        contacts: people(r, "contacts"),
        rehearsal: rehearsal === 1,
        status: oneOf(r, "status", SESSION_STATUSES),
        source: oneOf(r, "source", SESSION_SOURCES),
        startedAt: int(r, "started_at"),
        updatedAt: int(r, "updated_at"),
        completedAt: intOrNull(r, "completed_at"),
      },
    };
  });
}

// Every column from the commitment's own row, its session's id, client and incident included (migrations 9 and 16).
export const ACTION_COLUMNS = `a.id, a.session_id, a.client, a.incident, a.prompt, a.position, a.what, a.owner,
  a.due, a.status, a.created_at, a.done_at, a.done_note, a.cancelled_at, a.cancel_reason`;

export type ListedAction = ActionRecord & { client: string; incident: string };

/** An action row, with its session's client and incident. */
export function toAction(raw: unknown, path: string): ListedAction {
  return readRow("action", raw, path, (r) => ({
    id: text(r, "id"),
    sessionId: text(r, "session_id"),
    client: text(r, "client"),
    incident: text(r, "incident"),
    prompt: text(r, "prompt"),
    position: int(r, "position"),
    what: text(r, "what"),
    owner: text(r, "owner"),
    due: text(r, "due"),
    status: oneOf(r, "status", ACTION_STATUSES),
    createdAt: int(r, "created_at"),
    doneAt: intOrNull(r, "done_at"),
    doneNote: textOrNull(r, "done_note"),
    cancelledAt: intOrNull(r, "cancelled_at"),
    cancelReason: textOrNull(r, "cancel_reason"),
  }));
}

/** An event row put back together from its columns and its JSON payload. */
export function toEvent(raw: unknown, path: string): TimedEvent {
  return readRow("event", raw, path, (r) => {
    const type = oneOf(r, "type", EVENT_TYPES);
    const data = r.data === null ? {} : json(r, "data");
    if (typeof data !== "object" || data === null || Array.isArray(data)) throw new RowProblem("data: expected an object");
    const step = textOrNull(r, "step");
    const prompt = textOrNull(r, "prompt");
    const event: Record<string, unknown> = { type, ...(step === null ? {} : { step }), ...(prompt === null ? {} : { prompt }), ...data };
    for (const field of EVENT_FIELDS[type]) if (event[field] === undefined) throw new RowProblem(`${field}: missing from a ${type} event`);
    return { ...(event as SessionEvent), seq: int(r, "id"), at: int(r, "at") };
  });
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

function readRow<T>(what: "session" | "action" | "event", raw: unknown, path: string, read: (r: Row) => T): T {
  try {
    return read(row(raw));
  } catch (err) {
    if (!(err instanceof RowProblem)) throw err;
    const rowId = raw && typeof raw === "object" && "id" in raw ? (raw as Row).id : undefined;
    throw unreadableRow(what, rowId, err.message, path);
  }
}

/** A row trust cannot read, said as every read says it: which row, what is wrong, and that nothing was changed. */
export function unreadableRow(what: "session" | "action" | "event", id: unknown, problem: string, path: string): TrustError {
  const named = id === undefined ? what : `${what} ${String(id)}`;
  return new TrustError(`${path} holds ${what === "session" ? "a" : "an"} ${named} that trust cannot read (${problem})`, undefined, {
    hint: "It may have been written by a newer trust or edited by hand; trust left it as it was.",
  });
}
