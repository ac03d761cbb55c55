import { escapeHtml } from "../format/html.js";
import { cutToWidth } from "../format/width.js";

/**
 * Inline SVG charts for the HTML report, drawn by code: no library, no script, no font, nothing
 * fetched, so the page reads offline and as an attachment. Each chart is an `<svg role="img">`
 * titled and described for screen readers (the page puts a table of the same figures beside it);
 * every data mark carries the class `mark` and a `<title>` with its value, so a test can count
 * them and a pointer shows them. Colours come from CSS classes the page defines for light and
 * dark schemes and for print. Labels are escaped: a name typed on a call stays text.
 */

export interface Series {
  /** CSS class of its marks and swatch: before, after, done, open, overdue. */
  cls: string;
  label: string;
}

const WIDTH = 720;
const FONT = 12;
/** Left margin for row labels, in user units (about 26 characters of a 12px font). */
const LABEL_W = 190;
const LABEL_CHARS = 28;

const f1 = (n: number) => (Math.round(n * 10) / 10).toString();
const esc = escapeHtml;

function svg(id: string, title: string, desc: string, height: number, body: string[]): string {
  return [
    `<svg id="${id}" class="chart" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${WIDTH} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="${id}-title">${esc(title)}</title>`,
    `<desc id="${id}-desc">${esc(desc)}</desc>`,
    ...body,
    "</svg>",
  ].join("\n");
}

function legend(series: readonly Series[], y: number): string[] {
  let x = LABEL_W;
  return series.map((s) => {
    const item = `<g class="legend"><rect class="swatch ${s.cls}" x="${x}" y="${y - 9}" width="12" height="12" rx="2"/><text x="${x + 17}" y="${y + 1}">${esc(s.label)}</text></g>`;
    x += 30 + s.label.length * 7;
    return item;
  });
}

/** A row label cut to fit the margin; the whole name is in the row's title. */
function rowLabel(text: string, y: number): string {
  return `<text class="label" x="${LABEL_W - 8}" y="${y}" text-anchor="end">${esc(cutToWidth(text, LABEL_CHARS))}</text>`;
}

/** The top of a rating axis: ratings are usually 1-5 or 1-10. */
function ratingTop(values: readonly number[]): number {
  const highest = Math.max(0, ...values);
  return highest <= 5 ? 5 : highest <= 10 ? 10 : Math.ceil(highest);
}

/**
 * An axis for values up to `max` in at most `most` equal steps, each one of `candidates` (sorted):
 * the smallest that fits, so every gridline falls on a round value and its label is true (a
 * largest count of 8 gives 0, 2, 4, 6, 8, not 0, 1.6, 3.2 … labelled 0, 2, 3 …).
 */
export function niceAxis(max: number, most: number, candidates: readonly number[]): { top: number; steps: number } {
  const step = candidates.find((c) => Math.ceil(max / c) <= most) ?? candidates.at(-1)! * Math.ceil(max / most / candidates.at(-1)!);
  const steps = Math.max(1, Math.ceil(max / step));
  return { top: step * steps, steps };
}

/** 1, 2, 5, 10, 20, 50 … up past `max`: steps for counts. */
function countSteps(max: number): number[] {
  const out: number[] = [];
  for (let p = 1; p <= Math.max(1, max) * 10; p *= 10) out.push(p, 2 * p, 5 * p);
  return out;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** Steps for times: whole seconds, minutes and hours a person reads at a glance. */
const TIME_STEPS = [1, 2, 5, 10, 15, 30].map((n) => n * SECOND).concat([1, 2, 5, 10, 15, 30].map((n) => n * MINUTE), [1, 2, 3, 6, 12, 24].map((n) => n * HOUR));

/** Gridlines and their labels along x, from 0 to `top` in `steps` steps. */
function xAxis(top: number, steps: number, y0: number, y1: number, scale: (v: number) => number, format: (v: number) => string): string[] {
  const out: string[] = [];
  for (let i = 0; i <= steps; i++) {
    const v = (top * i) / steps;
    const x = f1(scale(v));
    out.push(`<line class="grid" x1="${x}" x2="${x}" y1="${y0}" y2="${y1}"/>`, `<text class="tick" x="${x}" y="${y1 + 14}" text-anchor="middle">${esc(format(v))}</text>`);
  }
  return out;
}

export interface Dumbbell {
  label: string;
  before: number | null;
  after: number | null;
}

/** Trust before → after per row (client): a dot for each, joined by a line, on one rating axis. */
export function dumbbellChart(id: string, title: string, rows: readonly Dumbbell[], series: readonly [Series, Series]): string {
  const top = ratingTop(rows.flatMap((r) => [r.before, r.after].filter((v): v is number => v !== null)));
  const rowH = 24;
  const y0 = 34;
  const height = y0 + rows.length * rowH + 30;
  const x = (v: number) => LABEL_W + (v / top) * (WIDTH - LABEL_W - 30);
  const body = [...legend(series, 16), ...xAxis(top, top <= 10 ? top : 5, y0 - 6, y0 + rows.length * rowH, x, (v) => String(Math.round(v)))];
  // A row per client, 2,500 of them on the bench's report: each series' words are made once.
  const named = (s: Series) => ({ cls: s.cls, words: esc(s.label.toLowerCase()) });
  const first = named(series[0]);
  const second = named(series[1]);
  const mark = (value: number | null, s: typeof first, y: number, label: string) =>
    value === null ? "" : `<circle class="mark ${s.cls}" cx="${f1(x(value))}" cy="${y}" r="6"><title>${label}: ${s.words} ${f1(value)}</title></circle>`;
  rows.forEach((r, i) => {
    const y = y0 + i * rowH + rowH / 2;
    const label = esc(r.label);
    const link = r.before !== null && r.after !== null ? `<line class="link" x1="${f1(x(r.before))}" x2="${f1(x(r.after))}" y1="${y}" y2="${y}"/>` : "";
    body.push(`<g class="row">${rowLabel(r.label, y + 4)}${link}${mark(r.before, first, y, label)}${mark(r.after, second, y, label)}</g>`);
  });
  const desc = `${rows.length} rows, ${series[0].label.toLowerCase()} and ${series[1].label.toLowerCase()} on a scale of 0 to ${top}; the table below has the figures.`;
  return svg(id, title, desc, height, body);
}

/** Values per category (month) as lines, one per series; a gap where a value is null. */
export function lineChart(id: string, title: string, categories: readonly string[], lines: ReadonlyArray<{ series: Series; values: ReadonlyArray<number | null> }>): string {
  const all = lines.flatMap((l) => l.values.filter((v): v is number => v !== null));
  const top = ratingTop(all);
  const left = 50;
  const y0 = 34;
  const plotH = 220;
  const height = y0 + plotH + 44;
  const step = categories.length > 1 ? (WIDTH - left - 30) / (categories.length - 1) : 0;
  const x = (i: number) => (categories.length > 1 ? left + i * step : (WIDTH + left) / 2);
  const y = (v: number) => y0 + plotH - (v / top) * plotH;
  const body: string[] = [];
  let lx = left;
  for (const l of lines) {
    body.push(`<g class="legend"><rect class="swatch ${l.series.cls}" x="${lx}" y="7" width="12" height="12" rx="2"/><text x="${lx + 17}" y="17">${esc(l.series.label)}</text></g>`);
    lx += 30 + l.series.label.length * 7;
  }
  const ticks = top <= 10 ? top : 5;
  for (let i = 0; i <= ticks; i++) {
    const v = (top * i) / ticks;
    body.push(`<line class="grid" x1="${left}" x2="${WIDTH - 20}" y1="${f1(y(v))}" y2="${f1(y(v))}"/>`, `<text class="tick" x="${left - 8}" y="${f1(y(v) + 4)}" text-anchor="end">${Math.round(v)}</text>`);
  }
  // Month labels: at most about twelve, so they never overlap.
  const every = Math.max(1, Math.ceil(categories.length / 12));
  categories.forEach((c, i) => {
    if (i % every === 0 || i === categories.length - 1) body.push(`<text class="tick" x="${f1(x(i))}" y="${y0 + plotH + 18}" text-anchor="middle">${esc(c)}</text>`);
  });
  for (const l of lines) {
    const segments: string[][] = [[]];
    l.values.forEach((v, i) => {
      if (v === null) segments.push([]);
      else segments.at(-1)!.push(`${f1(x(i))},${f1(y(v))}`);
    });
    for (const s of segments.filter((s) => s.length > 1)) body.push(`<polyline class="line ${l.series.cls}" points="${s.join(" ")}"/>`);
    l.values.forEach((v, i) => {
      if (v !== null) body.push(`<circle class="mark ${l.series.cls}" cx="${f1(x(i))}" cy="${f1(y(v))}" r="4"><title>${esc(categories[i]!)}: ${esc(l.series.label.toLowerCase())} ${f1(v)}</title></circle>`);
    });
  }
  const desc = `${lines.map((l) => l.series.label.toLowerCase()).join(" and ")} per month from ${categories[0] ?? "–"} to ${categories.at(-1) ?? "–"}, on a scale of 0 to ${top}; the table below has the figures.`;
  return svg(id, title, desc, height, body);
}

export interface StackRow {
  label: string;
  /** One value per series, in the chart's series order. */
  values: readonly number[];
}

/** One horizontal bar per row, stacked from its series' counts; zero segments are not drawn. */
export function stackedBars(id: string, title: string, rows: readonly StackRow[], series: readonly Series[]): string {
  const largest = Math.max(1, ...rows.map((r) => r.values.reduce((a, b) => a + b, 0)));
  const { top, steps } = niceAxis(largest, 5, countSteps(largest));
  const rowH = 24;
  const y0 = 34;
  const height = y0 + rows.length * rowH + 30;
  const x = (v: number) => LABEL_W + (v / top) * (WIDTH - LABEL_W - 30);
  const body = [...legend(series, 16), ...xAxis(top, steps, y0 - 6, y0 + rows.length * rowH, x, (v) => String(Math.round(v)))];
  rows.forEach((r, i) => {
    const y = y0 + i * rowH + 4;
    const parts = [rowLabel(r.label, y + 12)];
    let at = 0;
    r.values.forEach((v, k) => {
      if (v <= 0) return;
      const s = series[k]!;
      parts.push(`<rect class="mark ${s.cls}" x="${f1(x(at))}" y="${y}" width="${f1(x(at + v) - x(at))}" height="${rowH - 8}"><title>${esc(r.label)}: ${v} ${esc(s.label.toLowerCase())}</title></rect>`);
      at += v;
    });
    body.push(`<g class="row">${parts.join("")}</g>`);
  });
  const desc = `${rows.length} rows of ${series.map((s) => s.label.toLowerCase()).join(", ")}; the table below has the figures.`;
  return svg(id, title, desc, height, body);
}

export interface BudgetRow {
  label: string;
  medianMs: number;
  p90Ms: number;
  budgetMs: number | null;
}

/** Time per step: a bar to the median, a whisker to p90, a tick at the budget; a bar past its budget is marked `over`. */
export function budgetBars(id: string, title: string, rows: readonly BudgetRow[], format: (ms: number) => string): string {
  const { top, steps } = niceAxis(Math.max(1, ...rows.flatMap((r) => [r.p90Ms, r.budgetMs ?? 0])), 5, TIME_STEPS);
  const rowH = 24;
  const y0 = 34;
  const height = y0 + rows.length * rowH + 30;
  const x = (v: number) => LABEL_W + (v / top) * (WIDTH - LABEL_W - 30);
  const series: Series[] = [
    { cls: "within", label: "Median, within budget" },
    { cls: "over", label: "Median, over budget" },
    { cls: "budget", label: "Budget" },
  ];
  const body = [...legend(series, 16), ...xAxis(top, steps, y0 - 6, y0 + rows.length * rowH, x, format)];
  rows.forEach((r, i) => {
    const y = y0 + i * rowH + 4;
    const over = r.budgetMs !== null && r.medianMs > r.budgetMs;
    const what = `${esc(r.label)}: median ${esc(format(r.medianMs))}, p90 ${esc(format(r.p90Ms))}${r.budgetMs === null ? ", no budget" : `, budget ${esc(format(r.budgetMs))}`}`;
    const parts = [
      rowLabel(r.label, y + 12),
      `<rect class="mark ${over ? "over" : "within"}" x="${LABEL_W}" y="${y}" width="${f1(Math.max(1, x(r.medianMs) - LABEL_W))}" height="${rowH - 8}"><title>${what}</title></rect>`,
      `<line class="whisker" x1="${f1(x(r.medianMs))}" x2="${f1(x(r.p90Ms))}" y1="${y + (rowH - 8) / 2}" y2="${y + (rowH - 8) / 2}"/>`,
    ];
    if (r.budgetMs !== null) parts.push(`<line class="budget" x1="${f1(x(r.budgetMs))}" x2="${f1(x(r.budgetMs))}" y1="${y - 3}" y2="${y + rowH - 5}"/>`);
    body.push(`<g class="row">${parts.join("")}</g>`);
  });
  const desc = `${rows.length} steps: the median time as a bar, a line on to the 90th percentile, a tick at the budget; the table below has the figures.`;
  return svg(id, title, desc, height, body);
}
