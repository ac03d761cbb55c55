import { isOverdue } from "../session/commitments.js";
import { letterScope, sinceLastLetter, type PromiseChange } from "../report/letter-promises.js";
import { isoTimestamp } from "../report/dates.js";
import { percentile } from "../report/stats.js";
import { daysBetween, toIsoDate } from "../session/time.js";
import type { ClientCommitmentRow, ClientRows, ClientSessionRow } from "../store/client-history.js";

/**
 * A client's page: what we promised them and how their trust went, call by call. Pure: built
 * from the rows src/store/client-history.ts reads. This is also the documented JSON of
 * `trust client --json` (README, "JSON shapes"): the terminal, markdown and the history on the
 * call are drawn from it, so they never disagree. Bump CLIENT_PAGE_VERSION when a field
 * changes meaning or goes; adding one is not a change.
 */

export const CLIENT_PAGE_VERSION = 1;

export interface ClientCall {
  id: string;
  startedAt: string;
  completedAt: string | null;
  status: string;
  incident: string;
  severity: string;
  playbook: string;
  owner: string;
  rehearsal: boolean;
  trustBefore: number | null;
  trustAfter: number | null;
}

export interface ClientCommitment {
  id: string;
  /** The session whose call made it. */
  session: string;
  what: string;
  owner: string;
  due: string;
  status: string;
  overdue: boolean;
  /** Calendar days past its due date (open ones only; 0 when not overdue). */
  daysOverdue: number;
  createdAt: string;
  doneAt: string | null;
  /** From being promised to being done, in days (one decimal). */
  daysToDone: number | null;
  doneNote: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
}

export interface ClientLetter {
  session: string;
  recordedAt: string;
  format: string;
}

export interface ClientContact {
  name: string;
  email: string | null;
  lastSeen: string;
}

export interface ClientPage {
  version: typeof CLIENT_PAGE_VERSION;
  /** The name as written on the newest call. */
  client: string;
  /** Every spelling the calls used (case differs). */
  spellings: string[];
  /** The day overdue is worked out against (local calendar day). */
  asOf: string;
  rehearsalsIncluded: boolean;
  summary: {
    calls: number;
    firstCall: string | null;
    lastCall: string | null;
    daysSinceLastCall: number | null;
    /** The newest call with a trust-after rating. */
    lastTrust: { session: string; before: number | null; after: number } | null;
    open: number;
    overdue: number;
    done: number;
    cancelled: number;
    medianDaysToDone: number | null;
    letters: number;
    lastLetter: string | null;
  };
  /** Newest first. */
  calls: ClientCall[];
  commitments: {
    /** Open and past due, the longest overdue first. */
    overdue: ClientCommitment[];
    /** Open and not yet due, soonest first. */
    open: ClientCommitment[];
    /** Newest done first. */
    done: ClientCommitment[];
    cancelled: ClientCommitment[];
  };
  /** Letters recorded with `trust letter --record`, newest first. */
  letters: ClientLetter[];
  /**
   * The newest letter, what the client holds in writing, and each promise in it that has since
   * been moved later, cancelled, dropped from its answer, or (said to be done) reopened; null
   * without a letter.
   */
  sinceLastLetter: { session: string; recordedAt: string; changes: PromiseChange[] } | null;
  /** The client's people on the calls, the most recently seen first. */
  contacts: ClientContact[];
}

export interface PageOptions {
  /** The name asked for, shown when no call matched (a page with nothing on it). */
  client: string;
  /** Now, epoch ms: today's date and "days since" come from it. */
  now: number;
  includeRehearsals: boolean;
}

export function clientPage(rows: ClientRows, opts: PageOptions): ClientPage {
  const today = toIsoDate(new Date(opts.now));
  const calls = rows.sessions.map(toCall);
  const commitments = rows.commitments.map((c) => toCommitment(c, today));
  const overdue = commitments.filter((c) => c.overdue).sort((a, b) => byText(a.due, b.due));
  const open = commitments.filter((c) => c.status === "open" && !c.overdue);
  const done = commitments.filter((c) => c.status === "done").sort((a, b) => byText(b.doneAt ?? "", a.doneAt ?? ""));
  const cancelled = commitments.filter((c) => c.status === "cancelled");
  const rated = rows.sessions.find((s) => s.trustAfter !== null);
  const newest = rows.sessions[0];
  const oldest = rows.sessions.at(-1);
  const letters = rows.letters.map((l) => ({ session: l.sessionId, recordedAt: isoTimestamp(l.at), format: l.format }));
  return {
    version: CLIENT_PAGE_VERSION,
    client: newest?.client ?? opts.client,
    spellings: [...new Set(rows.sessions.map((s) => s.client))].sort(byText),
    asOf: today,
    rehearsalsIncluded: opts.includeRehearsals,
    summary: {
      calls: calls.length,
      firstCall: oldest ? isoTimestamp(oldest.startedAt) : null,
      lastCall: newest ? isoTimestamp(newest.startedAt) : null,
      daysSinceLastCall: newest ? daysBetween(toIsoDate(new Date(newest.startedAt)), today) : null,
      lastTrust: rated ? { session: rated.id, before: rated.trustBefore, after: rated.trustAfter! } : null,
      open: open.length + overdue.length,
      overdue: overdue.length,
      done: done.length,
      cancelled: cancelled.length,
      medianDaysToDone: oneDecimal(percentile(Float64Array.from(done.flatMap((c) => (c.daysToDone === null ? [] : [c.daysToDone]))).sort(), 0.5)),
      letters: letters.length,
      lastLetter: letters[0]?.recordedAt ?? null,
    },
    calls,
    commitments: { overdue, open, done, cancelled },
    letters,
    sinceLastLetter: lastLetterChanges(rows.lastLetter),
    contacts: dedupeContacts(rows.contacts),
  };
}

function lastLetterChanges(last: ClientRows["lastLetter"]): ClientPage["sinceLastLetter"] {
  const since = last ? sinceLastLetter(last.events, last.actions, letterScope(last.playbook ?? { steps: [] })) : undefined;
  return last && since ? { session: last.sessionId, recordedAt: isoTimestamp(since.at), changes: since.changes } : null;
}

function toCall(s: ClientSessionRow): ClientCall {
  return {
    id: s.id,
    startedAt: isoTimestamp(s.startedAt),
    completedAt: s.completedAt === null ? null : isoTimestamp(s.completedAt),
    status: s.status,
    incident: s.incident,
    severity: s.severity,
    playbook: s.playbookId,
    owner: s.owner,
    rehearsal: s.rehearsal,
    trustBefore: s.trustBefore,
    trustAfter: s.trustAfter,
  };
}

function toCommitment(c: ClientCommitmentRow, today: string): ClientCommitment {
  const overdue = isOverdue({ status: c.status as "open", due: c.due }, today);
  return {
    id: c.id,
    session: c.sessionId,
    what: c.what,
    owner: c.owner,
    due: c.due,
    status: c.status,
    overdue,
    daysOverdue: overdue ? daysBetween(c.due, today) : 0,
    createdAt: isoTimestamp(c.createdAt),
    doneAt: c.doneAt === null ? null : isoTimestamp(c.doneAt),
    daysToDone: c.doneAt === null ? null : Math.round(Math.max(0, c.doneAt - c.createdAt) / 8_640_000) / 10,
    doneNote: c.doneNote,
    cancelledAt: c.cancelledAt === null ? null : isoTimestamp(c.cancelledAt),
    cancelReason: c.cancelReason,
  };
}

/**
 * One entry per person, the most recently seen first: the same address is one person, and a
 * name seen without an address is the person of that name who has one, so their last call
 * counts for them. An entry takes its name and address from the newest row with the address.
 */
function dedupeContacts(rows: ClientRows["contacts"]): ClientContact[] {
  const sorted = [...rows].sort((a, b) => b.seen - a.seen);
  const addressOf = new Map<string, string>();
  for (const r of sorted) if (r.email && !addressOf.has(r.name.toLowerCase())) addressOf.set(r.name.toLowerCase(), r.email.toLowerCase());
  const people = new Map<string, { name: string; email: string | null; lastSeen: number }>();
  for (const r of sorted) {
    const key = r.email?.toLowerCase() ?? addressOf.get(r.name.toLowerCase()) ?? `name:${r.name.toLowerCase()}`;
    const person = people.get(key);
    if (!person) people.set(key, { name: r.name, email: r.email, lastSeen: r.seen });
    else if (person.email === null && r.email) Object.assign(person, { name: r.name, email: r.email });
  }
  return [...people.values()].map((p) => ({ ...p, lastSeen: isoTimestamp(p.lastSeen) }));
}

/**
 * Dates (YYYY-MM-DD, ISO timestamps) in order by their characters: what they mean sorts the
 * same, and localeCompare would start the ICU collator, a tenth of this command's time.
 */
function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function oneDecimal(n: number | null): number | null {
  return n === null ? null : Math.round(n * 10) / 10;
}
