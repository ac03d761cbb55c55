import type { ClientBase, QueryResult } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import type { Progress } from "../format/progress.js";
import { withWriteChecks } from "../store/open-writer.js";
import type { MergeCounts, Store } from "../store/store.js";
import { inBulk } from "../store/read-indexes.js";
import { eventKey, eventsAfter, holdsNothing, lastEventId, lastPushedIdentity, readSyncState, recordSync, unknownSessions, unknownSnapshots } from "../store/sync-state.js";
import { SESSION_FIELDS, TimelineReader, type Timeline, type TimelineEvent, type TimelineSession, type TimelineSnapshot } from "../store/timeline.js";
import { copyLine } from "./copy-text.js";
import { PUSH_LOCK } from "./server-schema.js";

/**
 * Moving timelines between the local file and the team server. A push sends this file's events
 * the server lacks, a chunk per server transaction, and marks each chunk pushed in the file once
 * the server committed it; a pull merges the server's events this file lacks, a chunk per local
 * transaction that also moves the mark. Killed at any point, each side holds whole chunks, and
 * the next run sends again at most the chunk that was under way, which the union then ignores.
 * A first pull into a file that holds nothing is one local transaction instead (pullsWhole).
 */

/**
 * Events per chunk: a push's COPY, a pull's page. Two chunks are in memory at once (one moving,
 * the next read ahead); 20,000 took a sync of the bench file to 240-290 MB peak, 5,000 keeps it
 * under the 200 MB budget, for a few per cent more time in commits.
 */
export const PUSH_CHUNK = 5_000;
export const PULL_CHUNK = 5_000;

export interface Moved {
  sessions: number;
  events: number;
}

export async function push(client: ClientBase, store: Store, server: string, progress: Progress): Promise<Moved> {
  const { pushed: start, pulled, pulledEvent } = readSyncState(store.db, server);
  // This file holds every server event up to `mark`. While nobody else pushed since, the events a
  // push adds are the only ones above it, and they came from this file: the mark moves past them,
  // so the next pull does not bring back what was just sent (after a first push, the whole file).
  let mark = pulled;
  let markEvent = pulledEvent;
  const total = eventsAfter(store.db, start);
  const reader = new TimelineReader(store.db, start);
  const moved: Moved = { sessions: 0, events: 0 };
  if (total === 0) return moved;
  await client.query(`CREATE TEMP TABLE IF NOT EXISTS in_snapshots (LIKE trust.snapshots) ON COMMIT DELETE ROWS;
    CREATE TEMP TABLE IF NOT EXISTS in_sessions (LIKE trust.sessions) ON COMMIT DELETE ROWS;
    CREATE TEMP TABLE IF NOT EXISTS in_events (ord integer, origin text, origin_seq bigint, session_id text, at bigint, type text,
      step text, prompt text, data text, num double precision) ON COMMIT DELETE ROWS`);
  let sent = 0;
  for (let chunk = reader.next(PUSH_CHUNK); chunk; ) {
    const upTo = reader.last;
    let next: Timeline | null = null;
    await client.query("BEGIN");
    try {
      await client.query("SELECT pg_advisory_xact_lock($1)", [PUSH_LOCK]);
      // Pushes take turns on the lock, so nothing but this push adds events until it commits.
      const before = await serverTop(client);
      await copyRows(client, "in_snapshots (hash, source)", chunk.snapshots.map((s) => [s.hash, s.source]));
      await copyRows(client, "in_sessions", chunk.sessions.map(sessionRow));
      await copyRows(client, "in_events", chunk.events.map((e, i) => [i, e.origin, e.seq, e.session, e.at, e.type, e.step, e.prompt, e.data, e.num]));
      // One query of four statements, so the next chunk is read from this file while the server inserts this one.
      const inserted = client.query(`INSERT INTO trust.snapshots SELECT * FROM in_snapshots ON CONFLICT DO NOTHING;
        INSERT INTO trust.sessions SELECT * FROM in_sessions ON CONFLICT DO NOTHING;
        INSERT INTO trust.events (origin, origin_seq, session_id, at, type, step, prompt, data, num)
          SELECT origin, origin_seq, session_id, at, type, step, prompt, data, num FROM in_events ORDER BY ord ON CONFLICT DO NOTHING;
        ${TOP_SQL}`) as unknown as Promise<QueryResult[]>;
      next = reader.next(PUSH_CHUNK);
      const [, sessions, events, top] = await inserted;
      await client.query("COMMIT");
      moved.sessions += sessions?.rowCount ?? 0;
      moved.events += events?.rowCount ?? 0;
      if (before.seq === mark) ({ seq: mark, event: markEvent } = topOf(top));
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    }
    // On the server now: the next push starts after it.
    store.batch(() => recordSync(store.db, server, { pushed: upTo, pulled: mark, pulledEvent: markEvent }));
    sent += chunk.events.length;
    progress.update(sent, total);
    chunk = next;
  }
  return moved;
}

// The server's newest event: its seq and its global identity (none on an empty server), from the primary key.
const TOP_SQL = "SELECT seq AS top, origin, origin_seq FROM trust.events ORDER BY seq DESC LIMIT 1";

interface Top {
  seq: number;
  event: string | null;
}

async function serverTop(client: ClientBase): Promise<Top> {
  return topOf(await client.query(TOP_SQL));
}

function topOf(result: QueryResult | undefined): Top {
  const row = result?.rows[0] as { top: number; origin: string; origin_seq: number } | undefined;
  return row === undefined ? { seq: 0, event: null } : { seq: Number(row.top), event: eventKey(row.origin, row.origin_seq) };
}

function sessionRow(s: TimelineSession): Array<string | number> {
  return [s.id, s.playbookId, s.playbookVersion, s.playbookHash, s.client, s.incident, s.severity, s.owner, s.attendees, s.contacts, s.rehearsal, s.source, s.startedAt];
}

async function copyRows(client: ClientBase, table: string, rows: ReadonlyArray<ReadonlyArray<string | number | null>>): Promise<void> {
  if (rows.length === 0) return;
  const stream = client.query(copyFrom(`COPY ${table} FROM STDIN`));
  // Lines in batches, so a chunk of 20,000 events is a few hundred writes, not 20,000.
  async function* lines() {
    let batch = "";
    for (const row of rows) {
      batch += copyLine(row);
      if (batch.length > 256 * 1024) {
        yield batch;
        batch = "";
      }
    }
    if (batch !== "") yield batch;
  }
  await pipeline(Readable.from(lines()), stream);
}

/**
 * Whether the server no longer holds what this file saw there: the event this file pulled last is
 * not at its number any more (gone, or another in its place), or the last event this file marked
 * as pushed is not on it. A server restored from an older backup keeps its id and numbers new
 * events again from where the backup left off, so the marks would skip what it lost (this file's
 * events would never be sent again) and what it numbered anew. Two lookups by key.
 */
export async function serverWentBack(client: ClientBase, store: Store, server: string): Promise<boolean> {
  const { pulled, pulledEvent, pushed } = readSyncState(store.db, server);
  if (pulled > 0) {
    // A mark is always the number of an event the server held: a restore is the only way it goes.
    const at = (await client.query<{ origin: string; origin_seq: number }>("SELECT origin, origin_seq FROM trust.events WHERE seq = $1", [pulled])).rows[0];
    if (at === undefined) return true;
    // A mark recorded before migration 18 has no identity to compare.
    if (pulledEvent !== null && eventKey(at.origin, at.origin_seq) !== pulledEvent) return true;
  }
  const last = lastPushedIdentity(store.db, pushed);
  if (last === undefined) return false;
  const found = await client.query("SELECT 1 FROM trust.events WHERE origin = $1 AND origin_seq = $2", [last.origin, last.seq]);
  return found.rowCount === 0;
}

/** Events on the server after this file's mark: what a pull would bring. */
export async function pendingPull(client: ClientBase, store: Store, server: string): Promise<number> {
  return eventsOnServerAfter(client, readSyncState(store.db, server).pulled);
}

async function eventsOnServerAfter(client: ClientBase, after: number): Promise<number> {
  // Bounded on both sides, so the planner walks the primary key from the mark even when the
  // table has no statistics yet (just after a large push, before autovacuum analyses it): with
  // one bound it guesses a third of the table and reads all of it, 0.15 s at 300,000 events.
  const r = await client.query<{ n: number }>(
    "SELECT count(*)::integer AS n FROM trust.events WHERE seq > $1 AND seq <= (SELECT max(seq) FROM trust.events)",
    [after],
  );
  return r.rows[0]?.n ?? 0;
}

/**
 * Whether a pull into this file is done as one transaction (pull's `whole`): a first pull into a
 * file that holds nothing, such as a CI job's fresh file. Its read indexes are built once at the
 * end rather than kept row by row (src/store/read-indexes.ts), which nearly halves a pull of
 * 100,000 sessions; killed half way, the file is as empty as before, and the next sync starts again.
 */
export function pullsWhole(store: Store, server: string): boolean {
  return readSyncState(store.db, server).pulled === 0 && holdsNothing(store.db);
}

export async function pull(client: ClientBase, store: Store, server: string, from: string, progress: Progress, whole = false): Promise<MergeCounts> {
  return whole ? inBulk(store, () => pullPages(client, store, server, from, progress)) : pullPages(client, store, server, from, progress);
}

async function pullPages(client: ClientBase, store: Store, server: string, from: string, progress: Progress): Promise<MergeCounts> {
  const moved: MergeCounts = { sessions: 0, events: 0, rebuilt: 0 };
  const start = readSyncState(store.db, server).pulled;
  // The server reads the next page while this file merges the one before.
  let next = fetchPage(client, store, start);
  // The total is for the progress line: a pull that fits in one page (the usual sync) needs no count.
  let total = 0;
  let done = 0;
  for (;;) {
    const page = await next;
    if (page === null) break;
    // The sync opened the file without them: a sync with nothing to merge never loads them.
    await withWriteChecks(store);
    next = fetchPage(client, store, page.last);
    // A failed merge ends the pull; the page read ahead is then not awaited.
    next.catch(() => undefined);
    // A first page short of a chunk is all there is.
    if (done === 0) total = page.timeline.events.length < PULL_CHUNK ? page.timeline.events.length : await eventsOnServerAfter(client, start);
    store.batch(() => {
      // Nothing of this file waits to be pushed: what it holds after this page is all on the server too.
      const nothingPending = lastEventId(store.db) <= readSyncState(store.db, server).pushed;
      const c = store.merge(page.timeline, from);
      moved.sessions += c.sessions;
      moved.events += c.events;
      moved.rebuilt += c.rebuilt;
      recordSync(store.db, server, { pulled: page.last, pulledEvent: page.lastEvent, pushed: nothingPending ? lastEventId(store.db) : 0 });
    });
    done += page.timeline.events.length;
    progress.update(done, total);
  }
  return moved;
}

/** The server's events after `after`, a page of them, with the sessions and snapshots this file lacks; null when none is left. */
async function fetchPage(client: ClientBase, store: Store, after: number): Promise<{ timeline: Timeline; last: number; lastEvent: string } | null> {
  const page = await client.query<TimelineEvent & { server_seq: number }>(
    // e.seq, the server's order: the bare name would be the output column "seq", origin_seq,
    // which is not the order events reached the server (a page would skip some).
    `SELECT e.seq AS server_seq, e.origin, e.origin_seq AS seq, e.session_id AS session, e.at, e.type, e.step, e.prompt, e.data, e.num
    FROM trust.events e WHERE e.seq > $1 ORDER BY e.seq LIMIT $2`,
    [after, PULL_CHUNK],
  );
  if (page.rows.length === 0) return null;
  const ids = unknownSessions(store.db, new Set(page.rows.map((e) => e.session)));
  const sessions = ids.length === 0 ? [] : (await client.query<TimelineSession>(`SELECT ${SESSION_FIELDS} FROM trust.sessions s WHERE s.id = ANY($1)`, [ids])).rows;
  const hashes = unknownSnapshots(store.db, new Set(sessions.map((s) => s.playbookHash)));
  const snapshots = hashes.length === 0 ? [] : (await client.query<TimelineSnapshot>("SELECT hash, source FROM trust.snapshots WHERE hash = ANY($1)", [hashes])).rows;
  const last = page.rows.at(-1)!;
  return { timeline: { snapshots, sessions, events: page.rows.map(({ server_seq: _s, ...e }) => e) }, last: last.server_seq, lastEvent: eventKey(last.origin, last.seq) };
}
