import { escapeHtml as esc, htmlPage } from "../format/html.js";
import { visibleLine } from "../format/visible.js";
import type { ClientTrust, DueMonth, OwnerFigures, Report } from "./aggregate.js";
import {
  FIGURE_HEADERS,
  GROUP_TITLES,
  OWNER_HEADERS,
  REPORT_FORMAT,
  REPORT_VERSION,
  TREND_COLOURS,
  describeScope,
  formatSpan,
  groupCells,
  ownerCells,
  rating,
  signed,
  stepHeaders,
  stepRows,
  summaryLines,
  type ReportMeta,
} from "./render-report.js";
import { budgetBars, dumbbellChart, lineChart, stackedBars, type Series } from "./svg-charts.js";

/**
 * `trust report --format html`: one self-contained page a manager can open offline or get as an
 * attachment. The md report's summary and tables, and what they want to see: trust before → after
 * per client, the trend per month, commitments due against done with the overdue ones in red
 * (by month and by owner), time per step against its budget. Charts are inline SVG
 * (svg-charts.ts), each with a table of the same figures; a content security policy forbids
 * every fetch and script; every name is escaped. Light and dark schemes follow the reader's
 * system, and the page prints in black on white. Pure: figures in, one string out.
 */

/** What the page shows besides the report as asked: the figures its charts need whatever --group-by was. */
export interface HtmlReport {
  report: Report;
  /** Trust before → after per client. */
  clients: ClientTrust[];
  /** Commitments per owner. */
  owners: OwnerFigures[];
  /** Commitments per due month. */
  dueMonths: DueMonth[];
}

const BEFORE: Series = { cls: "before", label: "Before the call" };
const AFTER: Series = { cls: "after", label: "After the call" };
const DONE: Series = { cls: "done", label: "Done" };
const OPEN: Series = { cls: "open", label: "Open, not yet due" };
const OVERDUE: Series = { cls: "overdue", label: "Overdue" };

const STYLE = `
:root{color-scheme:light dark;--fg:#1f2328;--muted:#59636e;--bg:#fff;--line:#d0d7de;--grid:#eaeef2;--before:${TREND_COLOURS.before.hex};--after:${TREND_COLOURS.after.hex};--done:#1971c2;--open:#8c959f;--overdue:#cf222e;--within:#2f9e44;--over:#cf222e}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--line:#3d444d;--grid:#21262d;--before:#ff922b;--after:#4dabf7;--done:#4dabf7;--open:#6e7681;--overdue:#ff6b6b;--within:#51cf66;--over:#ff6b6b}}
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;line-height:1.5;color:var(--fg);background:var(--bg);max-width:60em;margin:2em auto;padding:0 1em}
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid var(--line);padding-bottom:.2em}
.scope{color:var(--muted);margin-top:0}
table{border-collapse:collapse;margin:1em 0;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding-bottom:.3em}
th,td{border:1px solid var(--line);padding:.25em .6em;text-align:right;vertical-align:top}
td{white-space:nowrap}
th.text,td.text{text-align:left}
td.text{white-space:normal}
.wide{overflow-x:auto;max-width:100%}
th{background:var(--grid)}
td.overdue{color:var(--overdue);font-weight:600}
.chart{max-width:720px;display:block;margin:1em 0}
.chart text{fill:var(--fg);font-size:12px;font-family:inherit}
.chart .tick{fill:var(--muted);font-size:11px}
.chart .grid{stroke:var(--grid);stroke-width:1}
.chart .link{stroke:var(--muted);stroke-width:2}
.chart .line{fill:none;stroke-width:3}
.chart .whisker{stroke:var(--fg);stroke-width:1.5}
.chart line.budget{stroke:var(--fg);stroke-width:2.5}
.chart .swatch.budget{fill:var(--fg)}
.before{fill:var(--before);stroke:var(--before)}.after{fill:var(--after);stroke:var(--after)}
.done{fill:var(--done)}.open{fill:var(--open)}.overdue{fill:var(--overdue)}
.within{fill:var(--within)}.over{fill:var(--over)}
.chart circle.mark{stroke:var(--bg);stroke-width:1.5}
.none{color:var(--muted);font-style:italic}
@media print{:root{--fg:#000;--muted:#444;--bg:#fff;--line:#999;--grid:#eee}body{max-width:none;margin:0}.wide{overflow:visible}table{font-size:.85em}td{white-space:normal}h2,.chart,table{break-inside:avoid}}
`.trim();

/** The page. */
export function renderReportHtml(data: HtmlReport, meta: ReportMeta): string {
  const { report } = data;
  const t = report.totals;
  const body: string[] = [
    "<h1>Trust report</h1>",
    `<p class="scope">${esc(describeScope(meta, visibleLine))}</p>`,
    "<h2>Summary</h2>",
    table("Figures over every session the report covers", ["Figure", "Value"], summaryLines(t).map(([k, v]) => [k, v]), { text: 2 }),
    ...trustByClient(data.clients),
    ...trustTrend(report),
    ...commitmentsByMonth(data.dueMonths),
    ...commitmentsByOwner(data.owners),
    ...stepTimes(report),
    ...groups(report, meta),
  ];
  return htmlPage({
    title: "Trust report",
    style: STYLE,
    meta: [`<meta name="generator" content="trust ${esc(`${REPORT_FORMAT} v${REPORT_VERSION}`)}">`],
    body: ["<main>", ...body, "</main>"],
  });
}

/** A table of strings, every cell escaped; `overdue` marks the columns whose non-zero counts are shown in red. */
interface TableShape {
  /** Columns whose counts turn red when above zero. */
  overdue?: readonly number[];
  /** How many leading columns hold words, not figures: aligned left, the first a row header. */
  text?: number;
}

/** A table with its caption; wide ones scroll sideways on a narrow screen instead of stretching the page. */
function table(caption: string, headers: readonly string[], rows: ReadonlyArray<readonly string[]>, shape: TableShape = {}): string {
  const { overdue = [], text = 1 } = shape;
  const align = (i: number) => (i < text ? ' class="text"' : "");
  const head = `<tr>${headers.map((h, i) => `<th scope="col"${align(i)}>${esc(h)}</th>`).join("")}</tr>`;
  // Per cell of a table of 2,500 clients: no array made for its classes.
  const cell = (c: string, i: number) => {
    const late = overdue.includes(i) && c !== "0" && c !== "–";
    const cls = i < text ? (late ? ' class="text overdue"' : ' class="text"') : late ? ' class="overdue"' : "";
    return i === 0 ? `<th scope="row"${cls}>${esc(c)}</th>` : `<td${cls}>${esc(c)}</td>`;
  };
  const lines = rows.map((r) => `<tr>${r.map(cell).join("")}</tr>`);
  return ['<div class="wide">', `<table>`, `<caption>${esc(caption)}</caption>`, `<thead>${head}</thead>`, "<tbody>", ...lines, "</tbody>", "</table>", "</div>"].join("\n");
}

const none = (text: string) => `<p class="none">${esc(text)}</p>`;

/** The most clients the trust chart draws: a row each, so 2,500 clients made a chart 60,000 points tall that nobody reads. */
export const CHART_CLIENTS = 40;

function trustByClient(clients: readonly ClientTrust[]): string[] {
  const out = ["<h2>Trust before and after the call, per client</h2>"];
  const rated = clients.filter((c) => c.trust.before !== null || c.trust.after !== null);
  if (rated.length === 0) return [...out, none("No trust ratings yet.")];
  // More than a chart can show: those rated lowest after the call, the clients most at risk, and
  // every client in the table below.
  const charted = rated.length <= CHART_CLIENTS ? rated : [...rated].sort(lowestAfterFirst).slice(0, CHART_CLIENTS);
  const rows = charted.map((c) => ({ label: visibleLine(c.key), before: c.trust.before, after: c.trust.after }));
  const some = `the ${charted.length} clients rated lowest after it (all ${rated.length} are in the table below)`;
  const whole = charted.length === rated.length;
  if (!whole) out.push(`<p class="scope">The chart shows ${esc(some)}.</p>`);
  out.push(dumbbellChart("chart-trust-by-client", whole ? "Average trust rating before and after the call, per client" : `Average trust rating before and after the call: ${some}`, rows, [BEFORE, AFTER]));
  out.push(
    table(
      "Trust per client",
      ["Client", "Sessions", "Trust before", "Trust after", "Change (rated both times)"],
      rated.map((c) => [visibleLine(c.key), String(c.sessions), rating(c.trust.before), rating(c.trust.after), signed(c.trust.change)]),
    ),
  );
  return out;
}

/** Lower trust after the call first, unrated after it last; then the lower trust before; then as listed. */
function lowestAfterFirst(a: ClientTrust, b: ClientTrust): number {
  const lower = (x: number | null, y: number | null) => (x === y ? 0 : x === null ? 1 : y === null ? -1 : x - y);
  return lower(a.trust.after, b.trust.after) || lower(a.trust.before, b.trust.before);
}

function trustTrend(report: Report): string[] {
  const out = ["<h2>Trust per month</h2>"];
  if (!report.trend.some((m) => m.before !== null || m.after !== null)) return [...out, none("No trust ratings to chart yet.")];
  out.push(
    lineChart("chart-trend", "Average trust rating per month (UTC), before and after the call", report.months, [
      { series: BEFORE, values: report.trend.map((m) => m.before) },
      { series: AFTER, values: report.trend.map((m) => m.after) },
    ]),
  );
  out.push(table("Trust per month (UTC)", ["Month", "Sessions", "Trust before", "Trust after"], report.trend.map((m) => [m.month, String(m.sessions), rating(m.before), rating(m.after)])));
  return out;
}

function commitmentsByMonth(months: readonly DueMonth[]): string[] {
  const out = ["<h2>Commitments due and done, by the month they are due</h2>"];
  if (months.length === 0) return [...out, none("No commitments yet.")];
  const rows = months.map((m) => ({ label: m.month, values: [m.done, m.open, m.overdue] }));
  out.push(stackedBars("chart-due", "Commitments by due month: done, open, overdue", rows, [DONE, OPEN, OVERDUE]));
  out.push(table("Commitments by due month", ["Due month", "Done", "Open, not yet due", "Overdue"], months.map((m) => [m.month, String(m.done), String(m.open), String(m.overdue)]), { overdue: [3] }));
  return out;
}

function commitmentsByOwner(owners: readonly OwnerFigures[]): string[] {
  const out = ["<h2>Commitments by owner</h2>"];
  if (owners.length === 0) return [...out, none("No commitments yet.")];
  const rows = owners.map((o) => ({ label: visibleLine(o.key), values: [o.commitments.done, o.commitments.open - o.commitments.overdue, o.commitments.overdue] }));
  out.push(stackedBars("chart-owners", "Commitments by their owner: done, open, overdue", rows, [DONE, OPEN, OVERDUE]));
  out.push(table("Commitments by owner", ["Owner", ...OWNER_HEADERS], owners.map((o) => [visibleLine(o.key), ...ownerCells(o.commitments)]), { overdue: [2] }));
  return out;
}

function stepTimes(report: Report): string[] {
  const out = ["<h2>Time per step against its budget</h2>"];
  const steps = report.totals.steps;
  if (steps.length === 0) return [...out, none("No completed live calls to time yet.")];
  const many = new Set(steps.map((s) => s.playbook)).size > 1;
  const rows = steps.map((s) => ({
    label: visibleLine(many ? `${s.playbook} · ${s.step}` : s.step),
    medianMs: s.medianMs ?? 0,
    p90Ms: s.p90Ms ?? 0,
    budgetMs: s.budgetMs,
  }));
  out.push(budgetBars("chart-steps", "Time per step (completed live calls): median, 90th percentile and budget", rows, formatSpan));
  const headers = stepHeaders(steps);
  // Playbook and step, or the step alone when the report covers one playbook.
  out.push(table("Time per step, completed live calls", headers, stepRows(steps, visibleLine), { text: headers.length - 4 }));
  return out;
}

function groups(report: Report, meta: ReportMeta): string[] {
  // By owner, the owners' table above is the grouping.
  if (!meta.groupBy || meta.groupBy === "owner") return [];
  const title = GROUP_TITLES[meta.groupBy];
  const out = [`<h2>By ${esc(title.replace(" (UTC)", "").toLowerCase())}</h2>`];
  if (report.groups.length === 0) return [...out, none("No sessions match.")];
  out.push(table(`By ${title.toLowerCase()}`, [title, ...FIGURE_HEADERS], report.groups.map((g) => [visibleLine(g.key), ...groupCells(g.figures)]), { overdue: [10] }));
  return out;
}
