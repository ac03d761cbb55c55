import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import { renderTable } from "../../src/format/table.js";
import { cutToWidth, displayWidth } from "../../src/format/width.js";

const HEADERS = ["ID", "DUE", "OWNER", "WHAT", "CLIENT", "STATUS"];
const ROWS = [
  ["7bc81439", "2026-11-02", "山田 太郎", "Refund the double charge to every affected card 💳", "東京海上ホールディングス株式会社", "overdue"],
  ["199c7281", "2026-11-03", "Ana Whitfield", "Send the post-incident review", "🚀 Rocket Labs", "open"],
  ["c1be371b", "2026-11-04", "Omar", "Call back", "Acme", "done"],
];

const lines = (s: string) => s.split("\n");
const widest = (s: string) => Math.max(...lines(s).map((l) => stringWidth(l)));

describe("renderTable", () => {
  it("keeps every cell whole without a width (a pipe), aligned by display width", () => {
    const out = renderTable(HEADERS, ROWS);
    for (const row of ROWS) for (const cell of row) expect(out).toContain(cell);
    // Every row's DUE column starts at the same display column, CJK and emoji included.
    const at = lines(out).map((l) => stringWidth(l.slice(0, l.indexOf("2026")))).slice(1);
    expect(new Set(at).size).toBe(1);
    // CLIENT starts at one display column on every row though OWNER and WHAT hold wide characters.
    const client = lines(out).slice(1).map((l, i) => stringWidth(l.slice(0, l.indexOf(ROWS[i]![4]!))));
    expect(new Set(client).size).toBe(1);
  });

  it.each([40, 60, 80, 120])("fits %i columns, cutting only the text columns", (columns) => {
    const out = renderTable(HEADERS, ROWS, { columns, text: [2, 3, 4] });
    expect(widest(out)).toBeLessThanOrEqual(columns);
    // Ids, dates and statuses are never cut.
    for (const row of ROWS) for (const i of [0, 1, 5]) expect(out).toContain(row[i]);
  });

  it("shrinks the widest text column first", () => {
    const full = widest(renderTable(HEADERS, ROWS));
    const out = renderTable(HEADERS, ROWS, { columns: full - 5, text: [2, 3, 4] });
    expect(widest(out)).toBe(full - 5);
    // WHAT (the widest) lost the five columns; OWNER and CLIENT are whole.
    expect(out).toContain("山田 太郎");
    expect(out).toContain("東京海上ホールディングス株式会社");
    expect(out).not.toContain("💳");
    expect(out).toContain("…");
  });

  it("splits a table too wide for its text to give way into panels, each repeating the key", () => {
    const headers = ["CLIENT", ...Array.from({ length: 10 }, (_, i) => `FIGURE ${i + 1}`)];
    const rows = [["東京海上", ...Array.from({ length: 10 }, (_, i) => String(1000 + i))], ["Acme", ...Array.from({ length: 10 }, () => "12345678")]];
    const out = renderTable(headers, rows, { columns: 60, text: [0] });
    expect(widest(out)).toBeLessThanOrEqual(60);
    const panels = out.split("\n\n");
    expect(panels.length).toBeGreaterThan(1);
    for (const p of panels) {
      expect(p.startsWith("CLIENT")).toBe(true);
      expect(p).toContain("東京海上");
    }
    // Every figure is there, whole, once.
    for (let i = 1; i <= 10; i++) expect(out.split(`FIGURE ${i}`).length - 1).toBe(i === 1 ? 2 : 1);
    for (let i = 0; i < 10; i++) expect(out).toContain(String(1000 + i));
  });

  it("puts a cell's line breaks on one line", () => {
    expect(renderTable(["A", "B"], [["one\ntwo", "x"]])).toBe("A        B\none two  x");
  });

  it("leaves no trailing spaces and paints only the header", () => {
    const out = renderTable(["A", "B"], [["1", ""]], { bold: (s) => `<${s}>` });
    expect(out).toBe("<A  B>\n1");
  });
});

describe("cutToWidth", () => {
  it.each([
    ["abcdef", 4, "abc…"],
    ["abc", 3, "abc"],
    ["東京海上", 5, "東京…"],
    ["東京海上", 4, "東…"],
    ["👩‍💻👩‍💻👩‍💻", 5, "👩‍💻👩‍💻…"],
    ["e\u0301e\u0301e\u0301", 2, "e\u0301…"],
    ["abc", 0, ""],
  ])("cuts %j to %i columns as %j", (s, cols, expected) => {
    const out = cutToWidth(s, cols);
    expect(out).toBe(expected);
    expect(displayWidth(out)).toBeLessThanOrEqual(cols);
  });
});

describe("displayWidth", () => {
  it("agrees with string-width on the signs it counts without it, painted or not", () => {
    for (const s of ["Acme", "– → 4", "3 → –", "a · b — c…", "█▅▃▁▂▄▆▇", "\x1b[31moverdue\x1b[39m", "\x1b[36m█▅▃\x1b[39m", "東京 → 4", "\x1b[1m東京\x1b[22m"]) {
      expect(displayWidth(s), JSON.stringify(s)).toBe(stringWidth(s));
    }
  });
});


describe("renderTable: ids as keys", () => {
  const headers = ["PLAYBOOK", "STEP", "SESSIONS", "MEDIAN", "P90", "BUDGET"];
  const rows = [
    ["team-escalation", "handle-feelings", "17", "1m 05s", "3m 52s", "3m 00s"],
    ["team-escalation", "handle-problem", "17", "1m 27s", "5m 32s", "6m 00s"],
  ];
  it("splits into panels that repeat both keys whole rather than cut an id", () => {
    const out = renderTable(headers, rows, { columns: 60, text: [], repeat: 2 });
    const panels = out.split("\n\n");
    expect(panels.length).toBeGreaterThan(1);
    for (const panel of panels) {
      for (const line of panel.split("\n")) expect(line.length).toBeLessThanOrEqual(60);
      expect(panel).toContain("team-escalation  handle-feelings");
      expect(panel).toContain("team-escalation  handle-problem");
    }
  });
  it("cuts them only where the keys and one figure cannot fit whole, and then each still apart", () => {
    const out = renderTable(headers, rows, { columns: 36, text: [], repeat: 2 });
    for (const line of out.split("\n")) expect(line.length).toBeLessThanOrEqual(36);
    expect(out).toContain("handle-feel…");
    expect(out).toContain("handle-prob…");
  });
});
