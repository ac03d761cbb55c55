import { parse, type DefaultTreeAdapterMap } from "parse5";
import { describe, expect, it } from "vitest";
import type { ClientTrust } from "../../src/report/aggregate.js";
import { CHART_CLIENTS, renderReportHtml } from "../../src/report/render-html.js";
import type { ReportMeta } from "../../src/report/render-report.js";
import { reportOf } from "./batches.js";

/** The page's trust-per-client chart and table, read back with a real HTML parser. */

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];

const META: ReportMeta = { since: null, until: null, client: null, playbook: null, status: null, rehearsals: false, source: "all", groupBy: null, asOf: "2026-03-15" };

function client(key: string, before: number | null, after: number | null): ClientTrust {
  const both = before !== null && after !== null;
  return { key, sessions: 1, trust: { before, after, change: both ? after - before : null, ratedBoth: both ? 1 : 0 } };
}

function elements(node: Node, test: (e: Element) => boolean, out: Element[] = []): Element[] {
  if ("tagName" in node && test(node)) out.push(node);
  for (const child of "childNodes" in node ? node.childNodes : []) elements(child, test, out);
  if ("content" in node && node.content) elements(node.content, test, out);
  return out;
}

const attr = (e: Element, name: string) => e.attrs.find((a) => a.name === name)?.value;
const text = (n: Node): string => ("value" in n && n.nodeName === "#text" ? n.value : "childNodes" in n ? n.childNodes.map(text).join("") : "");

function chartOf(clients: ClientTrust[]) {
  const doc = parse(renderReportHtml({ report: reportOf([], undefined), clients, owners: [], dueMonths: [] }, META));
  const [svg] = elements(doc, (e) => e.tagName === "svg" && attr(e, "id") === "chart-trust-by-client");
  const rows = elements(svg!, (e) => e.tagName === "g" && attr(e, "class") === "row").map((g) => text(elements(g, (e) => e.tagName === "text")[0]!));
  const title = text(elements(svg!, (e) => e.tagName === "title")[0]!);
  const [table] = elements(doc, (e) => e.tagName === "table" && elements(e, (c) => c.tagName === "caption").some((c) => text(c) === "Trust per client"));
  const tableRows = elements(table!, (e) => e.tagName === "tr").length - 1;
  const said = elements(doc, (e) => e.tagName === "p" && attr(e, "class") === "scope").map(text);
  return { rows, title, tableRows, said };
}

describe("trust per client on the HTML page", () => {
  it("charts every rated client when they fit", () => {
    const few = [client("Acme", 2, 4), client("Beta", null, 3), client("Gamma", 1, null), client("Unrated", null, null)];
    const { rows, title, tableRows, said } = chartOf(few);
    expect(rows).toEqual(["Acme", "Beta", "Gamma"]);
    expect(said.filter((p) => p.startsWith("The chart"))).toEqual([]);
    expect(title).toBe("Average trust rating before and after the call, per client");
    expect(tableRows).toBe(3);
  });

  it(`charts the ${CHART_CLIENTS} rated lowest after the call when there are more, and tables them all`, () => {
    const many = Array.from({ length: 100 }, (_, i) => client(`Client ${String(i).padStart(3, "0")}`, 3, 1 + (i % 50) / 10));
    // Rated before only: after every client rated after.
    many.push(client("Before only", 1, null));
    const { rows, title, tableRows, said } = chartOf(many);
    expect(rows).toHaveLength(CHART_CLIENTS);
    // Two clients share each rating after (i and i + 50): lowest first, then as listed.
    expect(rows.slice(0, 4)).toEqual(["Client 000", "Client 050", "Client 001", "Client 051"]);
    expect(rows).not.toContain("Before only");
    expect(title).toBe(`Average trust rating before and after the call: the ${CHART_CLIENTS} clients rated lowest after it (all 101 are in the table below)`);
    expect(tableRows).toBe(101);
    // Said on the page too, not only to a screen reader.
    expect(said).toContain(`The chart shows the ${CHART_CLIENTS} clients rated lowest after it (all 101 are in the table below).`);
  });
});
