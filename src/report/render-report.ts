import { renderTable } from "../format/table.js";
import { fitLines } from "../format/text.js";
import type { Paint } from "../format/paint.js";
import { visible, visibleLine } from "../format/visible.js";
import { jsonText } from "../json/text.js";
import { formatDuration } from "../session/time.js";
import type { Figures, GroupKey, Report } from "./aggregate.js";
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
  groupBy: GroupKey | null;
  /** YYYY-MM-DD: commitments still open and due before this day are overdue. */
  asOf: string;
}

export const REPORT_FORMAT = "trust.report";
export const REPORT_VERSION = 1;
/** The terminal's trend column shows at most this many recent months. */
const TREND_MONTHS = 12;

const GROUP_TITLES: Record<GroupKey, string> = { client: "Client", playbook: "Playbook", month: "Month (UTC)", owner: "Owner" };

/** The documented JSON shape: keys in a fixed order, numbers as numbers, null where there is no data. */
export function reportJson(report: Report, meta: ReportMeta) {
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    generatedFor: { ...meta },
    totals: report.totals,
    groups: report.groups.map((g) => ({ key: g.key, ...g.figures })),
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

/** One CSV field (RFC 4180); text that a spreadsheet would run as a formula gets a leading quote. */
export function csvField(value: string | number | null): string {
  if (value === null) return "";
  let s = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvRow(scope: "group" | "total", key: string, f: Figures): string {
  return [
    scope, key, f.sessions.started, f.sessions.completed, f.sessions.completionRate, f.duration.medianMs, f.duration.p90Ms,
    f.trust.before, f.trust.after, f.trust.change, f.trust.ratedBoth,
    f.commitments.open, f.commitments.done, f.commitments.overdue, f.commitments.medianTimeToDoneMs,
  ].map(csvField).join(",");
}

/** A header row, one row per group, then the total row; CRLF line ends as RFC 4180 asks. */
export function renderReportCsv(report: Report): string {
  const rows = [CSV_HEADER.join(","), ...report.groups.map((g) => csvRow("group", g.key, g.figures)), csvRow("total", "", report.totals)];
  return rows.join("\r\n") + "\r\n";
}

/** `3m 05s` for calls and steps, `6d 04h` once a span passes a day; an en dash for no data. */
export function formatSpan(ms: number | null): string {
  if (ms === null) return "–";
  const hours = Math.floor(ms / 3_600_000);
  if (hours < 24) return formatDuration(ms);
  return `${Math.floor(hours / 24)}d ${String(hours % 24).padStart(2, "0")}h`;
}

const rating = (v: number | null) => (v === null ? "–" : v.toFixed(1));
const signed = (v: number | null) => (v === null ? "–" : `${v > 0 ? "+" : ""}${v.toFixed(1)}`);
const percent = (v: number | null) => (v === null ? "–" : `${Math.round(v * 100)}%`);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

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
  parts.push(meta.rehearsals ? "rehearsals included" : "rehearsals left out");
  parts.push(`overdue as of ${meta.asOf}`, "months in UTC");
  return parts.join(" · ");
}

function summaryLines(f: Figures): Array<[string, string]> {
  const c = f.commitments;
  return [
    ["Sessions", `${f.sessions.started} started, ${f.sessions.completed} completed (${percent(f.sessions.completionRate)})`],
    ["Call time", f.duration.medianMs === null ? "no completed sessions" : `median ${formatSpan(f.duration.medianMs)}, p90 ${formatSpan(f.duration.p90Ms)} (completed sessions)`],
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

function stepRows(f: Figures): string[][] {
  return f.steps.map((s) => [s.step, String(s.sessions), formatSpan(s.medianMs), formatSpan(s.p90Ms)]);
}

function groupCells(f: Figures): string[] {
  return [
    String(f.sessions.started), String(f.sessions.completed), percent(f.sessions.completionRate),
    formatSpan(f.duration.medianMs), formatSpan(f.duration.p90Ms),
    rating(f.trust.before), rating(f.trust.after), signed(f.trust.change),
    String(f.commitments.open), String(f.commitments.overdue), String(f.commitments.done), formatSpan(f.commitments.medianTimeToDoneMs),
  ];
}
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
  for (const [label, value] of summaryLines(t)) {
    const text = label === "Commitments" && t.commitments.overdue > 0 ? value.replace(/\(\d+ overdue\)/, (m) => paint.red(m)) : value;
    out.push(`  ${label.padEnd(width)}  ${text}`);
  }
  const range = trendRange(report);
  const shown = Math.min(TREND_MONTHS, report.months.length);
  const recent = (values: Array<number | null>) => sparkline(values.slice(values.length - shown), range);
  if (shown > 1) {
    out.push(`  ${"Trend".padEnd(width)}  ${recent(report.totalTrend)}  trust after the call, ${report.months[report.months.length - shown]} to ${report.months.at(-1)}`);
  }
  if (columns !== undefined) out.splice(0, out.length, ...fitLines(out, columns));
  const fit = { bold: paint.bold, columns, text: [0] };
  if (t.steps.length) out.push("", renderTable(["STEP", "SESSIONS", "MEDIAN", "P90"], stepRows(t).map(([step, ...rest]) => [visibleLine(step!), ...rest]), fit));
  if (meta.groupBy) {
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
const TREND_COLOURS = { before: { name: "orange", hex: "#e8590c" }, after: { name: "blue", hex: "#1971c2" } } as const;

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
    out.push("", "## Time per step", "", "Completed sessions only.", "");
    out.push(...mdTable(["Step", "Sessions", "Median", "p90"], stepRows(t).map(([step, ...rest]) => [escapeCell(step!), ...rest])));
  }
  if (meta.groupBy) {
    const title = GROUP_TITLES[meta.groupBy];
    out.push("", `## By ${title.replace(" (UTC)", "").toLowerCase()}`, "");
    const headers = [title, "Sessions", "Completed", "Rate", "Median call", "p90 call", "Trust before", "Trust after", "Change", "Open", "Overdue", "Done", "Median to done"];
    out.push(...(report.groups.length ? mdTable(headers, report.groups.map((g) => [escapeCell(g.key), ...groupCells(g.figures)])) : ["No sessions match."]));
  }
  out.push("", "## Trust trend", "", ...trustChart(report));
  // Markdown gets cat'ed to terminals: no control character of a name reaches one.
  return visible(out.join("\n") + "\n");
}
