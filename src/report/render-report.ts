import { renderTable } from "../format/table.js";
import { fitLines, wrapText } from "../format/text.js";
import type { Paint } from "../format/paint.js";
import { visible, visibleLine } from "../format/visible.js";
import { jsonText } from "../json/text.js";
import { formatDuration } from "../session/time.js";
import type { SourceChoice } from "../session/records.js";
import type { CommitmentFigures, Figures, GroupKey, Report, StepFigures } from "./aggregate.js";
import { escapeCell, escapeInline } from "./escape.js";
import { sparkline } from "./sparkline.js";

/**
 * `trust report` as text: a terminal table, markdown (with a mermaid chart GitHub draws), JSON
 * with a versioned shape, and CSV. Pure: the figures and what they were filtered by come in,
 * strings go out, so the same database and TRUST_NOW always give the same bytes.
 */

/** What the report was asked for; printed with it so a reader (or a diff) knows what it covers. */
export interface ReportMeta {
  /** ISO instants, or null for no bound. */
  since: string | null;
  until: string | null;
  client: string | null;
  playbook: string | null;
  status: string | null;
  rehearsals: boolean;
  /** Sessions run live, from an answers file, or all of them. */
  source: SourceChoice;
  groupBy: GroupKey | null;
  /** YYYY-MM-DD: commitments still open and due before this day are overdue. */
  asOf: string;
}

export const REPORT_FORMAT = "trust.report";
/** 2: steps keyed by playbook with their budget, `owner` groups hold commitments by their own owner, the sessions' source. */
export const REPORT_VERSION = 2;
/** The terminal's trend column shows at most this many recent months. */
const TREND_MONTHS = 12;

export const GROUP_TITLES: Record<GroupKey, string> = { client: "Client", playbook: "Playbook", month: "Month (UTC)", owner: "Owner", "session-owner": "Session owner" };

/** The documented JSON shape: keys in a fixed order, numbers as numbers, null where there is no data. */
export function reportJson(report: Report, meta: ReportMeta) {
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    generatedFor: { ...meta },
    totals: report.totals,
    // Grouped by owner, a group is one person's commitments: no sessions are theirs to count.
    groups: meta.groupBy === "owner" ? report.owners.map((o) => ({ key: o.key, commitments: o.commitments })) : report.groups.map((g) => ({ key: g.key, ...g.figures })),
    trend: report.trend.map((t) => ({ month: t.month, sessions: t.sessions, trustBefore: t.before, trustAfter: t.after })),
  };
}

/** The report as pretty JSON, ending with a newline. */
export function renderReportJson(report: Report, meta: ReportMeta): string {
  return jsonText(reportJson(report, meta));
}

const CSV_HEADER = [
  "scope", "key", "sessions_started", "sessions_completed", "completion_rate", "duration_median_ms", "duration_p90_ms",
  "trust_before", "trust_after", "trust_change", "trust_rated_both",
  "commitments_open", "commitments_done", "commitments_overdue", "time_to_done_median_ms",
];

/**
 * How CSV gives people's text: exactly, for a file or a program (the default), or through
 * `visible` (src/format/visible.ts) for a person at a terminal, where an escape sequence in a
 * client's name would otherwise act on it.
 */
export type CsvText = (text: string) => string;
const exactly: CsvText = (text) => text;

/** One CSV field (RFC 4180); text that a spreadsheet would run as a formula gets a leading quote. */
export function csvField(value: string | number | null, shown: CsvText = exactly): string {
  if (value === null) return "";
  let s = typeof value === "string" ? shown(value) : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A row of figures; an owner's row (commitments only) leaves the session columns empty. */
function csvRow(scope: "group" | "total", key: string, f: Figures | null, c: CommitmentFigures, shown: CsvText): string {
  const sessions = f === null
    ? Array<null>(9).fill(null)
    : [f.sessions.started, f.sessions.completed, f.sessions.completionRate, f.duration.medianMs, f.duration.p90Ms, f.trust.before, f.trust.after, f.trust.change, f.trust.ratedBoth];
  return [scope, key, ...sessions, c.open, c.done, c.overdue, c.medianTimeToDoneMs].map((v) => csvField(v, shown)).join(",");
}

/** A header row, one row per group, then the total row; CRLF line ends as RFC 4180 asks. */
export function renderReportCsv(report: Report, shown: CsvText = exactly): string {
  const groups = [
    ...report.groups.map((g) => csvRow("group", g.key, g.figures, g.figures.commitments, shown)),
    ...report.owners.map((o) => csvRow("group", o.key, null, o.commitments, shown)),
  ];
  const rows = [CSV_HEADER.join(","), ...groups, csvRow("total", "", report.totals, report.totals.commitments, shown)];
  return rows.join("\r\n") + "\r\n";
}

/** `3m 05s` for calls and steps, `6d 04h` once a span passes a day; an en dash for no data. */
export function formatSpan(ms: number | null): string {
  if (ms === null) return "–";
  const hours = Math.floor(ms / 3_600_000);
  if (hours < 24) return formatDuration(ms);
  return `${Math.floor(hours / 24)}d ${String(hours % 24).padStart(2, "0")}h`;
}

export const rating = (v: number | null) => (v === null ? "–" : v.toFixed(1));
export const signed = (v: number | null) => (v === null ? "–" : `${v > 0 ? "+" : ""}${v.toFixed(1)}`);
const percent = (v: number | null) => (v === null ? "–" : `${Math.round(v * 100)}%`);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const SOURCE_SCOPE: Record<SourceChoice, string> = {
  all: "live calls and answers-file runs (call times from live calls)",
  live: "live calls only",
  file: "answers-file runs only (they have no call times)",
};

/** One line saying what the report covers; `text` escapes what people typed (names) for the output format. */
export function describeScope(meta: ReportMeta, text: (s: string) => string = (s) => s): string {
  const day = (iso: string) => (iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.replace(".000Z", "Z"));
  const parts: string[] = [];
  if (meta.since && meta.until) parts.push(`sessions started from ${day(meta.since)} to before ${day(meta.until)}`);
  else if (meta.since) parts.push(`sessions started since ${day(meta.since)}`);
  else if (meta.until) parts.push(`sessions started before ${day(meta.until)}`);
  else parts.push("all sessions");
  if (meta.client) parts.push(`client ${text(meta.client)}`);
  if (meta.playbook) parts.push(`playbook ${text(meta.playbook)}`);
  if (meta.status) parts.push(`status ${meta.status.replace("_", " ")}`);
  parts.push(SOURCE_SCOPE[meta.source]);
  parts.push(meta.rehearsals ? "rehearsals included" : "rehearsals left out");
  parts.push(`overdue as of ${meta.asOf}`, "months in UTC");
  return parts.join(" · ");
}

export function summaryLines(f: Figures): Array<[string, string]> {
  const c = f.commitments;
  return [
    ["Sessions", `${f.sessions.started} started, ${f.sessions.completed} completed (${percent(f.sessions.completionRate)})`],
    ["Call time", f.duration.medianMs === null ? "no completed live calls" : `median ${formatSpan(f.duration.medianMs)}, p90 ${formatSpan(f.duration.p90Ms)} (completed live calls)`],
    [
      "Trust",
      f.trust.before === null && f.trust.after === null
        ? "no ratings"
        : `${rating(f.trust.before)} before → ${rating(f.trust.after)} after` +
          (f.trust.ratedBoth > 0 ? ` (${signed(f.trust.change)} over ${plural(f.trust.ratedBoth, "session")} rated both times)` : ""),
    ],
    [
      "Commitments",
      `${c.open} open (${c.overdue} overdue), ${c.done} done` + (c.medianTimeToDoneMs === null ? "" : `, median ${formatSpan(c.medianTimeToDoneMs)} to done`),
    ],
  ];
}

/** The step table's headers: the playbook comes first when the steps come from more than one. */
export function stepHeaders(steps: readonly StepFigures[]): string[] {
  return [...(manyPlaybooks(steps) ? ["Playbook"] : []), "Step", "Sessions", "Median", "p90", "Budget"];
}

function manyPlaybooks(steps: readonly StepFigures[]): boolean {
  return new Set(steps.map((s) => s.playbook)).size > 1;
}

/** One row per step; `text` makes what people named (playbook and step ids) safe for the output. */
export function stepRows(steps: readonly StepFigures[], text: (s: string) => string): string[][] {
  const many = manyPlaybooks(steps);
  return steps.map((s) => [
    ...(many ? [text(s.playbook)] : []),
    text(s.step), String(s.sessions), formatSpan(s.medianMs), formatSpan(s.p90Ms), formatSpan(s.budgetMs),
  ]);
}

export const OWNER_HEADERS = ["Open", "Overdue", "Done", "Median to done"];

export function ownerCells(c: CommitmentFigures): string[] {
  return [String(c.open), String(c.overdue), String(c.done), formatSpan(c.medianTimeToDoneMs)];
}

export function groupCells(f: Figures): string[] {
  return [
    String(f.sessions.started), String(f.sessions.completed), percent(f.sessions.completionRate),
    formatSpan(f.duration.medianMs), formatSpan(f.duration.p90Ms),
    rating(f.trust.before), rating(f.trust.after), signed(f.trust.change),
    String(f.commitments.open), String(f.commitments.overdue), String(f.commitments.done), formatSpan(f.commitments.medianTimeToDoneMs),
  ];
}
/** The group table's figure columns, as a document titles them (the terminal's are GROUP_HEADERS). */
export const FIGURE_HEADERS = ["Sessions", "Completed", "Rate", "Median call", "p90 call", "Trust before", "Trust after", "Change", "Open", "Overdue", "Done", "Median to done"];
const GROUP_HEADERS = ["SESSIONS", "COMPLETED", "RATE", "MEDIAN CALL", "P90 CALL", "BEFORE", "AFTER", "CHANGE", "OPEN", "OVERDUE", "DONE", "TO DONE"];

/** Every trend value of the report, for one scale shared by all its sparklines. */
function trendRange(report: Report): { min: number; max: number } | undefined {
  const all = [...report.totalTrend, ...report.groups.flatMap((g) => g.trend)].filter((v): v is number => v !== null);
  return all.length ? { min: Math.min(...all), max: Math.max(...all) } : undefined;
}

/**
 * The terminal view: a summary, time per step, one row per group with a trust-after sparkline per
 * month. `columns`: the terminal's width, which every line then fits (the summary wraps, the
 * tables shrink their text columns or split into panels); undefined on a pipe.
 */
export function renderReportTable(report: Report, meta: ReportMeta, paint: Paint, columns?: number): string {
  const t = report.totals;
  // Names people typed (clients, owners) and playbook ids are made visible before any cell is painted.
  const out = [paint.bold("Trust report"), paint.dim(describeScope(meta, visibleLine)), ""];
  const width = Math.max(...summaryLines(t).map(([k]) => k.length));
  // A label and its value; on a narrow terminal the value wraps under itself, not under the label,
  // and never inside a duration ("28m 17s" held together by a no-break space while it wraps).
  const labelled = (label: string, value: string) => {
    const first = `  ${label.padEnd(width)}  `;
    if (columns === undefined) return [first + value];
    const held = value.replace(/(\d+[dhm]) (?=\d+[hms]\b)/g, "$1\u00a0");
    return wrapText(held, columns, " ".repeat(first.length), first).map((line) => line.replace(/\u00a0/g, " "));
  };
  for (const [label, value] of summaryLines(t)) {
    const text = label === "Commitments" && t.commitments.overdue > 0 ? value.replace(/\(\d+ overdue\)/, (m) => paint.red(m)) : value;
    out.push(...labelled(label, text));
  }
  const range = trendRange(report);
  const shown = Math.min(TREND_MONTHS, report.months.length);
  const recent = (values: Array<number | null>) => sparkline(values.slice(values.length - shown), range);
  if (shown > 1) {
    out.push(...labelled("Trend", `${recent(report.totalTrend)}  trust after the call, ${report.months[report.months.length - shown]} to ${report.months.at(-1)}`));
  }
  if (columns !== undefined) out.splice(0, out.length, ...fitLines(out, columns));
  const fit = { bold: paint.bold, columns, text: [0] };
  const upper = (headers: string[]) => headers.map((h) => h.toUpperCase());
  // Playbook and step ids are ids: split into panels rather than cut, each repeating them both, so a
  // row of p90s still says which step it is; cut only where even that is too wide (40 columns).
  const many = manyPlaybooks(t.steps);
  if (t.steps.length) out.push("", renderTable(upper(stepHeaders(t.steps)), stepRows(t.steps, visibleLine), { ...fit, text: [], repeat: many ? 2 : 1 }));
  if (meta.groupBy === "owner") {
    const rows = report.owners.map((o) => [visibleLine(o.key), ...ownerCells(o.commitments)]);
    out.push("", rows.length ? renderTable(upper(["Owner", ...OWNER_HEADERS]), rows, fit) : "No commitments: none match.");
  } else if (meta.groupBy) {
    const trend = meta.groupBy !== "month" && shown > 1;
    const headers = [GROUP_TITLES[meta.groupBy].toUpperCase(), ...GROUP_HEADERS, ...(trend ? ["TREND"] : [])];
    const rows = report.groups.map((g) => [visibleLine(g.key), ...groupCells(g.figures), ...(trend ? [recent(g.trend)] : [])]);
    out.push("", rows.length ? renderTable(headers, rows, fit) : "No groups: no sessions match.");
  }
  return out.join("\n") + "\n";
}

function mdTable(headers: string[], rows: string[][]): string[] {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)];
}

/**
 * Mermaid's xychart has no legend: the two lines get colours of their own, strong on a light and
 * on a dark page and apart for the common colour blindnesses (orange and blue), and the line
 * under the chart names them. Mermaid's default palette drew "before" in a faint grey.
 */
export const TREND_COLOURS = { before: { name: "orange", hex: "#e8590c" }, after: { name: "blue", hex: "#1971c2" } } as const;

/** The mermaid xychart of average trust before and after per month; months without both ratings are left out. */
function trustChart(report: Report): string[] {
  const months = report.trend.filter((m) => m.before !== null && m.after !== null);
  if (months.length === 0) return ["No trust ratings to chart yet."];
  const values = months.flatMap((m) => [m.before!, m.after!]);
  // Ratings are usually 1-5 or 1-10: an axis to the scale's top keeps the lines' height meaningful.
  const highest = Math.max(...values);
  const top = highest <= 5 ? 5 : highest <= 10 ? 10 : Math.ceil(highest);
  return [
    "```mermaid",
    `%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "${TREND_COLOURS.before.hex}, ${TREND_COLOURS.after.hex}"}}}}%%`,
    "xychart-beta",
    '  title "Average trust rating per month (UTC)"',
    `  x-axis [${months.map((m) => `"${m.month}"`).join(", ")}]`,
    `  y-axis "Rating" 0 --> ${top}`,
    `  line [${months.map((m) => m.before).join(", ")}]`,
    `  line [${months.map((m) => m.after).join(", ")}]`,
    "```",
    "",
    `Trust per month: ${TREND_COLOURS.before.name}, the average rating before the call; ${TREND_COLOURS.after.name}, after it.`,
  ];
}

/** Markdown for a wiki, a pull request or a mail: tables and a trend chart GitHub renders. */
export function renderReportMarkdown(report: Report, meta: ReportMeta): string {
  const t = report.totals;
  // Only names people typed are escaped: the figures are ours, and "\+2.0" would read badly as plain text.
  const out = ["# Trust report", "", `_${describeScope(meta, escapeInline)}_`, "", "## Summary", ""];
  out.push(...mdTable(["Figure", "Value"], summaryLines(t)));
  if (t.steps.length) {
    out.push("", "## Time per step", "", "Completed live calls only.", "");
    out.push(...mdTable(stepHeaders(t.steps), stepRows(t.steps, escapeCell)));
  }
  if (meta.groupBy === "owner") {
    out.push("", "## Commitments by owner", "");
    out.push(...(report.owners.length ? mdTable(["Owner", ...OWNER_HEADERS], report.owners.map((o) => [escapeCell(o.key), ...ownerCells(o.commitments)])) : ["No commitments match."]));
  } else if (meta.groupBy) {
    const title = GROUP_TITLES[meta.groupBy];
    out.push("", `## By ${title.replace(" (UTC)", "").toLowerCase()}`, "");
    out.push(...(report.groups.length ? mdTable([title, ...FIGURE_HEADERS], report.groups.map((g) => [escapeCell(g.key), ...groupCells(g.figures)])) : ["No sessions match."]));
  }
  out.push("", "## Trust trend", "", ...trustChart(report));
  // Markdown gets cat'ed to terminals: no control character of a name reaches one.
  return visible(out.join("\n") + "\n");
}
