import type { Paint } from "../format/paint.js";
import { displayWidth, truncate, wrapText } from "../format/text.js";
import { visibleLine } from "../format/visible.js";
import { daysBetween } from "../session/time.js";
import type { ClientRows } from "../store/client-history.js";
import { clientPage, type ClientCommitment, type ClientPage } from "./page.js";
import { dayOf, daysAgo, lateBy, letterChange, sinceLetterNote, summaryLines, trustMove } from "./render.js";

/**
 * What the person on the call sees of the client's history before they speak: a panel on the
 * first step, the whole history behind ^O, and the open commitments a commitments question
 * offers to carry. Pure: built from the rows of the client's sessions, the call itself left
 * out. A real call sees real calls only; a rehearsal sees both, but offers to carry only
 * rehearsal commitments (the store refuses the others, src/store/store.ts).
 */

export interface CallHistory {
  /** The earlier calls' page. */
  page: ClientPage;
  /** What the ^O page is called. */
  title: string;
  /** The panel, in at most `maxRows` rows of `cols`; empty when there were no earlier calls. */
  panel(cols: number, maxRows: number, paint: Paint): string[];
  /** The whole history, wrapped to `cols`, for ^O. */
  full(cols: number, paint: Paint): string[];
  /** Open commitments this call may carry, the longest overdue first, then the soonest due. */
  carryable(): ClientCommitment[];
  /** A commitment decided on the call (done, or carried): not offered again. */
  settle(id: string): void;
  /** Whether `id` is a commitment made on an earlier call with the client (one this call can only carry). */
  fromEarlierCall(id: string): boolean;
}

export interface CallHistoryOptions {
  sessionId: string;
  rehearsal: boolean;
  now: number;
  client: string;
}

/** How many earlier calls the panel lists. */
const PANEL_CALLS = 3;

export function callHistory(rows: ClientRows, opts: CallHistoryOptions): CallHistory {
  const earlier: ClientRows = {
    sessions: rows.sessions.filter((s) => s.id !== opts.sessionId),
    commitments: rows.commitments.filter((c) => c.sessionId !== opts.sessionId),
    letters: rows.letters.filter((l) => l.sessionId !== opts.sessionId),
    contacts: rows.contacts.filter((c) => c.sessionId !== opts.sessionId),
    lastLetter: rows.lastLetter?.sessionId === opts.sessionId ? null : rows.lastLetter,
  };
  const page = clientPage(earlier, { client: opts.client, now: opts.now, includeRehearsals: opts.rehearsal });
  const rehearsalOf = new Map(page.calls.map((c) => [c.id, c.rehearsal]));
  const settled = new Set<string>();
  let wrapped: { cols: number; paint: Paint; lines: string[] } | undefined;
  return {
    page,
    title: `earlier calls with ${visibleLine(page.client)}`,
    panel: (cols, maxRows, paint) => panelLines(page, cols, maxRows, paint),
    // Drawn again on every key and every second while open: wrapped once per width.
    full: (cols, paint) => {
      if (wrapped?.cols !== cols || wrapped.paint !== paint) wrapped = { cols, paint, lines: fullLines(page, cols, paint) };
      return wrapped.lines;
    },
    carryable: () =>
      [...page.commitments.overdue, ...page.commitments.open].filter((c) => !settled.has(c.id) && rehearsalOf.get(c.session) === opts.rehearsal),
    settle: (id) => settled.add(id),
    fromEarlierCall: (id) => earlier.commitments.some((c) => c.id === id),
  };
}

/** A commitment's parts on a row, in order: how late first (so a cut row keeps it), what, owner, due. */
function commitmentParts(c: ClientCommitment): { late: string; what: string; owner: string; due: string } {
  return { late: c.overdue ? `${lateBy(c)} · ` : "", what: visibleLine(c.what), owner: ` · ${visibleLine(c.owner)}`, due: ` · due ${c.due}` };
}

/** A commitment on one line of the whole history, which wraps. */
function commitmentLine(c: ClientCommitment): string {
  const { late, what, owner, due } = commitmentParts(c);
  return `${late}${what}${owner}${due}`;
}

/** The least of what was promised a panel row keeps before it gives up the owner and the due day instead. */
const MIN_WHAT = 12;
/** The least of the owner's name (with its " · ") a panel row keeps while it cuts a long one. */
const MIN_OWNER = 10;

/**
 * A commitment on one panel row of `cols`: whole when it fits; else an overdue one leaves out its
 * due day (how late says it); else what was promised and then a long owner's name give way, so
 * the due day (or how late) stays in sight; only on a very narrow row is the end cut.
 */
function commitmentRow(c: ClientCommitment, mark: string, cols: number): string {
  const { late, what, owner, due } = commitmentParts(c);
  const head = `  ${mark} ${late}`;
  const whole = `${head}${what}${owner}${due}`;
  if (displayWidth(whole) <= cols) return whole;
  const tail = c.overdue ? "" : due;
  const room = cols - displayWidth(head) - displayWidth(tail);
  // A long name (a role in brackets after it) takes at most a third of the row.
  const whose = truncate(owner, Math.max(MIN_OWNER, Math.min(displayWidth(owner), room - MIN_WHAT, Math.floor(room / 3))));
  const left = room - displayWidth(whose);
  return left >= MIN_WHAT || displayWidth(what) <= left ? `${head}${truncate(what, left)}${whose}${tail}` : truncate(whole, cols);
}

/**
 * The panel: a title row that always carries the last trust rating, then by priority the overdue
 * commitments, the last call, the open commitments, when the last letter went, the calls before.
 * Shown in reading order: title, calls, commitments, letter.
 */
function panelLines(page: ClientPage, cols: number, maxRows: number, paint: Paint): string[] {
  if (page.summary.calls === 0 || maxRows <= 0) return [];
  const s = page.summary;
  const n = `${s.calls} earlier call${s.calls === 1 ? "" : "s"}`;
  const trust = s.lastTrust ? `last trust ${trustMove(s.lastTrust.before, s.lastTrust.after)}` : "no trust rating yet";
  const promises = s.overdue ? `${s.overdue} overdue` : `${s.open} open`;
  // Narrower, the words go first, then the number of calls; how many promises are overdue stays
  // beside the last trust as long as the two fit.
  const forms = [
    `Before you speak · ${n} · ${trust} · ${promises} · ^O history`,
    `${n} · ${trust} · ${promises} · ^O history`,
    `${n} · ${trust} · ${promises} · ^O`,
    `${trust} · ${promises} · ^O`,
    `${trust} · ^O`,
  ];
  const title = paint.cyan(paint.bold(truncate(forms.find((f) => displayWidth(f) <= cols) ?? forms.at(-1)!, cols)));
  const row = (text: string) => truncate(text, cols);
  const calls = page.calls.slice(0, PANEL_CALLS).map((c) => row(`  ${dayOf(c.startedAt)}  trust ${trustMove(c.trustBefore, c.trustAfter)} · ${visibleLine(c.incident)} · ${c.playbook}`));
  // Only as many rows as could be shown are made (a client may have hundreds): redrawn on every key.
  const overdue = page.commitments.overdue.slice(0, maxRows).map((c) => paint.red(commitmentRow(c, "!", cols)));
  const open = page.commitments.open.slice(0, maxRows).map((c) => commitmentRow(c, "•", cols));
  const promisesCount = page.commitments.overdue.length + page.commitments.open.length;
  // A promise in the last letter changed since is what matters of the letters: said first, in fewer words.
  const changed = sinceLetterNote(page);
  const letterText = !s.lastLetter ? "  No letter recorded to them yet" : changed ? `  Last letter ${dayOf(s.lastLetter)}${changed}` : `  Last letter recorded ${dayOf(s.lastLetter)} (${s.letters} in all)`;
  const letter = changed ? paint.yellow(row(letterText)) : paint.dim(row(letterText));
  // Rows handed out by priority; each part keeps its place in the reading order.
  let left = maxRows - 1;
  const take = (want: number) => {
    const n = Math.max(0, Math.min(want, left));
    left -= n;
    return n;
  };
  const promisesAll = [...overdue, ...open];
  const overdueRows = take(overdue.length);
  const firstCall = take(Math.min(1, calls.length));
  const openRows = take(open.length);
  const letterRows = take(1);
  const moreCalls = take(calls.length - firstCall);
  let shownPromises = promisesAll.slice(0, overdueRows + openRows);
  // The last row says how many more, unless it is the only one (the title offers ^O anyway).
  if (shownPromises.length < promisesCount && shownPromises.length > 1) {
    const hidden = promisesCount - shownPromises.length + 1;
    // Overdue ones are listed first: those among the hidden are the rest of them.
    const late = page.commitments.overdue.length - Math.min(shownPromises.length - 1, page.commitments.overdue.length);
    const more = late > 0 ? `  … ${hidden} more commitments (${late} overdue): ^O` : `  … ${hidden} more commitments: ^O`;
    shownPromises = [...shownPromises.slice(0, -1), late > 0 ? paint.red(row(more)) : paint.dim(row(more))];
  }
  return [title, ...calls.slice(0, firstCall + moreCalls), ...shownPromises, ...(letterRows ? [letter] : [])];
}

/** The whole history for ^O: the summary, every call, the commitments by state, their people. */
function fullLines(page: ClientPage, cols: number, paint: Paint): string[] {
  if (page.summary.calls === 0) return [paint.dim(truncate(`  No earlier calls with ${visibleLine(page.client)}.`, cols))];
  const out: string[] = [];
  const wrap = (text: string, indent = "    ", first = "  ") => wrapText(text, cols, indent, first);
  const heading = (title: string, n: number) => {
    if (n > 0) out.push("", paint.cyan(paint.bold(truncate(`${title} (${n})`, cols))));
  };
  for (const line of summaryLines(page)) out.push(...wrap(line));
  heading("Calls", page.calls.length);
  for (const c of page.calls) {
    const state = c.status === "completed" ? "" : ` · ${c.status.replace("_", " ")}`;
    out.push(...wrap(`${dayOf(c.startedAt)}  ${visibleLine(c.incident)} · ${c.playbook} · ${visibleLine(c.owner)} · trust ${trustMove(c.trustBefore, c.trustAfter)}${state}${c.rehearsal ? " · rehearsal" : ""}`));
  }
  const { overdue, open, done, cancelled } = page.commitments;
  heading("Overdue", overdue.length);
  for (const c of overdue) out.push(...wrap(`! ${commitmentLine(c)}`).map((l) => paint.red(l)));
  heading("Open", open.length);
  for (const c of open) out.push(...wrap(`• ${commitmentLine(c)}`));
  heading("Done", done.length);
  for (const c of done) out.push(...wrap(`✓ ${visibleLine(c.what)} · ${visibleLine(c.owner)} · done ${c.doneAt ? dayOf(c.doneAt) : "?"} after ${c.daysToDone ?? 0} days`));
  heading("Cancelled", cancelled.length);
  for (const c of cancelled) out.push(...wrap(`✗ ${visibleLine(c.what)} · ${visibleLine(c.owner)} · ${visibleLine(c.cancelReason ?? "")}`));
  heading("Letters", page.letters.length);
  for (const l of page.letters) out.push(...wrap(`${dayOf(l.recordedAt)} · ${l.format}`));
  const since = page.sinceLastLetter;
  heading(`Changed since the letter of ${since ? dayOf(since.recordedAt) : ""}`, since?.changes.length ?? 0);
  for (const c of since?.changes ?? []) {
    const { said, now } = letterChange(c);
    out.push(...wrap(`${visibleLine(c.what)} · the letter said ${said} · now ${visibleLine(now)}`));
  }
  heading("Their people", page.contacts.length);
  for (const p of page.contacts) out.push(...wrap(`${visibleLine(p.name)}${p.email ? ` <${visibleLine(p.email)}>` : ""} · last on a call ${dayOf(p.lastSeen)} (${daysAgo(daysBetween(dayOf(p.lastSeen), page.asOf))})`));
  return out;
}
