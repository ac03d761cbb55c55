import { readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { displayWidth } from "../../src/format/text.js";
import { plain } from "../../src/format/paint.js";
import { loadPlaybookFile } from "../../src/playbook/load.js";
import type { Playbook, Prompt } from "../../src/playbook/schema.js";
import { fillPlaybook, templateValues } from "../../src/playbook/template.js";
import { ChoiceEditor } from "../../src/screen/editors/choice-editor.js";
import { ConfirmEditor } from "../../src/screen/editors/confirm-editor.js";
import type { Editor } from "../../src/screen/editors/editor.js";
import { RatingEditor } from "../../src/screen/editors/rating-editor.js";
import { KeyChoiceEditor } from "../../src/screen/editors/key-choice-editor.js";
import { TextEditor } from "../../src/screen/editors/text-editor.js";
import { headerLine, layoutFrame, type Body } from "../../src/screen/layout.js";
import { choiceList } from "../../src/session/choices.js";
import type { StepView } from "../../src/session/view.js";
import { ROOT } from "../playbook/corpus.js";

const SESSION = {
  client: "Northwind Logistics International",
  incident: "Dispatch API down for fourteen days in November",
  owner: "Sam Whitfield",
  severity: "high",
  attendees: [{ name: "Sam Lee" }],
  contacts: [{ name: "Priya Raman" }],
};

const SIZES = [
  { cols: 60, rows: 18 },
  { cols: 64, rows: 20 },
  { cols: 80, rows: 24 },
  { cols: 100, rows: 30 },
  { cols: 132, rows: 43 },
];

function editorFor(p: Prompt): Editor<unknown> {
  switch (p.type) {
    case "select":
    case "checklist":
      return new ChoiceEditor(choiceList(p), p.type === "checklist") as Editor<unknown>;
    case "confirm":
      return new ConfirmEditor() as Editor<unknown>;
    case "rating":
      return new RatingEditor({ min: p.min, max: p.max, ...(p.labels ? { labels: p.labels } : {}) }) as Editor<unknown>;
    default:
      return new TextEditor({ multiline: p.type === "longtext", default: "an answer typed earlier, long enough to wrap over the edge of a narrow terminal" }) as Editor<unknown>;
  }
}

function view(pb: Playbook, i: number, over = false): StepView {
  const step = pb.steps[i]!;
  return {
    client: SESSION.client,
    incident: SESSION.incident,
    stepIndex: i,
    stepCount: pb.steps.length,
    title: step.title,
    guidance: step.guidance,
    say: step.say,
    avoid: step.avoid,
    budgetMs: 90_000,
    callMs: 3_723_000,
    stepMs: over ? 95_000 : 61_000,
    rehearsal: true,
  };
}

const entries = Array.from({ length: 12 }, (_, i) => `entry ${i + 1}: the client said something that takes a fair part of a line`);

describe("the call screen's layout, every builtin step and prompt, at every size", () => {
  const playbooks: Playbook[] = [];
  beforeAll(async () => {
    const dir = join(ROOT, "playbooks");
    for (const f of readdirSync(dir).filter((n) => n.endsWith(".yaml"))) {
      const r = await loadPlaybookFile(join(dir, f));
      if (!r.ok) throw new Error(`${f} does not load`);
      playbooks.push(fillPlaybook(r.playbook, templateValues(SESSION)));
    }
  });

  // Thousands of frames: pure work, but slow on a loaded 2-core machine.
  it("keeps the header on row 1, every row within the width and the height, Say and Avoid in view", { timeout: 120_000 }, () => {
    let frames = 0;
    for (const pb of playbooks) {
      pb.steps.forEach((step, i) => {
        for (const prompt of step.prompts) {
          for (const size of SIZES) {
            for (const withEntries of [false, true]) {
              for (const expanded of [false, true]) {
                const body: Body = {
                  message: prompt.message,
                  help: prompt.help,
                  entries: withEntries ? entries : undefined,
                  editor: (c, r) => editorFor(prompt).view(c, r, plain),
                  error: withEntries ? "at least 1 fact, please" : undefined,
                };
                const frame = layoutFrame({ ...size, paint: plain, step: view(pb, i), expanded, body });
                const where = `${pb.id}/${step.id}/${prompt.id} at ${size.cols}x${size.rows}${withEntries ? " with entries" : ""}${expanded ? " expanded" : ""}`;
                expect(frame.lines.length, where).toBe(size.rows);
                expect(frame.lines[0], where).toContain(SESSION.client.slice(0, 10));
                expect(frame.lines[0], where).toMatch(new RegExp(`\\b${i + 1}/${pb.steps.length}\\b`));
                for (const line of frame.lines) expect(displayWidth(line), `${where}: ${line}`).toBeLessThanOrEqual(size.cols);
                const text = frame.lines.join("\n");
                expect(text, where).not.toContain("{{");
                if (step.say?.length) expect(text, where).toMatch(/^ {2}Say /m);
                if (step.avoid?.length) expect(text, where).toMatch(/^ {2}Avoid /m);
                expect(text, where).toContain(prompt.message.slice(0, 12));
                if (frame.cursor) {
                  expect(frame.cursor.row, where).toBeLessThan(size.rows);
                  expect(frame.cursor.col, where).toBeLessThan(size.cols);
                }
                frames++;
              }
            }
          }
        }
      });
    }
    expect(frames).toBeGreaterThan(500);
  });

  it("with ^G, keeps the rows the step's whole text leaves to a multi-line answer", () => {
    const pb = playbooks.find((p) => p.id === "restore-trust")!;
    const editor = new TextEditor({ multiline: true });
    for (const ch of "one\ntwo\nthree\nfour") editor.key(ch === "\n" ? { name: "return", ctrl: false, meta: false, shift: false } : { text: ch, ctrl: false, meta: false, shift: false });
    for (const size of [{ cols: 100, rows: 30 }, { cols: 80, rows: 24 }]) {
      const body: Body = { message: "What do we know for sure?", editor: (c, r) => editor.view(c, r, plain) };
      const text = layoutFrame({ ...size, paint: plain, step: view(pb, 0), expanded: true, body }).lines.join("\n");
      expect(text, `${size.cols}x${size.rows}`).toContain("^G less");
      for (const line of ["one", "two", "three", "four"]) expect(text, `${size.cols}x${size.rows}`).toMatch(new RegExp(`^(› | {2})${line}$`, "m"));
    }
  });
});

describe("a short screen (40×12): the question and what was typed before the step's text", () => {
  const step: StepView = {
    client: "Northwind Logistics",
    incident: "Dispatch API down",
    stepIndex: 0,
    stepCount: 9,
    title: "Be prepared",
    guidance: "Read the whole timeline first. ".repeat(5),
    say: ["Thank you for making the time to talk.", "I'd like to hear how this hit you first."],
    avoid: ["Joining the call without knowing who owns the fix."],
    callMs: 1000,
    stepMs: 1000,
    rehearsal: false,
  };
  const panel = (cols: number, max: number) =>
    ["last trust 2 → 4 · 5 overdue · ^O", "  ! 55 days late · Send the review", "  ! 39 days late · Refund", "  ! 3 days late · Call back", "  • Weekly mail"].slice(0, max).map((l) => l.slice(0, cols));

  it("keeps every typed line, the step's title and the most overdue promise in view", () => {
    const editor = new TextEditor({ multiline: true });
    for (const ch of "first line\nsecond line\nthird line") editor.key(ch === "\n" ? { name: "return", ctrl: false, meta: false, shift: false } : { text: ch, ctrl: false, meta: false, shift: false });
    const frame = layoutFrame({ cols: 40, rows: 12, paint: plain, step, expanded: false, panel, body: { message: "What do we know for sure, and what is still open?", editor: (c, r) => editor.view(c, r, plain) } });
    const text = frame.lines.join("\n");
    expect(frame.lines).toHaveLength(12);
    expect(frame.lines[0]).toMatch(/^Northwind/);
    for (const line of ["first line", "second line", "third line"]) expect(text).toContain(line);
    expect(text).toMatch(/^1\. Be prepared +\^G more$/m);
    expect(text).toContain("55 days late");
  });

  it("keeps the highlighted choice of a question in view", () => {
    const choices = [
      { key: "c", value: "carry", label: "carry it into this call, with a new due date" },
      { key: "d", value: "done", label: "done: mark it done now" },
      { key: "l", value: "leave", label: "leave it open as it is" },
    ];
    const editor = new KeyChoiceEditor("Promised on an earlier call (1 of 8), due 2026-09-15, 55 days late: Send the review", choices, "leave");
    const frame = layoutFrame({ cols: 40, rows: 12, paint: plain, step: { ...step, stepIndex: 7, title: "Handle the problem" }, expanded: false, body: { message: "What will we do, who owns it, and by when?", notice: "↷ Skipped: What is the fix?", editor: (c, r) => editor.view(c, r, plain) } });
    const text = frame.lines.join("\n");
    expect(text).toMatch(/^❯ l {2}leave it open/m);
    expect(text).toContain("due 2026-09-15, 55 days late");
  });
});

describe("a notice longer than the row", () => {
  it("wraps over the next rows rather than losing its end, and is cut with … past three", () => {
    const step: StepView = { client: "Acme", incident: "Outage", stepIndex: 7, stepCount: 9, title: "Handle the problem", guidance: "", say: [], avoid: [], callMs: 1000, stepMs: 1000, rehearsal: false };
    const notice = "↻ Carried into this call, now due 2026-11-25: Replay every failed wholesale order";
    for (const size of [{ cols: 40, rows: 12 }, { cols: 60, rows: 18 }]) {
      const editor = new TextEditor({ multiline: false });
      const lines = layoutFrame({ ...size, paint: plain, step, expanded: false, body: { message: "What will we do?", notice, editor: (c, r) => editor.view(c, r, plain) } }).lines;
      const where = `${size.cols}x${size.rows}`;
      expect(lines, where).toHaveLength(size.rows);
      expect(lines[0], where).toMatch(/^Acme/);
      const at = lines.findIndex((l) => l.startsWith("↻ Carried"));
      expect(at, where).toBeGreaterThan(0);
      // Its rows go on, indented, down to the input's key hint.
      const rest = lines.slice(at + 1);
      const continued = rest.slice(0, rest.findIndex((l) => !l.startsWith("  ") || l.includes("Enter")));
      expect([lines[at]!, ...continued].map((r) => r.trim()).join(" "), where).toBe(notice);
      for (const l of lines) expect(displayWidth(l), where).toBeLessThanOrEqual(size.cols);
    }
    const editor = new TextEditor({ multiline: false });
    const long = layoutFrame({ cols: 30, rows: 12, paint: plain, step, expanded: false, body: { message: "What will we do?", notice: `${notice}, and then some more words`, editor: (c, r) => editor.view(c, r, plain) } }).lines;
    const at = long.findIndex((l) => l.startsWith("↻ Carried"));
    expect(long[at + 2]).toMatch(/…$/);
    expect(long.join("\n")).not.toContain("more words");
  });
});

describe("a long list of choices", () => {
  it("leaves the prompt's help one row once there are rows to spare, and scrolls the list in the rest", () => {
    const choices = Array.from({ length: 30 }, (_, i) => ({ value: `c${i}`, label: `choice number ${i + 1}` }));
    const step: StepView = { client: "Acme", incident: "Outage", stepIndex: 2, stepCount: 9, title: "Frame the problem", guidance: "", say: [], avoid: [], callMs: 1000, stepMs: 1000, rehearsal: false };
    for (const size of [{ cols: 60, rows: 18 }, { cols: 80, rows: 24 }, { cols: 100, rows: 40 }]) {
      const editor = new ChoiceEditor(choices, false);
      const body: Body = { message: "Which part of the service was hit?", help: "Ask them; do not guess from the logs.", editor: (c, r) => editor.view(c, r, plain) };
      const lines = layoutFrame({ ...size, paint: plain, step, expanded: false, body }).lines;
      const where = `${size.cols}x${size.rows}`;
      expect(lines, where).toHaveLength(size.rows);
      expect(lines.join("\n"), where).toContain("Ask them; do not guess");
      expect(lines.join("\n"), where).toMatch(/choice number 1\b/);
    }
  });
});

describe("a step title as long as the row", () => {
  it("goes on over the next rows when they are spare, else is cut beside ^G more; with ^G it is whole", () => {
    const full = "2. Only for high severity: an extremely long step title that goes on past the edge of any terminal";
    const step: StepView = {
      client: "Acme",
      incident: "Outage",
      stepIndex: 1,
      stepCount: 5,
      title: full.slice(3),
      guidance: "Listen first, then say what we know. ".repeat(12),
      say: ["We hear you."],
      avoid: ["Blame."],
      callMs: 1000,
      stepMs: 1000,
      rehearsal: false,
    };
    // The title's rows: from "2." to the first row of guidance (indented two) or Say.
    const titleOf = (lines: string[]) => {
      const from = lines.findIndex((l) => l.startsWith("2. "));
      const rows = [lines[from]!];
      for (let i = from + 1; lines[i]!.startsWith("   ") && !lines[i]!.startsWith("  Say"); i++) rows.push(lines[i]!);
      return rows;
    };
    const words = (rows: string[]) => rows.map((r) => r.replace(/\^G (more|less)$/, "").trim()).join(" ").replace(/\s+/g, " ");
    for (const size of [{ cols: 40, rows: 12 }, { cols: 60, rows: 18 }, { cols: 100, rows: 30 }]) {
      const where = `${size.cols}x${size.rows}`;
      const editor = new TextEditor({});
      const frame = (expanded: boolean) => layoutFrame({ ...size, paint: plain, step, expanded, body: { message: "What happened?", editor: (c, r) => editor.view(c, r, plain) } }).lines;
      const shown = titleOf(frame(false));
      if (words(shown) !== full) expect(shown[0], where).toMatch(/… +\^G more$/);
      expect(words(titleOf(frame(true))), where).toBe(full);
      for (const l of [...frame(false), ...frame(true)]) expect(displayWidth(l), where).toBeLessThanOrEqual(size.cols);
    }
  });
});

describe("headerLine", () => {
  const v: StepView = {
    client: "Acme",
    incident: "API outage",
    stepIndex: 2,
    stepCount: 9,
    title: "Show empathy",
    budgetMs: 5_000,
    callMs: 65_000,
    stepMs: 8_000,
    rehearsal: false,
  };

  it("shows the step time against its budget, marked over once past it", () => {
    expect(headerLine({ ...v, stepMs: 4_000 }, 100, plain)).toBe("Acme · 3/9 ▰▰▱▱▱▱▱▱▱▱ · call 1m 05s · step 4s of 5s · API outage");
    expect(headerLine(v, 100, plain)).toContain("step 8s of 5s (over)");
  });

  it("paints the step time red once over budget", () => {
    const red = { ...plain, red: (s: string) => `<red>${s}</red>` };
    expect(headerLine(v, 100, red)).toContain("<red>step 8s of 5s (over)</red>");
    expect(headerLine({ ...v, stepMs: 4_000 }, 100, red)).not.toContain("<red>");
  });

  it.each([40, 50, 60, 80])("fits %i columns, keeping the client and n/N", (cols) => {
    const line = headerLine({ ...v, client: "Northwind Logistics International Holdings" }, cols, plain);
    expect(displayWidth(line)).toBeLessThanOrEqual(cols);
    expect(line).toContain("3/9");
    expect(line).toMatch(/^Northwind/);
  });

  it.each([
    [60, "Northwind Logistics International Holdings"],
    [60, "株式会社ノースウィンド物流ホールディングス"],
    [80, "Northwind Logistics International Holdings Group Europe Ltd"],
    [80, "Northwind Logistics International Holdings Group"],
    [72, "Northwind Logistics International Holdings Group"],
    [61, "Northwind Logistics International Holdings Group Limited"],
  ])("at %i columns, cuts a long client name before it gives up the call time, once the bar is gone (%s)", (cols, client) => {
    const line = headerLine({ ...v, client }, cols, plain);
    expect(displayWidth(line)).toBeLessThanOrEqual(cols);
    expect(line).toContain("call 1m 05s");
    expect(line).toContain("step 8s");
    expect(line).not.toMatch(/[▰▱]/);
    // Cut where it ends, and still long enough to tell who it is.
    const shown = line.split(" · ")[0]!;
    expect(shown.endsWith("…")).toBe(true);
    expect(displayWidth(shown)).toBeGreaterThanOrEqual(16);
    expect(client.startsWith(shown.slice(0, -1))).toBe(true);
  });

  it.each([60, 72, 80, 100])("at %i columns, a longer client name never shows shorter, nor takes the call time away", (cols) => {
    let shown = 0;
    for (let length = 4; length <= 90; length++) {
      const line = headerLine({ ...v, client: "N".repeat(length) }, cols, plain);
      expect(displayWidth(line)).toBeLessThanOrEqual(cols);
      expect(line).toContain("call 1m 05s");
      const width = displayWidth(line.split(" · ")[0]!);
      expect(width, `${length} characters`).toBeGreaterThanOrEqual(shown);
      shown = width;
    }
  });

  it("keeps a short client name whole, whatever else it gives up", () => {
    const line = headerLine({ ...v, client: "Acme" }, 30, plain);
    expect(line.startsWith("Acme · 3/9")).toBe(true);
    expect(displayWidth(line)).toBeLessThanOrEqual(30);
  });

  it("measures wide characters by the columns they take", () => {
    const line = headerLine({ ...v, client: "株式会社ノースウィンド物流ホールディングス" }, 60, plain);
    expect(displayWidth(line)).toBeLessThanOrEqual(60);
    expect(line).toContain("3/9");
  });

  it("shows control characters in a client's name instead of sending them", () => {
    const line = headerLine({ ...v, client: "Evil\x1b]0;pwned\x07Corp" }, 100, plain);
    expect(line).not.toMatch(/[\x00-\x1f]/);
    expect(line).toContain("Evil␛]0;pwned␇Corp");
  });
});

describe("smaller than the screen is designed for", () => {
  it.each([
    [20, 5],
    [40, 10],
    [59, 17],
    [30, 3],
  ])("%ix%i: every row still fits, nothing breaks, the header stays", (cols, rows) => {
    const step: StepView = {
      client: "Northwind Logistics",
      incident: "Dispatch API down",
      stepIndex: 1,
      stepCount: 9,
      title: "Get the facts",
      guidance: "Listen first. ".repeat(20),
      say: ["Can you walk me through it from your side?", "What did this mean for your team?"],
      avoid: ["Interrupting to correct the timeline."],
      callMs: 1000,
      stepMs: 1000,
      rehearsal: false,
    };
    const editor = new TextEditor({ multiline: true });
    const frame = layoutFrame({
      cols,
      rows,
      paint: plain,
      step,
      expanded: false,
      body: { message: "What happened, as they saw it?", help: "One fact per entry.", entries, editor: (c, r) => editor.view(c, r, plain) },
    });
    expect(frame.lines).toHaveLength(rows);
    for (const line of frame.lines) expect(displayWidth(line)).toBeLessThanOrEqual(cols);
    expect(frame.lines[0]).toMatch(/^Nor.* 2\/9/);
  });
});
