import { now } from "../clock.js";
import { TrustError } from "../errors.js";
import { fitWidth, paintFor } from "../output.js";
import { visible } from "../format/visible.js";
import { writeOutFile } from "../fs/out-file.js";
import { buildReport, clientTrustFigures, ownerFigures, type Report } from "../report/aggregate.js";
import { renderReportCsv, renderReportJson, renderReportMarkdown, renderReportTable, type ReportMeta } from "../report/render-report.js";
import { toIsoDate } from "../session/time.js";
import { timeWindow } from "./time-window.js";
import { clientTrust, commitmentFacts, reportSource } from "../store/report.js";
import type { HtmlReport } from "../report/render-html.js";
import { UnreadableStepTimes } from "../report/step-pairs.js";
import type { CommandOptions, ReportFormat } from "./options.js";
import { printNothing, type Printed } from "./printed.js";
import { readingStore } from "./store-access.js";
import { stdoutTerminal } from "../standard-streams.js";

export type ReportOptions = CommandOptions<"report">;

/** `trust report`: figures over the chosen sessions, overall and per group, as a table, md, csv, json or an html page. */
export async function report(opts: ReportOptions): Promise<Printed> {
  const format: ReportFormat = opts.json ? "json" : opts.format;
  // Only for a page: in the full CLI the page and its charts are a chunk of their own.
  const html = format === "html" ? await import("../report/render-html.js") : undefined;
  const t = new Date(now());
  const { since, until } = timeWindow(opts, t);
  const today = toIsoDate(t);
  const meta: ReportMeta = {
    since: since === undefined ? null : new Date(since).toISOString(),
    until: until === undefined ? null : new Date(until).toISOString(),
    client: opts.client ?? null,
    playbook: opts.playbook ?? null,
    status: opts.status ?? null,
    rehearsals: opts.rehearsals ?? false,
    source: opts.source,
    groupBy: opts.groupBy ?? null,
    asOf: today,
  };

  const { report: figures, page } = await readingStore(opts, (store): { report: Report; page?: HtmlReport } => {
    const filter = {
      since,
      until,
      client: opts.client,
      playbook: opts.playbook,
      status: opts.status,
      source: opts.source === "all" ? undefined : opts.source,
      includeRehearsals: opts.rehearsals ?? false,
      today,
    };
    // Grouped by the commitments' owner, the sessions are summed as a whole and the commitments apart.
    const key = opts.groupBy === "month" || opts.groupBy === "owner" ? undefined : opts.groupBy;
    const source = reportSource(store, filter, key);
    const commitments = opts.groupBy === "owner" || format === "html" ? commitmentFacts(store, filter) : undefined;
    const report = readable(store.path, () => buildReport(source.batches, opts.groupBy, { playbooks: source.playbooks, stepNames: source.stepNames, owners: commitments?.owners }));
    if (!html) return { report };
    // The page charts trust per client and commitments per owner and due month whatever the grouping.
    const owners = opts.groupBy === "owner" ? report.owners : ownerFigures(commitments!.owners);
    return { report, page: { report, clients: clientTrustFigures(clientTrust(store, filter)), owners, dueMonths: commitments!.dueMonths } };
  });

  const toFile = opts.out !== undefined && opts.out !== "-";
  const text = format === "html" ? html!.renderReportHtml(page!, meta) : await reportText(figures, meta, format, opts, toFile);
  if (text === undefined) return printNothing("No sessions match. Start one with: trust start");
  if (!toFile) return { stdout: text };
  writeOutFile(opts.out!, text, { force: opts.force === true });
  return { stdout: "" };
}

/** `make`, or, when the step times it reads hold what trust never writes, one line that says so (not "unexpected error"). */
function readable<T>(path: string, make: () => T): T {
  try {
    return make();
  } catch (err) {
    if (!(err instanceof UnreadableStepTimes)) throw err;
    throw new TrustError(`${path} holds step times that trust cannot read (${err.message})`, undefined, {
      hint: "They may have been edited by hand; trust left the file as it was.",
    });
  }
}

/** The report in `format`; undefined for a terminal table with nothing in it. A file gets what a pipe would. */
async function reportText(figures: Report, meta: ReportMeta, format: Exclude<ReportFormat, "html">, opts: ReportOptions, toFile: boolean): Promise<string | undefined> {
  switch (format) {
    case "json":
      return renderReportJson(figures, meta);
    case "csv":
      return renderReportCsv(figures, !toFile && stdoutTerminal().isTTY ? visible : undefined);
    case "md":
      return renderReportMarkdown(figures, meta);
    case "table": {
      if (figures.totals.sessions.started === 0) return undefined;
      const out = toFile ? { isTTY: false } : stdoutTerminal();
      return renderReportTable(figures, meta, await paintFor(out, opts), fitWidth(out));
    }
  }
}
