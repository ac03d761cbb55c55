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

/**
 * A row as better-sqlite3 hands it back in raw mode, an array in the order of the statement's
 * columns, read by column name (`at`). Without raw mode it builds an object a property at a time
 * for every row: for the CI gate's 637 commitments that took twice as long as the arrays, and
 * 800 kB more memory (issue 11). A row from elsewhere (a timeline being merged) is an object by
 * column name, read as it is (`at` undefined): making an array of each of a pull's 2.9 million
 * events would cost half a second.
 */
type Row =
  | { readonly cells: readonly unknown[]; readonly at: Readonly<Record<string, number>> }
  | { readonly cells: Readonly<Record<string, unknown>>; readonly at: undefined };

/** The columns a statement reads, in its order: for its SQL, and to read its rows by name. */
export interface ColumnList {
  /** The columns for a SELECT, each named through the table's alias. */
  readonly sql: string;
  readonly at: Readonly<Record<string, number>>;
}

function columnList(alias: string, names: readonly string[]): ColumnList {
  return { sql: names.map((n) => `${alias}.${n}`).join(", "), at: Object.fromEntries(names.map((n, i) => [n, i])) };
}

function row(raw: unknown, columns: ColumnList): Row {
  if (Array.isArray(raw)) return { cells: raw, at: columns.at };
  if (typeof raw !== "object" || raw === null) throw new RowProblem("not a row");
  return { cells: raw as Record<string, unknown>, at: undefined };
}

function cell(r: Row, key: string): unknown {
  return r.at === undefined ? r.cells[key] : r.cells[r.at[key]!];
}

function text(r: Row, key: string): string {
  const v = cell(r, key);
  if (typeof v !== "string") throw new RowProblem(`${key}: expected text`);
  return v;
}

function textOrNull(r: Row, key: string): string | null {
  return cell(r, key) === null ? null : text(r, key);
}

function int(r: Row, key: string): number {
  const v = cell(r, key);
  if (typeof v !== "number" || !Number.isSafeInteger(v)) throw new RowProblem(`${key}: expected a whole number`);
  return v;
}

function intOrNull(r: Row, key: string): number | null {
  return cell(r, key) === null ? null : int(r, key);
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

export const SESSION_COLUMNS = columnList("s", [
  "pk", "id", "playbook_id", "playbook_version", "playbook_hash", "client", "incident", "severity", "owner",
  "attendees", "contacts", "rehearsal", "status", "source", "started_at", "updated_at", "completed_at",
]);

/** A session row and its local key; the playbook source is filled in by the caller (it is shared). */
export function toSession(raw: unknown, path: string): { pk: number; record: Omit<SessionRecord, "playbookSource"> } {
  return readRow("session", raw, SESSION_COLUMNS, path, (r) => {
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
export const ACTION_COLUMNS = columnList("a", [
  "id", "session_id", "client", "incident", "prompt", "position", "what", "owner",
  "due", "status", "created_at", "done_at", "done_note", "cancelled_at", "cancel_reason",
]);

export type ListedAction = ActionRecord & { client: string; incident: string };

/** An action row, with its session's client and incident. */
export function toAction(raw: unknown, path: string): ListedAction {
  return readRow("action", raw, ACTION_COLUMNS, path, (r) => ({
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

export const EVENT_COLUMNS = columnList("e", ["id", "at", "type", "step", "prompt", "data"]);

/** An event row put back together from its columns and its JSON payload. */
export function toEvent(raw: unknown, path: string): TimedEvent {
  return readRow("event", raw, EVENT_COLUMNS, path, (r) => {
    const type = oneOf(r, "type", EVENT_TYPES);
    const data = cell(r, "data") === null ? {} : json(r, "data");
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

function readRow<T>(what: "session" | "action" | "event", raw: unknown, columns: ColumnList, path: string, read: (r: Row) => T): T {
  try {
    return read(row(raw, columns));
  } catch (err) {
    if (!(err instanceof RowProblem)) throw err;
    const rowId = Array.isArray(raw) ? raw[columns.at.id!] : raw !== null && typeof raw === "object" ? (raw as { id?: unknown }).id : undefined;
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
