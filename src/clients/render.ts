import type { Paint } from "../format/paint.js";
import { renderTable } from "../format/table.js";
import { fitLines } from "../format/text.js";
import { visibleLine } from "../format/visible.js";
import { escapeCell, escapeHeading, escapeInline } from "../report/escape.js";
import { sparkline } from "../report/sparkline.js";
import { shortId } from "../session/id-format.js";
import { toIsoDate } from "../session/time.js";
import type { PromiseChange } from "../report/letter-promises.js";
import type { ClientCommitment, ClientPage } from "./page.js";
import type { ClientsOverview } from "./overview.js";

/**
 * The client pages as text: for the terminal (`trust client`, `trust clients`) and as markdown
 * for an account plan (`--format md`). Drawn from the documented JSON shapes only.
 */

/** A rating as shown: whole numbers as they are, others to one decimal; "–" for none. */
export function rating(n: number | null): string {
  if (n === null) return "–";
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** "2 → 4", "– → 3". */
export function trustMove(before: number | null, after: number | null): string {
  return before === null && after === null ? "–" : `${rating(before)} → ${rating(after)}`;
}

/** The local day of an ISO timestamp, as the page prints days: YYYY-MM-DD. */
export function dayOf(iso: string): string {
  return toIsoDate(new Date(iso));
}

/** "today", "yesterday", "5 days ago". */
export function daysAgo(days: number): string {
  if (days <= 0) return "today";
  return days === 1 ? "yesterday" : `${days} days ago`;
}

/** "3 days late", for an overdue commitment. */
export function lateBy(c: ClientCommitment): string {
  return `${c.daysOverdue} day${c.daysOverdue === 1 ? "" : "s"} late`;
}

/** "1 day", "2.5 days": from promised to done. */
export function took(c: ClientCommitment): string {
  const days = c.daysToDone ?? 0;
  return `${days} day${days === 1 ? "" : "s"}`;
}

/** How many rated calls the sparkline shows at most: the latest ones. */
const SPARK_CALLS = 30;

/**
 * Trust after the latest rated calls, oldest first, on the 1–5 scale the playbooks rate on (or
 * the data's own range when it is wider); with how many calls it shows.
 */
export function trustSparkline(page: ClientPage): { line: string; calls: number } | undefined {
  const after = page.calls.flatMap((c) => (c.trustAfter === null ? [] : [c.trustAfter])).slice(0, SPARK_CALLS).reverse();
  if (after.length < 2) return undefined;
  return { line: sparkline(after, { min: Math.min(1, ...after), max: Math.max(5, ...after) }), calls: after.length };
}

/** The page's summary in a few lines: calls, the last trust rating, commitments, letters. */
export function summaryLines(page: ClientPage): string[] {
  const s = page.summary;
  const lines: string[] = [];
  if (s.calls === 0) return ["No calls recorded."];
  const since = s.firstCall ? ` since ${dayOf(s.firstCall)}` : "";
  const last = s.lastCall ? ` · last ${dayOf(s.lastCall)} (${daysAgo(s.daysSinceLastCall ?? 0)})` : "";
  lines.push(`${s.calls} call${s.calls === 1 ? "" : "s"}${since}${last}`);
  if (s.lastTrust) lines.push(`Trust on the last rated call: ${trustMove(s.lastTrust.before, s.lastTrust.after)}`);
  const done = s.done ? ` · ${s.done} done${s.medianDaysToDone === null ? "" : `, median ${s.medianDaysToDone} days to done`}` : "";
  lines.push(`Commitments: ${s.open} open${s.overdue ? `, ${s.overdue} overdue` : ""}${done}${s.cancelled ? ` · ${s.cancelled} cancelled` : ""}`);
  lines.push(s.lastLetter ? `Letters recorded: ${s.letters}, the last on ${dayOf(s.lastLetter)}${sinceLetterNote(page)}` : "No letter recorded yet.");
  return lines;
}

/** " · 2 promises in it since changed", or nothing. */
export function sinceLetterNote(page: ClientPage): string {
  const n = page.sinceLastLetter?.changes.length ?? 0;
  return n === 0 ? "" : ` · ${n} promise${n === 1 ? "" : "s"} in it since changed`;
}

/** What the last letter said of a commitment, and what is so now. */
export function letterChange(c: PromiseChange): { said: string; now: string } {
  switch (c.change) {
    case "moved":
      return { said: `by ${c.was}`, now: `due ${c.now}` };
    case "cancelled":
      return { said: `by ${c.was}`, now: c.reason ? `cancelled: ${c.reason}` : "cancelled" };
    case "dropped":
      return { said: `by ${c.was}`, now: "dropped from its answer" };
    case "reopened":
      return { said: "done", now: `reopened, due ${c.now}` };
  }
}

/** `trust client` as text; `columns`: stdout is a terminal that wide, so the trust sparkline is drawn and everything fits it. */
export function renderClientPage(page: ClientPage, paint: Paint, columns?: number): string {
  const out: string[] = [];
  out.push(paint.bold(visibleLine(page.client)) + (page.rehearsalsIncluded ? paint.yellow(" (rehearsals included)") : ""));
  out.push(...summaryLines(page));
  const spark = columns !== undefined ? trustSparkline(page) : undefined;
  if (spark) out.push(`Trust after the last ${spark.calls} rated calls, oldest first: ${paint.cyan(spark.line)}`);
  // The summary wraps to the terminal, as the tables below fit it.
  if (columns !== undefined) out.splice(0, out.length, ...fitLines(out, columns));
  const section = (title: string, headers: string[], rows: string[][], text: number[]) => {
    if (rows.length === 0) return;
    out.push("", paint.cyan(paint.bold(title)));
    out.push(renderTable(headers, rows.map((r) => r.map(visibleLine)), { bold: paint.dim, columns, text }));
  };
  section(
    "Calls",
    ["ID", "DATE", "INCIDENT", "PLAYBOOK", "STATUS", "TRUST"],
    page.calls.map((c) => [shortId(c.id), dayOf(c.startedAt), c.incident, c.playbook, c.status.replace("_", " ") + (c.rehearsal ? " (rehearsal)" : ""), trustMove(c.trustBefore, c.trustAfter)]),
    // The playbook is an id, never cut: the incident gives way.
    [2],
  );
  const { overdue, open, done, cancelled } = page.commitments;
  section("Overdue", ["ID", "WHAT", "OWNER", "DUE", "LATE"], overdue.map((c) => [shortId(c.id), c.what, c.owner, c.due, lateBy(c)]), [1, 2]);
  section("Open", ["ID", "WHAT", "OWNER", "DUE"], open.map((c) => [shortId(c.id), c.what, c.owner, c.due]), [1, 2]);
  section("Done", ["ID", "WHAT", "OWNER", "DONE", "TOOK"], done.map((c) => [shortId(c.id), c.what, c.owner, c.doneAt ? dayOf(c.doneAt) : "", `${c.daysToDone ?? 0} d`]), [1, 2]);
  section("Cancelled", ["ID", "WHAT", "OWNER", "WHY"], cancelled.map((c) => [shortId(c.id), c.what, c.owner, c.cancelReason ?? ""]), [1, 2, 3]);
  section("Letters", ["SESSION", "RECORDED", "FORMAT"], page.letters.map((l) => [shortId(l.session), dayOf(l.recordedAt), l.format]), []);
  const since = page.sinceLastLetter;
  if (since) {
    const rows = since.changes.map((c) => [shortId(c.commitment), c.what, letterChange(c).said, letterChange(c).now]);
    section(`Changed since the last letter (${dayOf(since.recordedAt)})`, ["ID", "WHAT", "THE LETTER SAID", "NOW"], rows, [1, 3]);
  }
  section("Their people", ["NAME", "EMAIL", "LAST ON A CALL"], page.contacts.map((p) => [p.name, p.email ?? "", dayOf(p.lastSeen)]), [0, 1]);
  return out.join("\n");
}

/** `trust client --format md`: for pasting into an account plan. */
export function clientMarkdown(page: ClientPage): string {
  const out: string[] = [`# ${escapeHeading(visibleLine(page.client))}`, "", `As of ${page.asOf}.`, ""];
  out.push(...summaryLines(page).map((l) => `- ${escapeInline(visibleLine(l))}`));
  const table = (title: string, headers: string[], rows: string[][]) => {
    out.push("", `## ${title}`, "");
    if (rows.length === 0) {
      out.push("None.");
      return;
    }
    out.push(`| ${headers.join(" | ")} |`, `|${headers.map(() => " --- ").join("|")}|`);
    for (const r of rows) out.push(`| ${r.map((cell) => escapeCell(visibleLine(cell))).join(" | ")} |`);
  };
  const { overdue, open, done, cancelled } = page.commitments;
  table("Calls", ["Date", "Incident", "Playbook", "Status", "Trust"], page.calls.map((c) => [dayOf(c.startedAt), c.incident, c.playbook, c.status.replace("_", " "), trustMove(c.trustBefore, c.trustAfter)]));
  table("Overdue commitments", ["What", "Owner", "Due", "Late"], overdue.map((c) => [c.what, c.owner, c.due, lateBy(c)]));
  table("Open commitments", ["What", "Owner", "Due"], open.map((c) => [c.what, c.owner, c.due]));
  table("Done", ["What", "Owner", "Done", "Took"], done.map((c) => [c.what, c.owner, c.doneAt ? dayOf(c.doneAt) : "", took(c)]));
  if (cancelled.length) table("Cancelled", ["What", "Owner", "Why"], cancelled.map((c) => [c.what, c.owner, c.cancelReason ?? ""]));
  table("Letters", ["Recorded", "Format"], page.letters.map((l) => [dayOf(l.recordedAt), l.format]));
  const since = page.sinceLastLetter;
  if (since?.changes.length) {
    table(`Changed since the last letter (${dayOf(since.recordedAt)})`, ["What", "The letter said", "Now"], since.changes.map((c) => [c.what, letterChange(c).said, letterChange(c).now]));
  }
  table("Their people", ["Name", "Email"], page.contacts.map((p) => [p.name, p.email ?? ""]));
  return out.join("\n") + "\n";
}

/** `trust clients` on a terminal: the riskiest first. */
export function renderClients(overview: ClientsOverview, paint: Paint, columns?: number): string {
  const rows = overview.clients.map((c) => [
    visibleLine(c.client),
    String(c.overdue),
    String(c.open),
    trustMove(c.trustBefore, c.trustAfter),
    `${dayOf(c.lastCall)} (${daysAgo(c.daysSinceLastCall)})`,
    String(c.calls),
  ]);
  return renderTable(["CLIENT", "OVERDUE", "OPEN", "LAST TRUST", "LAST CALL", "CALLS"], rows, { bold: paint.bold, columns, text: [0] });
}
