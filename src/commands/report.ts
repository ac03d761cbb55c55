import { now } from "../clock.js";
import { UsageError } from "../errors.js";
import { fitWidth, paintFor } from "../output.js";
import { buildReport } from "../report/aggregate.js";
import { renderReportCsv, renderReportJson, renderReportMarkdown, renderReportTable, type ReportMeta } from "../report/render-report.js";
import { parseSince, toIsoDate } from "../session/time.js";
import { reportSource } from "../store/report.js";
import type { CommandOptions, ReportFormat } from "./options.js";
import { printNothing, type Printed } from "./printed.js";
import { readingStore } from "./store-access.js";

export type ReportOptions = CommandOptions<"report">;

/** `trust report`: figures over the chosen sessions, overall and per group, in one of four formats. */
export async function report(opts: ReportOptions): Promise<Printed> {
  const format: ReportFormat = opts.json ? "json" : opts.format;
  const t = new Date(now());
  const since = opts.since ? parseSince(opts.since, t, "--since") : undefined;
  const until = opts.until ? parseSince(opts.until, t, "--until") : undefined;
  if (since !== undefined && until !== undefined && until <= since) {
    throw new UsageError("--until must be later than --since", { hint: `--since is ${new Date(since).toISOString()}, --until ${new Date(until).toISOString()}` });
  }
  const today = toIsoDate(t);
  const meta: ReportMeta = {
    since: since === undefined ? null : new Date(since).toISOString(),
    until: until === undefined ? null : new Date(until).toISOString(),
    client: opts.client ?? null,
    playbook: opts.playbook ?? null,
    status: opts.status ?? null,
    rehearsals: opts.rehearsals ?? false,
    groupBy: opts.groupBy ?? null,
    asOf: today,
  };

  const figures = await readingStore(opts, (store) => {
    const source = reportSource(store, {
      since,
      until,
      client: opts.client,
      playbook: opts.playbook,
      status: opts.status,
      includeRehearsals: opts.rehearsals ?? false,
      today,
    }, opts.groupBy === "month" ? undefined : opts.groupBy);
    return buildReport(source.batches, opts.groupBy, source.stepOrder, source.stepNames);
  });

  switch (format) {
    case "json":
      return { stdout: renderReportJson(figures, meta) };
    case "csv":
      return { stdout: renderReportCsv(figures) };
    case "md":
      return { stdout: renderReportMarkdown(figures, meta) };
    case "table":
      if (figures.totals.sessions.started === 0) return printNothing("No sessions match. Start one with: trust start");
      return { stdout: renderReportTable(figures, meta, paintFor(process.stdout, opts), fitWidth(process.stdout)) };
  }
}
