import type { ActionItem, SessionEvent, SessionInfo } from "./model.js";

/**
 * What sessions, commitments and events are once stored, without the schemas that check them on
 * the way in (model.ts): the read paths (`show`, `export`, `actions`, `report`, the client pages)
 * use these and never load zod. Types only come from model.ts, which the build erases.
 */

/**
 * A session is in progress until its last step is done; a paused one is still in progress and
 * `trust resume` continues it. (Schema 1 planned an "abandoned" state that nothing ever set: it was
 * offered as a filter that could only find nothing, so it is gone.)
 */
export const SESSION_STATUSES = ["in_progress", "completed"] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/**
 * How a session was run: `live`, walked through on the call screen, or `file`, recorded at once
 * from an answers file (`trust start --answers`). A file run has no call time, so the report times
 * calls and steps over live sessions only.
 */
export const SESSION_SOURCES = ["live", "file"] as const;
export type SessionSource = (typeof SESSION_SOURCES)[number];
/** `--source`: sessions run one way, or `all`. */
export const SOURCE_CHOICES = [...SESSION_SOURCES, "all"] as const;
export type SourceChoice = (typeof SOURCE_CHOICES)[number];

/** superseded: dropped from its list when the answer was changed on the call; cancelled: called off after it. */
export const ACTION_STATUSES = ["open", "done", "cancelled", "superseded"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/**
 * Every kind of event a timeline holds, with the fields each must carry: what reading an event
 * back checks (src/store/rows.ts) without the schema it was checked against when written
 * (SessionEvent in model.ts). tests/session/records.test.ts holds the two to the same fields.
 */
export const EVENT_FIELDS = {
  step_started: ["step"],
  answered: ["step", "prompt", "value"],
  skipped: ["step"],
  note: ["text"],
  went_back: ["step", "to"],
  kept: ["step"],
  paused: [],
  resumed: [],
  completed: [],
  action_done: ["action"],
  action_edited: ["action"],
  action_cancelled: ["action", "reason"],
  action_reopened: ["action"],
  letter: ["format", "text", "sha256"],
} as const satisfies Record<string, readonly string[]>;

export type EventType = keyof typeof EVENT_FIELDS;
export const EVENT_TYPES = Object.keys(EVENT_FIELDS) as EventType[];

/** An event as read back from the store: when it happened, in epoch milliseconds. */
export type TimedEvent = SessionEvent & { seq: number; at: number };

export interface SessionRecord extends SessionInfo {
  /** 32 lowercase hex characters, random: unique across databases; typed as a short prefix. */
  id: string;
  playbookId: string;
  playbookVersion: number;
  /** sha256 of the playbook source text. */
  playbookHash: string;
  /** The playbook's YAML source when the session started, so old sessions still render. */
  playbookSource: string;
  status: SessionStatus;
  source: SessionSource;
  startedAt: number;
  updatedAt: number;
  completedAt: number | null;
}

export interface ActionRecord extends ActionItem {
  /** 32 lowercase hex characters, random; typed as a short prefix. */
  id: string;
  sessionId: string;
  /** The `actions` prompt that recorded it, and its place in that answer. */
  prompt: string;
  position: number;
  status: ActionStatus;
  createdAt: number;
  doneAt: number | null;
  doneNote: string | null;
  cancelledAt: number | null;
  cancelReason: string | null;
}
