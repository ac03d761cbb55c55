import { describe, expect, it } from "vitest";
import { displayWidth } from "../../src/format/text.js";
import { reportOf, type SessionFacts } from "./batches.js";
import { csvField, formatSpan, renderReportCsv, renderReportMarkdown, renderReportTable, type ReportMeta } from "../../src/report/render-report.js";
import { plain } from "../../src/format/paint.js";

const META: ReportMeta = { since: null, until: null, client: null, playbook: null, status: null, rehearsals: false, source: "all", groupBy: "client", asOf: "2026-03-15" };

function facts(client: string, startedAt: number, before: number | null, after: number | null): SessionFacts {
  return {
    client, owner: "Dana", playbook: "restore-trust", startedAt, status: "completed", activeMs: 90_000, stepMs: [["prepare", 90_000]],
    trustBefore: before, trustAfter: after, actionsOpen: 1, actionsDone: 0, actionsOverdue: 1, doneMs: [],
  };
}

describe("csv", () => {
  it("quotes per RFC 4180 and defuses spreadsheet formulas in text", () => {
    expect(csvField('say "hi", then go')).toBe('"say ""hi"", then go"');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField(-1.5)).toBe("-1.5");
    expect(csvField(null)).toBe("");
  });
  it("has a header, a row per group and the total last, with CRLF", () => {
    const r = reportOf([facts("A, Inc", Date.UTC(2026, 0, 2), 2, 4), facts("B", Date.UTC(2026, 0, 3), 3, 3)], "client");
    const lines = renderReportCsv(r).split("\r\n");
    expect(lines).toHaveLength(5);
    expect(lines[1]).toBe('group,"A, Inc",1,1,1,90000,90000,2,4,2,1,1,0,1,');
    expect(lines[3]).toBe("total,,2,2,1,90000,90000,2.5,3.5,1,2,2,0,2,");
    expect(lines[4]).toBe("");
  });
});

describe("formatSpan", () => {
  it("shows calls in minutes and follow-ups in days", () => {
    expect(formatSpan(null)).toBe("–");
    expect(formatSpan(185_000)).toBe("3m 05s");
    expect(formatSpan(26 * 3_600_000)).toBe("1d 02h");
  });
});

describe("markdown", () => {
  it("escapes names people typed but not the figures", () => {
    const r = reportOf([facts("Acme | <b>bold</b>", Date.UTC(2026, 0, 2), 2, 4)], "client");
    const md = renderReportMarkdown(r, { ...META, client: "Acme | <b>bold</b>" });
    expect(md).toContain("| Acme \\| \\<b>bold\\</b> | 1 |");
    expect(md).toContain("client Acme \\| \\<b>bold\\</b>");
    expect(md).toContain("| +2.0 |");
  });
  it("charts only months with both ratings, on the rating scale", () => {
    const r = reportOf([facts("A", Date.UTC(2026, 0, 2), 2, 4), facts("A", Date.UTC(2026, 2, 2), 3, null)], undefined);
    const md = renderReportMarkdown(r, { ...META, groupBy: null });
    expect(md).toContain('  x-axis ["2026-01"]\n  y-axis "Rating" 0 --> 5\n  line [2]\n  line [4]');
    expect(md).not.toContain("## By");
  });
  it("says so when there is nothing to chart", () => {
    const md = renderReportMarkdown(reportOf([], undefined), { ...META, groupBy: null });
    expect(md).toContain("No trust ratings to chart yet.");
  });
});

describe("table", () => {
  it("draws one trust sparkline per group over the shared months, none when grouped by month", () => {
    const r = reportOf([facts("A", Date.UTC(2026, 0, 2), 2, 4), facts("B", Date.UTC(2026, 1, 2), 2, 2)], "client");
    const text = renderReportTable(r, META, plain);
    expect(text).toMatch(/^A .* █·$/m);
    expect(text).toMatch(/^B .* ·▁$/m);
    const byMonth = renderReportTable(reportOf([facts("A", Date.UTC(2026, 0, 2), 2, 4), facts("B", Date.UTC(2026, 1, 2), 2, 2)], "month"), { ...META, groupBy: "month" }, plain);
    expect(byMonth).not.toContain("TREND");
  });

  it.each([40, 50, 60])("at %i columns, the summary's values wrap under themselves, never inside a duration", (cols) => {
    const r = reportOf([facts("A", Date.UTC(2026, 0, 2), 2, 4), facts("B", Date.UTC(2026, 1, 2), 2, 2)], "client");
    const lines = renderReportTable(r, META, plain, cols).split("\n");
    for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(cols);
    const start = lines.findIndex((l) => l.startsWith("  Sessions "));
    const column = lines[start]!.indexOf(lines[start]!.trim().split(/\s{2,}/)[1]!);
    // Every row down to the blank one after the summary is a label's or one of its values'.
    for (const line of lines.slice(start, lines.indexOf("", start))) {
      const label = /^ {2}\S/.test(line);
      expect(label || line.startsWith(" ".repeat(column)), line).toBe(true);
      if (!label) expect(line[column], line).not.toBe(" ");
      // No duration split across rows: a row does not end in "28m" with "17s" on the next.
      expect(line).not.toMatch(/\d+[dhm]$/);
    }
  });
});
