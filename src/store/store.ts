import type { Database } from "better-sqlite3";
import { ISO_DAY } from "../calendar/iso-day.js";
import { NotFoundError, TrustError, UsageError } from "../errors.js";
import { sha256Hex } from "../hashes.js";
import type { Playbook } from "../playbook/schema.js";
import type { ActionItem, AnswerValue, SessionEvent, SessionInfo } from "../session/model.js";
import type { SessionRecord, SessionSource, TimedEvent } from "../session/records.js";
import { effectiveEdit, matchAnswer, refusal, type ActionChange, type HeldAction, type Matched } from "../session/commitments.js";
import { clientKey } from "../clients/lookup.js";
import { clientRows, findClientRows, lookUpClient, newestSpelling, type ClientRows } from "./client-history.js";
import { failedWrite, guard, isDamage, isStoreFailure } from "./errors.js";
import { damageFound, recordVerified } from "./integrity.js";
import { newId, nextUpdateId, prefixRange, uniquePrefixLength, shortId } from "./ids.js";
import { Origins } from "./origins.js";
import { checkSession, checkSnapshot, mergePlan, readEvent } from "./merge.js";
import { compareEvents, type Timeline, type TimelineEvent } from "./timeline.js";
import { actionsQuery, sessionsQuery, type ActionFilter, type SessionFilter } from "./filters.js";
import { eventColumns, toAction, toEvent, toSession, type ListedAction } from "./rows.js";
import { refreshStats, statsOfTimeline, type StatsEvent } from "./session-stats.js";
import { factsRow, type MetricPrompts } from "./snapshot-facts.js";
import { prepareStatements, type Statements } from "./statements.js";
import type { WriteChecks } from "./write-checks.js";

export interface NewSession {
  info: SessionInfo;
  playbookId: string;
  playbookVersion: number;
  playbookSource: string;
  /** The playbook as the caller checked it from that source, if it did: spares parsing it again. */
  playbook?: Playbook;
  at: number;
  /** How it is run: live on the call screen (the default) or from an answers file. */
  source?: SessionSource;
}

/** How many candidates an ambiguous prefix lists. */
const CANDIDATES = 10;

/** How many sessions' keys a store holds at most (a lookup by primary key, when one is not held). */
const SESSION_KEYS_HELD = 1_000;

/**
 * Sessions, their append-only event timelines and follow-up actions in one SQLite file.
 * Statements are prepared once; every write is one IMMEDIATE transaction, committed (and
 * synced) when the method returns.
 */
export class Store {
  private readonly sql: Statements;
  /** Playbook sources by hash: many sessions share one, so it is read and held once. */
  private readonly sources = new Map<string, string>();
  /** Local keys and snapshot hashes by session id: they never change, and append needs them every time. */
  private readonly keys = new Map<string, { pk: number; hash: string }>();
  /** The metric prompts of each snapshot (snapshot_facts), which every append's summary needs. */
  private readonly metrics = new Map<string, MetricPrompts>();
  /** The prompt marked `letter: next` of each snapshot, or null; read from its source the first time it is needed. */
  private readonly nextPrompts = new Map<string, string | null>();
  /** Runs a function in a transaction; made once, as answers are saved one by one all call long. */
  private readonly transaction;
  /** Transactions this store committed (nested ones counted with the outermost), for truthful messages. */
  private commits = 0;
  private depth = 0;
  /** Set once SQLite reports the file damaged: nothing more is written to it. */
  private damage: TrustError | undefined;
  private originsMade: Origins | undefined;

  constructor(
    /**
     * The connection, for the store's own query modules (src/store/report.ts): internal to
     * src/store. Everything else goes through the methods, which check what they write.
     */
    readonly db: Database,
    /** The database file (also for an empty read-only store that has no file yet). */
    readonly path: string,
    readonly readonly = false,
    /** What a writer checks before it writes (src/store/write-checks.ts); none for a store that only reads. */
    private checks?: WriteChecks,
  ) {
    this.sql = prepareStatements(db);
    this.transaction = db.transaction(<T>(fn: () => T): T => fn());
  }

  /** Closes the connection; the store cannot be used afterwards. */
  close(): void {
    if (!this.db.open) return;
    this.db.close();
    // What this writer leaves is sound (src/store/integrity.ts): the next one need not check it.
    if (!this.readonly && !this.damage) recordVerified(this.path);
  }

  /** Runs `fn` in one transaction: for bulk writers (generators, imports) that append many events at once. */
  batch<T>(fn: () => T): T {
    return this.write(fn);
  }

  /**
   * Merges a timeline from another file or the team's server (src/store/timeline.ts) in one
   * transaction: the snapshots and sessions this file lacks, and the events it lacks by their
   * global identity, each applied as a live append applies it. A session whose new events come
   * before some it holds is put back in the order every file gives it and derived again from its
   * events. Merging what is already here changes nothing; what comes in is checked as input.
   */
  merge(timeline: Timeline, from: string): MergeCounts {
    const counts: MergeCounts = { sessions: 0, events: 0, rebuilt: 0 };
    const starts = new Map<string, number>();
    const made = new Set<string>();
    return this.write(() => {
      for (const snapshot of timeline.snapshots) {
        checkSnapshot(snapshot, from);
        if (!this.sources.has(snapshot.hash)) this.sql.insertSnapshot.run(snapshot.hash, snapshot.source);
        this.describe(snapshot.hash, snapshot.source);
      }
      // Snapshots this merge brought or found: a pull's sessions name a few, each a playbook's whole text.
      const snapshots = new Set(timeline.snapshots.map((s) => s.hash));
      const known = new Set(timeline.sessions.map((s) => s.id));
      for (const event of timeline.events) {
        if (known.has(event.session)) continue;
        if (this.sql.sessionKey.get(event.session) === undefined) {
          throw new TrustError(`${from} holds events of session ${String(event.session).slice(0, 12)} but not the session; nothing of this part was merged`);
        }
        known.add(event.session);
      }
      for (const session of timeline.sessions) {
        starts.set(session.id, session.startedAt);
        if (this.sql.sessionKey.get(session.id) !== undefined) continue;
        if (!snapshots.has(session.playbookHash)) {
          if (this.sql.snapshotKnown.get(session.playbookHash) === undefined) {
            throw new TrustError(`${from} holds session ${shortId(session.id)} without the playbook it was run with`);
          }
          snapshots.add(session.playbookHash);
        }
        const { lastInsertRowid } = this.sql.insertMergedSession.run(checkSession(session, from));
        // Its events look its key up next: known without asking the file.
        this.rememberKey(session.id, { pk: Number(lastInsertRowid), hash: session.playbookHash });
        made.add(session.id);
        counts.sessions++;
      }
      const fresh = new Map<string, TimelineEvent[]>();
      for (const event of distinct(timeline.events)) {
        // A session new to this file has none of its events yet.
        if (!made.has(event.session) && this.sql.eventByIdentity.get(this.origins.pkOf(event.origin), event.seq) !== undefined) continue;
        let list = fresh.get(event.session);
        if (list === undefined) fresh.set(event.session, (list = []));
        list.push(event);
      }
      // Calls in the order they started, so a commitment carried into a later call is there before it.
      const order = [...fresh.keys()].sort((a, b) => (starts.get(a) ?? 0) - (starts.get(b) ?? 0));
      let rebuilt = false;
      for (const sessionId of order) {
        const events = fresh.get(sessionId)!.sort(compareEvents);
        const { pk, hash } = this.sessionKey(sessionId);
        let apply = events;
        // A session new to this file has no events to come after.
        const isNew = made.has(sessionId);
        if (!isNew && mergePlan(this.sql.lastEventOf.get(pk) as TimelineEvent | undefined, events) === "rebuild") {
          apply = [...(this.sql.timelineOf.all(pk) as TimelineEvent[]), ...events].sort(compareEvents);
          // Commitments of this call carried into others are made again with their ids below.
          if (!rebuilt) this.db.pragma("defer_foreign_keys = ON");
          rebuilt = true;
          for (const forget of this.sql.forgetDerived) forget.run(pk);
          counts.rebuilt++;
        }
        for (const event of apply) {
          const read = readEvent(event, from, (e) => this.writeChecks().event(e));
          const columns = { step: event.step, prompt: event.prompt, data: event.data, num: event.num };
          this.appendNow(sessionId, read, event.at, { pk: this.origins.pkOf(event.origin), id: event.origin, seq: event.seq, columns });
        }
        if (apply !== events) this.sql.dropSetAside.run(pk);
        // Touched and summed up once for all its new events: the summary folded from the whole
        // timeline (no clocks kept to fold into), as when a file is upgraded.
        this.sql.touchSession.run(Math.max(...apply.map((e) => e.at)), pk);
        // Every event's type was checked by readEvent above.
        if (isNew) statsOfTimeline(this.sql.stats, pk, this.metricsOf(hash), apply as StatsEvent[]);
        else {
          this.sql.forgetStats.run(pk);
          refreshStats(this.sql.stats, pk, this.metricsOf(hash));
        }
        counts.events += events.length;
      }
      if (rebuilt) this.db.prepare("DELETE FROM carried_actions WHERE action_id NOT IN (SELECT id FROM actions)").run();
      return counts;
    });
  }

  /** What merging `timeline` would add, without writing: its sessions and events this file lacks (rebuilt: not counted). */
  unknown(timeline: Timeline): MergeCounts {
    return this.guarded(() => {
      const origin = this.db.prepare("SELECT pk FROM origins WHERE id = ?").pluck();
      let events = 0;
      for (const event of distinct(timeline.events)) {
        const pk = origin.get(event.origin) as number | undefined;
        if (pk === undefined || this.sql.eventByIdentity.get(pk, event.seq) === undefined) events++;
      }
      const sessions = timeline.sessions.filter((s) => this.sql.sessionKey.get(s.id) === undefined).length;
      return { sessions, events, rebuilt: 0 };
    });
  }

  /** Starts a session for a playbook, keeping a snapshot of its source text. */
  createSession(input: NewSession): SessionRecord {
    checkTime(input.at);
    const info = this.writeChecks().info(input.info);
    const record: SessionRecord = {
      ...info,
      id: newId(),
      playbookId: input.playbookId,
      playbookVersion: input.playbookVersion,
      playbookHash: sha256Hex(input.playbookSource),
      playbookSource: input.playbookSource,
      status: "in_progress",
      source: input.source ?? "live",
      startedAt: input.at,
      updatedAt: input.at,
      completedAt: null,
    };
    const pk = this.write(() => {
      // A source this store has already read or written is in the file (snapshots are never deleted).
      if (!this.sources.has(record.playbookHash)) this.sql.insertSnapshot.run(record.playbookHash, record.playbookSource);
      this.describe(record.playbookHash, record.playbookSource, input.playbook);
      const { lastInsertRowid } = this.sql.insertSession.run({
        id: record.id,
        playbook_id: record.playbookId,
        playbook_version: record.playbookVersion,
        playbook_hash: record.playbookHash,
        client: record.client,
        incident: record.incident,
        severity: record.severity,
        owner: record.owner,
        attendees: JSON.stringify(record.attendees),
        contacts: JSON.stringify(record.contacts),
        rehearsal: record.rehearsal ? 1 : 0,
        source: record.source,
        at: record.startedAt,
      });
      return Number(lastInsertRowid);
    });
    this.rememberKey(record.id, { pk, hash: record.playbookHash });
    this.sources.set(record.playbookHash, record.playbookSource);
    return record;
  }

  /**
   * The playbook a session was started with, as it was checked when its snapshot was stored
   * (snapshot_facts.playbook): no YAML parsed, no schema built. Null when the snapshot did not check.
   */
  snapshotPlaybook(session: Pick<SessionRecord, "playbookHash">): Playbook | null {
    return this.guarded(() => {
      const row = this.sql.playbookOf.get(session.playbookHash) as { playbook: string | null } | undefined;
      return row?.playbook == null ? null : (JSON.parse(row.playbook) as Playbook);
    });
  }

  /** The session with this full id, if any. */
  getSession(id: string): SessionRecord | undefined {
    return this.guarded(() => {
      const row = this.sql.sessionById.get(id);
      return row === undefined ? undefined : this.session(row);
    });
  }

  /** A session by full id or unique prefix (at least 4 hex characters), like git. */
  resolveSession(ref: string): SessionRecord {
    const { lower, upper } = prefixRange(ref, "session");
    return this.guarded(() => {
      const rows = this.sql.sessionsByPrefix.all(lower, upper, CANDIDATES + 1);
      const sessions = rows.map((row) => this.session(row));
      const [only] = sessions;
      if (only && sessions.length === 1) return only;
      if (!only) {
        throw new NotFoundError(`no session starts with "${ref}"`, { hint: "List sessions with `trust sessions`." });
      }
      const width = uniquePrefixLength(sessions.map((s) => s.id));
      throw new UsageError(`"${ref}" matches more than one session; type more of the id`, {
        details: [
          ...sessions.slice(0, CANDIDATES).map((s) => `${s.id.slice(0, width)}  ${s.client}  started ${localTime(s.startedAt)}`),
          ...(sessions.length > CANDIDATES ? ["…and more"] : []),
        ],
      });
    });
  }

  /** The unfinished session touched most recently: what `trust resume` continues by default. */
  latestUnfinished(): SessionRecord | undefined {
    return this.guarded(() => {
      const row = this.sql.latestUnfinished.get();
      return row === undefined ? undefined : this.session(row);
    });
  }

  /** Sessions matching every given filter, newest first; rehearsals only when asked for. */
  listSessions(filter: SessionFilter = {}): SessionRecord[] {
    const { sql, params } = sessionsQuery(filter);
    return this.guarded(() => this.db.prepare(sql).raw(true).all(params).map((row) => this.session(row)));
  }

  /**
   * Appends one event in one transaction and applies what it means: the session's updated time,
   * completion or reopening, its summary for reports (session_stats), and for an `actions` answer
   * its action rows (replacing the open ones of the previous answer to that prompt). Returns the
   * event as stored.
   */
  append(sessionId: string, event: SessionEvent, at: number): TimedEvent {
    checkTime(at);
    const checked = this.writeChecks().event(event);
    return this.write(() => this.appendNow(sessionId, checked, at));
  }

  /** A session's events in the order they happened. */
  events(sessionId: string): TimedEvent[] {
    return this.guarded(() => {
      return this.sql.eventsOf.all(this.sessionKey(sessionId).pk).map((row) => toEvent(row, this.path));
    });
  }

  /** A client's calls, commitments, letters and people (src/store/client-history.ts): the history shown on a call. */
  clientHistory(client: string, includeRehearsals: boolean): ClientRows {
    return this.guarded(() => {
      const found = findClientRows(this.db, client, includeRehearsals);
      return "rows" in found ? found.rows : clientRows(this.db, [], includeRehearsals);
    });
  }

  /**
   * The client as earlier calls wrote their name (the newest spelling, whatever the case), or
   * with no earlier call the known names close to it: a likely typo would start the client's
   * history over under another name.
   */
  knownClient(client: string, includeRehearsals: boolean): { name: string } | { similar: string[] } {
    return this.guarded(() => {
      const found = lookUpClient(this.db, client, includeRehearsals);
      const name = newestSpelling(this.db, found.spellings, includeRehearsals);
      return name !== undefined ? { name } : { similar: "suggestions" in found ? found.suggestions : [] };
    });
  }

  /** Actions matching every given filter, soonest due first, with their session's client and incident. */
  listActions(filter: ActionFilter = {}): ListedAction[] {
    const { sql, params } = actionsQuery(filter);
    return this.guarded(() => this.db.prepare(sql).raw(true).all(params).map((row) => toAction(row, this.path)));
  }

  /**
   * How many times each of these commitments changed after the call, by id: edited, done,
   * cancelled or reopened (a calendar's SEQUENCE, which must grow with every version it shows).
   */
  changeCounts(actions: readonly ListedAction[]): Map<string, number> {
    const counts = new Map<string, number>();
    if (actions.length === 0) return counts;
    return this.guarded(() => {
      // By session, so the events index is used; the sessions of a listing are few.
      for (const sessionId of new Set(actions.map((a) => a.sessionId))) {
        for (const e of this.events(sessionId)) {
          // The events that name a commitment are the changes made to it after the call.
          if ("action" in e) counts.set(e.action, (counts.get(e.action) ?? 0) + 1);
        }
      }
      return counts;
    });
  }

  /** An action by full id or unique prefix, like resolveSession. */
  resolveAction(ref: string): ListedAction {
    const { lower, upper } = prefixRange(ref, "action");
    return this.guarded(() => {
      const actions = this.sql.actionsByPrefix.all(lower, upper, CANDIDATES + 1).map((row) => toAction(row, this.path));
      const [only] = actions;
      if (only && actions.length === 1) return only;
      if (!only) throw new NotFoundError(`no action starts with "${ref}"`, { hint: "List them with `trust actions`." });
      const width = uniquePrefixLength(actions.map((a) => a.id));
      throw new UsageError(`"${ref}" matches more than one action; type more of the id`, {
        details: [
          ...actions.slice(0, CANDIDATES).map((a) => `${a.id.slice(0, width)}  ${a.owner}: ${a.what} (due ${a.due})`),
          ...(actions.length > CANDIDATES ? ["…and more"] : []),
        ],
      });
    });
  }

  /**
   * Marks a commitment done, edits, cancels or reopens it, and records the event in its session,
   * in one transaction. A change its state does not allow is refused (UsageError), nothing written.
   */
  changeAction(ref: string, change: ActionChange, at: number): ListedAction {
    checkTime(at);
    return this.write(() => {
      const action = this.resolveAction(ref);
      const refused = refusal(action, change);
      if (refused) {
        const since = action.status === "done" && action.doneAt !== null ? ` (since ${localTime(action.doneAt)})` : "";
        throw new UsageError(`commitment ${shortId(action.id)} ${refused}${since}`, {
          hint: action.status === "superseded" ? "List the current ones with `trust actions --open`." : undefined,
        });
      }
      // An edit records only what it changes (a field given as it already was is left out).
      const made = change.kind === "edit" ? effectiveEdit(action, change) : change;
      this.appendNow(action.sessionId, changeEvent(action.id, made), at);
      return this.resolveAction(action.id);
    });
  }

  /** Who wrote which events (migration 15), read when first needed. */
  private get origins(): Origins {
    return (this.originsMade ??= new Origins(this.db));
  }

  /**
   * The body of append, run inside a transaction. `replayed` is an event merged from elsewhere
   * or put back in order (src/store/merge.ts): stored as it was written, with its own identity,
   * and applied as it was where it was written, without writing any other event.
   */
  private appendNow(sessionId: string, given: SessionEvent, at: number, replayed?: Replayed): TimedEvent {
    const { pk, hash } = this.sessionKey(sessionId);
    const { event, matched, homes } = this.withActionIds(pk, given, replayed !== undefined);
    // A merged event is stored byte for byte as it travelled: the same row in every file.
    const { step, prompt, data, num } = replayed?.columns ?? eventColumns(event);
    const origin = replayed ?? this.origins.mine();
    const eventId = Number(this.sql.insertEvent.run(pk, at, event.type, step, prompt, data, num, origin.pk, replayed?.seq ?? null).lastInsertRowid);
    // A merge touches the session and sums it up once, after all of its events (see merge).
    if (!replayed) this.sql.touchSession.run(at, pk);
    if (event.type === "completed") this.sql.completeSession.run(at, pk);
    if (event.type === "resumed") this.sql.reopenSession.run(pk);
    this.applyToActions(sessionId, event, eventId, at, pk, matched, homes, replayed !== undefined);
    if (event.type === "answered" && typeof event.value === "string" && ISO_DAY.test(event.value) && event.prompt === this.nextPromptOf(hash)) {
      const id = nextUpdateId(sessionId, origin.id, replayed?.seq ?? eventId);
      this.trackNextUpdate(pk, eventId, id, event.prompt, event.value, at);
    }
    // Last, so it sees the action rows this event changed.
    if (!replayed) refreshStats(this.sql.stats, pk, this.metricsOf(hash), { at, type: event.type, step, prompt, num });
    return { ...event, seq: eventId, at };
  }

  /**
   * An answer to a commitments prompt with the ids of the commitments it keeps, given here to
   * the new ones, so the stored answer names every commitment it holds (see matchAnswer). An id
   * of an open, done or cancelled commitment made on another call with the same client (and
   * like it a rehearsal or not) carries that commitment into this call.
   */
  private withActionIds(pk: number, event: SessionEvent, replay = false): { event: SessionEvent; matched?: Matched; homes?: Map<string, string> } {
    const items = event.type === "answered" ? actionItems(event.value) : undefined;
    if (event.type !== "answered" || !items) return { event };
    const held = this.sql.actionsOfPrompt.all(pk, event.prompt) as HeldAction[];
    const ours = new Set(held.map((h) => h.id));
    const carryable = new Map<string, HeldAction>();
    const homes = new Map<string, string>();
    for (const item of items) {
      if (item.id === undefined || ours.has(item.id)) continue;
      const earlier = this.carryable(pk, item.id);
      if (!earlier) continue;
      carryable.set(item.id, earlier.action);
      homes.set(item.id, earlier.sessionId);
    }
    const matched = matchAnswer(items, held, carryable);
    // A merged answer names every commitment it held where it was written (the ids it gave its
    // new ones among them): it keeps those ids, and is stored as it was written.
    if (replay) {
      matched.items = matched.items.map((item, i) => (item.id === undefined ? { ...item, id: items[i]!.id } : item));
      return { event, matched, homes };
    }
    matched.items = matched.items.map((item) => (item.id === undefined ? { ...item, id: newId() } : item));
    const value = matched.items.map(({ keeps: _held, carries: _carried, ...item }) => item);
    return { event: { ...event, value }, matched, homes };
  }

  /** The commitment `id` when this session's call may carry it: another call's, with the same client, both rehearsals or neither. */
  private carryable(pk: number, id: string): { action: HeldAction; sessionId: string } | undefined {
    const row = this.sql.carryableAction.get(id, pk) as (HeldAction & { session_id: string; client: string; rehearsal: number }) | undefined;
    if (!row) return undefined;
    const here = this.sql.sessionPeople.get(pk) as { client: string; rehearsal: number };
    if (clientKey(row.client) !== clientKey(here.client) || row.rehearsal !== here.rehearsal) return undefined;
    const { session_id: sessionId, client: _client, rehearsal: _rehearsal, ...action } = row;
    return { action, sessionId };
  }

  /** What an event does to the action rows, which are kept for listing and reports. */
  private applyToActions(
    sessionId: string,
    event: SessionEvent,
    eventId: number,
    at: number,
    pk: number,
    matched?: Matched,
    homes?: Map<string, string>,
    replay = false,
  ): void {
    switch (event.type) {
      case "answered":
        if (!matched) return;
        for (const dropped of matched.dropped) this.sql.supersedeAction.run(dropped.id);
        this.sql.clearCarried.run(pk, event.prompt);
        matched.items.forEach((item, position) => {
          if (item.carries) this.carry(sessionId, pk, event.prompt, item, item.carries, replay ? undefined : homes?.get(item.carries.id), at);
          else if (item.keeps) this.sql.keepAction.run(position, item.what, item.owner, item.due, item.id);
          // A merged answer may name a commitment of a call this file holds but cannot carry it
          // from (its session came in another order): the commitment stays where it is.
          else if (replay && item.id !== undefined && this.sql.actionExists.get(item.id) !== undefined) return;
          else this.sql.insertAction.run({ id: item.id!, session: pk, event: eventId, prompt: event.prompt, position, what: item.what, owner: item.owner, due: item.due, at });
        });
        return;
      case "skipped":
        // A skipped question holds no commitments: those its earlier answer held (or the entries
        // typed before ^X) are dropped like removed ones; done and cancelled ones keep their state.
        if (event.prompt !== undefined) {
          for (const held of this.sql.actionsOfPrompt.all(pk, event.prompt) as HeldAction[]) {
            if (held.status === "open") this.sql.supersedeAction.run(held.id);
          }
          this.sql.clearCarried.run(pk, event.prompt);
        }
        return;
      case "action_done":
        this.sql.markDone.run(at, event.note ?? null, event.action);
        return;
      case "action_edited":
        this.sql.editAction.run({ id: event.action, what: event.what ?? null, owner: event.owner ?? null, due: event.due ?? null });
        return;
      case "action_cancelled":
        this.sql.markCancelled.run(at, event.reason, event.action);
        return;
      case "action_reopened":
        this.sql.markReopened.run(event.action);
        return;
      default:
        return;
    }
  }

  /**
   * A commitment of an earlier call named in this call's list: linked to this session (so its
   * summary and letter list it), and re-confirmed with what the list now says, recorded as an
   * edit on the call that made it (where it is counted, once). Done or cancelled ones are only
   * linked, and so are those of a merged answer (`home` undefined): its edit is already an event
   * of the call that made the commitment, and merged with it.
   */
  private carry(sessionId: string, pk: number, prompt: string, item: ActionItem, earlier: HeldAction, home: string | undefined, at: number): void {
    this.sql.insertCarried.run(pk, prompt, earlier.id);
    if (earlier.status !== "open" || home === undefined) return;
    const edit = effectiveEdit(earlier, { kind: "edit", what: item.what, owner: item.owner, due: item.due });
    const { kind: _kind, ...fields } = edit;
    if (Object.keys(fields).length > 0) this.appendNow(home, { type: "action_edited", action: earlier.id, ...fields, via: sessionId }, at);
  }

  /**
   * The day of the next update, answered on the call, as a commitment of the session owner: one
   * per session, moved when the answer changes (a skipped answer drops it, like any commitment
   * of a skipped question). Once done or cancelled, a later day is a new commitment.
   */
  private trackNextUpdate(pk: number, eventId: number, id: string, prompt: string, due: string, at: number): void {
    const held = this.sql.actionsOfPrompt.all(pk, prompt) as HeldAction[];
    const open = held.find((h) => h.status === "open");
    if (open) {
      if (open.due !== due) this.sql.keepAction.run(0, open.what, open.owner, due, open.id);
      return;
    }
    if (held.some((h) => h.due === due)) return;
    const { client, owner } = this.sql.sessionPeople.get(pk) as { client: string; owner: string };
    this.sql.insertAction.run({ id, session: pk, event: eventId, prompt, position: 0, what: `Next update to ${client}, news or not`, owner, due, at });
  }

  private nextPromptOf(hash: string): string | null {
    let prompt = this.nextPrompts.get(hash);
    if (prompt === undefined) {
      prompt = (this.sql.nextUpdateOf.get(hash) as { prompt: string | null } | undefined)?.prompt ?? null;
      this.nextPrompts.set(hash, prompt);
    }
    return prompt;
  }

  private sessionKey(sessionId: string): { pk: number; hash: string } {
    let key = this.keys.get(sessionId);
    if (key === undefined) {
      key = this.sql.sessionKey.get(sessionId) as { pk: number; hash: string } | undefined;
      if (!key) throw noSession(sessionId);
      this.rememberKey(sessionId, key);
    }
    return key;
  }

  private rememberKey(sessionId: string, key: { pk: number; hash: string }): void {
    // A call appends to one session; a merge (a pull of a whole team's calls) or a generator to
    // each session in turn: held for every one, the keys of 100,000 sessions were tens of MB.
    if (this.keys.size >= SESSION_KEYS_HELD) this.keys.clear();
    this.keys.set(sessionId, key);
  }

  /** A snapshot's metric prompts (snapshot_facts), which every append's summary needs. */
  private metricsOf(hash: string): MetricPrompts {
    let metrics = this.metrics.get(hash);
    if (metrics === undefined) {
      metrics = (this.sql.metricsOf.get(hash) as MetricPrompts | undefined) ?? this.describe(hash, this.source(hash));
      this.metrics.set(hash, metrics);
    }
    return metrics;
  }

  /** Stores a snapshot's facts the first time it is seen (inside the caller's transaction); its metric prompts. */
  private describe(hash: string, source: string, parsed?: Playbook): MetricPrompts {
    const known = this.sql.metricsOf.get(hash) as MetricPrompts | undefined;
    if (known !== undefined) return known;
    const facts = this.writeChecks().snapshot(source, parsed);
    this.sql.insertFacts.run(...factsRow(hash, facts));
    return facts.metrics;
  }

  /** Whether this store checks what it writes: a writer opened with its checks, or given them. */
  get checking(): boolean {
    return this.checks !== undefined;
  }

  /** The write checks, for a writer opened without them (src/store/open-writer.ts). */
  useChecks(checks: WriteChecks): void {
    if (this.readonly) throw new TrustError(`${this.path} was opened for reading: trust cannot write to it here`);
    this.checks = checks;
  }

  private writeChecks(): WriteChecks {
    if (this.checks === undefined) {
      throw new TrustError(this.readonly ? `${this.path} was opened for reading: trust cannot write to it here` : `${this.path} was opened without its write checks`);
    }
    return this.checks;
  }

  private session(row: unknown): SessionRecord {
    const { record } = toSession(row, this.path);
    return { ...record, playbookSource: this.source(record.playbookHash) };
  }

  private source(hash: string): string {
    let source = this.sources.get(hash);
    if (source === undefined) {
      const row = this.sql.snapshotSource.get(hash) as { source: string } | undefined;
      if (row === undefined) throw new TrustError(`${this.path} has lost the playbook text of hash ${hash.slice(0, 12)}`);
      source = row.source;
      this.sources.set(hash, source);
    }
    return source;
  }

  /**
   * Runs async `fn` in one IMMEDIATE transaction held open across its awaits, which commits when
   * it resolves and rolls back whole when it throws: a first pull into an empty file (src/sync/
   * transfer.ts), so a kill half way leaves the file as it was. Every write `fn` makes, through
   * batch and the rest, is part of it. Nothing else may use the connection meanwhile.
   */
  async writeAcross<T>(fn: () => Promise<T>): Promise<T> {
    if (this.damage) throw this.damage;
    if (this.depth > 0) throw new Error("writeAcross cannot be nested in another write");
    this.guarded(() => this.db.exec("BEGIN IMMEDIATE"));
    this.depth++;
    try {
      const result = await fn();
      this.guarded(() => this.db.exec("COMMIT"));
      this.commits++;
      return result;
    } catch (err) {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
      this.forgetCached();
      if (err instanceof TrustError && err !== this.damage && isStoreFailure(err)) throw failedWrite(err, this.commits);
      throw err;
    } finally {
      this.depth--;
    }
  }

  /**
   * Runs `fn` in one IMMEDIATE transaction; nested in a batch, as part of the batch's, which
   * commits or rolls back whole. Not a savepoint: inside one, every statement that fires a
   * trigger or inserts from a SELECT rewinds the savepoint's journal as it ends, which in memory
   * (temp_store, src/store/open-file.ts) walks all of it, and on disk is a write per page: at a
   * pull of 10,000 sessions, 20 to 150 µs a statement against 8 µs.
   */
  private write<T>(fn: () => T): T {
    if (this.damage) throw this.damage;
    this.depth++;
    try {
      const result = this.guarded(() => (this.depth > 1 ? fn() : (this.transaction.immediate(fn) as T)));
      if (this.depth === 1) this.commits++;
      return result;
    } catch (err) {
      this.forgetCached();
      // The outermost write says what the file holds now; damage already says so itself.
      if (this.depth === 1 && err instanceof TrustError && err !== this.damage && isStoreFailure(err)) throw failedWrite(err, this.commits);
      throw err;
    } finally {
      this.depth--;
    }
  }

  /** What rolled-back writes put in the caches is no longer in the file. */
  private forgetCached(): void {
    this.keys.clear();
    this.sources.clear();
    this.metrics.clear();
    this.originsMade?.forget();
  }

  private guarded<T>(fn: () => T): T {
    try {
      return guard(this.path, fn);
    } catch (err) {
      throw this.damage ?? (isDamage(err) ? this.damaged(err) : err);
    }
  }

  /**
   * SQLite found the file damaged: from now on this store writes nothing, and says truthfully
   * what this command had saved before (each commit is whole, so those are sound transactions).
   */
  private damaged(err: unknown): TrustError {
    this.damage = damageFound(this.path, this.commits, err);
    return this.damage;
  }
}

/** Each event once by its global identity (origin, seq), the first of any repeats. */
function* distinct(events: Iterable<TimelineEvent>): Generator<TimelineEvent> {
  // By origin, then seq: no key string made per event (a pull's 2.9 million, for the collector).
  const seen = new Map<string, Set<number>>();
  for (const event of events) {
    let seqs = seen.get(event.origin);
    if (seqs === undefined) seen.set(event.origin, (seqs = new Set()));
    if (seqs.has(event.seq)) continue;
    seqs.add(event.seq);
    yield event;
  }
}

/** What a merge added: new sessions, new events, and sessions put back in order and derived again. */
export interface MergeCounts {
  sessions: number;
  events: number;
  rebuilt: number;
}

/** A merged event's identity: its origin (local key and id) and its seq there. */
export interface Replayed {
  pk: number;
  id: string;
  seq: number;
  /** Its row as it travelled. */
  columns: ReturnType<typeof eventColumns>;
}

/**
 * The items of an `actions` answer, or undefined for any other answer. An empty list counts:
 * for an `actions` prompt it clears the commitments, and for any other prompt there are none to clear.
 */
function actionItems(value: AnswerValue): ActionItem[] | undefined {
  if (!Array.isArray(value)) return undefined;
  if (value.every((item): item is ActionItem => typeof item === "object" && item !== null)) return value;
  return undefined;
}

/** Times are stored as integer epoch milliseconds; anything else is a caller's bug, caught before it is saved. */
function checkTime(at: number): void {
  if (!Number.isSafeInteger(at)) throw new TrustError(`cannot save the time ${String(at)}: expected whole epoch milliseconds`);
}

/** The event that records a change to a commitment. */
function changeEvent(action: string, change: ActionChange): SessionEvent {
  const note = (text: string | undefined) => (text?.trim() ? { note: text.trim() } : {});
  switch (change.kind) {
    case "done":
      return { type: "action_done", action, ...note(change.note) };
    case "reopen":
      return { type: "action_reopened", action, ...note(change.note) };
    case "cancel":
      return { type: "action_cancelled", action, reason: change.reason.trim() };
    case "edit": {
      const { kind: _kind, ...fields } = change;
      return { type: "action_edited", action, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) };
    }
  }
}

function noSession(id: string): NotFoundError {
  return new NotFoundError(`no session with id ${id}`, { hint: "List sessions with `trust sessions`." });
}


/** `2026-11-11 14:03` in the local time zone, for messages. */
function localTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
