import type { Database, Statement } from "better-sqlite3";

/**
 * A store's timeline as it travels between files and the team's server (trust import, trust
 * sync): events with their global identity (origin id, seq), the sessions they belong to (what
 * never changes about a session once started) and the playbook snapshots those sessions used.
 * Everything else a file holds (status, commitments, summaries) is derived from these again
 * where they arrive, by the code that derives it from a live call (src/store/merge.ts).
 */

/** What never changes about a session: the row it starts with, by its global id. */
export interface TimelineSession {
  id: string;
  playbookId: string;
  playbookVersion: number;
  playbookHash: string;
  client: string;
  incident: string;
  severity: string;
  owner: string;
  /** JSON, as stored. */
  attendees: string;
  contacts: string;
  rehearsal: number;
  source: string;
  startedAt: number;
}

export interface TimelineEvent {
  /** The id of the trust process that wrote it (src/store/origins.ts). */
  origin: string;
  /** Its id in the file its origin wrote it to: with the origin, unique everywhere. */
  seq: number;
  /** The session's global id. */
  session: string;
  at: number;
  type: string;
  step: string | null;
  prompt: string | null;
  data: string | null;
  num: number | null;
}

export interface TimelineSnapshot {
  hash: string;
  source: string;
}

export interface Timeline {
  snapshots: TimelineSnapshot[];
  sessions: TimelineSession[];
  events: TimelineEvent[];
}

/** The order every file gives a session's events: by time, then by who wrote them and in what order. */
export function compareEvents(a: Pick<TimelineEvent, "at" | "origin" | "seq">, b: Pick<TimelineEvent, "at" | "origin" | "seq">): number {
  return a.at - b.at || (a.origin < b.origin ? -1 : a.origin > b.origin ? 1 : 0) || a.seq - b.seq;
}

/** A session's first row as TimelineSession, in SQL both SQLite and PostgreSQL read alike (quoted aliases keep their case). */
export const SESSION_FIELDS = `s.id, s.playbook_id AS "playbookId", s.playbook_version AS "playbookVersion", s.playbook_hash AS "playbookHash",
  s.client, s.incident, s.severity, s.owner, s.attendees, s.contacts, s.rehearsal, s.source, s.started_at AS "startedAt"`;

export const EVENT_FIELDS = `o.id AS origin, coalesce(e.origin_seq, e.id) AS seq, s.id AS session, e.at, e.type, e.step, e.prompt, e.data, e.num`;

/**
 * Reads a SQLite store's timeline in order of its events' local ids, a chunk at a time: each
 * chunk carries the sessions its events need, and the snapshots earlier chunks did not carry.
 */
export class TimelineReader {
  private readonly events: Statement;
  private readonly session: Statement;
  private readonly snapshot: Statement;
  /** Snapshots already sent: a few, each a playbook's whole text. */
  private readonly sentSnapshots = new Set<string>();
  /** The local id of the last event read. */
  last: number;

  constructor(db: Database, after = 0) {
    this.last = after;
    this.events = db.prepare(`SELECT e.id AS local, ${EVENT_FIELDS} FROM events e JOIN origins o ON o.pk = e.origin
      JOIN sessions s ON s.pk = e.session_pk WHERE e.id > ? ORDER BY e.id LIMIT ?`);
    this.session = db.prepare(`SELECT ${SESSION_FIELDS} FROM sessions s WHERE s.id = ?`);
    this.snapshot = db.prepare("SELECT hash, source FROM playbook_snapshots WHERE hash = ?");
  }

  /** The next chunk of up to `limit` events, or null when none is left. */
  next(limit: number): Timeline | null {
    const rows = this.events.all(this.last, limit) as Array<TimelineEvent & { local: number }>;
    if (rows.length === 0) return null;
    this.last = rows.at(-1)!.local;
    const chunk: Timeline = { snapshots: [], sessions: [], events: [] };
    // Each chunk carries the session rows of its own events, so nothing is held from one chunk to
    // the next (every session id of a 100,000-session file was 10 MB, held to the end). A session
    // whose events fall in two chunks travels twice; the other side keeps the first.
    const sentSessions = new Set<string>();
    for (const { local: _local, ...event } of rows) {
      chunk.events.push(event);
      if (sentSessions.has(event.session)) continue;
      sentSessions.add(event.session);
      const session = this.session.get(event.session) as TimelineSession;
      chunk.sessions.push(session);
      if (this.sentSnapshots.has(session.playbookHash)) continue;
      this.sentSnapshots.add(session.playbookHash);
      chunk.snapshots.push(this.snapshot.get(session.playbookHash) as TimelineSnapshot);
    }
    return chunk;
  }
}
