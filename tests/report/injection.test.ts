process.env.TZ = "UTC";

import { describe, expect, it } from "vitest";
import { buildExport, type Audience } from "../../src/report/export-model.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { action, answered, inputWith, note, started } from "./fixtures/session.js";

/**
 * Text typed on a call must never turn into markup: every hostile answer below has to come out
 * as the text it is. The checks read the rendered markdown the way a CommonMark/GFM parser would
 * at the points that matter: line starts, unescaped special characters, table rows.
 */

const HOSTILE = [
  "# Not a heading",
  "<script>alert('x')</script>",
  "<img src=x onerror=alert(1)>",
  "[click here](https://evil.example/login)",
  "![tracker](https://evil.example/pixel.png)",
  "<https://evil.example>",
  "**shouting** and _emphasis_ and `code`",
  "---",
  "| a | b |",
  "[ref]: https://evil.example",
  "&lt;b&gt;bold&lt;/b&gt;",
];
const MULTILINE = [
  "Intro line",
  "# heading inside",
  "===",
  "---",
  "```",
  "fenced()",
  "```",
  "    indented code",
  "> quoted",
  "1. listed",
  "| x | y |",
  "|---|---|",
  "<div onclick=evil()>html block</div>",
].join("\n");

function hostileMarkdown(audience: Audience): string {
  const input = inputWith({
    session: {
      client: "Acme <b>Corp</b> | [x](https://evil.example)",
      incident: "# Outage ## of `prod` ---",
      owner: "Dana [admin](https://evil.example)",
      attendees: [{ name: "<i>Eve</i>" }, { name: "Mallory | Co" }],
      contacts: [{ name: "[x](https://evil.example)" }, { name: "<b>Priya</b> Raman" }, { name: "# Sam" }],
    },
    events: [
      [0, started("prepare")],
      [10, answered("prepare", "known_and_open", MULTILINE)],
      [20, answered("prepare", "trust_before", 2)],
      [30, started("get-facts")],
      [40, answered("get-facts", "client_facts", HOSTILE)],
      [50, answered("get-facts", "business_impact", MULTILINE)],
      [60, answered("get-facts", "affected_people", "<script>x</script> # [a](b)")],
      [70, answered("get-facts", "client_feelings", MULTILINE)],
      [72, started("show-empathy")],
      [74, answered("show-empathy", "apologised", true)],
      [76, answered("show-empathy", "apology_words", MULTILINE)],
      [78, started("frame-problem")],
      [80, answered("frame-problem", "problem_statement", HOSTILE.join(" "))],
      [82, answered("frame-problem", "problem_agreed", true)],
      [84, note(MULTILINE, "get-facts")],
      [90, note("**general** [note](https://evil.example) <u>x</u>")],
      [100, started("accountability")],
      [110, answered("accountability", "next_update", "2026-11-16")],
      [120, answered("accountability", "proof_of_fix", HOSTILE.join("\n"))],
    ],
    actions: [
      action(0, "Fix | the\npipes <b>now</b> [x](y)", "Ops | Team\n# lead", "2026-11-18"),
      action(1, "---", "`owner`", "2026-11-19", { status: "done", doneAt: Date.UTC(2026, 10, 13), doneNote: "| done | <b>x</b>" }),
    ],
  });
  return renderMarkdown(buildExport(input, { audience, redact: false }));
}

/** Indexes in `line` where `ch` is not escaped by a backslash (an odd run of them before it). */
function unescaped(line: string, ch: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < line.length; i++) {
    if (line[i] !== ch) continue;
    let slashes = 0;
    for (let j = i - 1; j >= 0 && line[j] === "\\"; j--) slashes++;
    if (slashes % 2 === 0) out.push(i);
  }
  return out;
}

describe.each(["team", "client"] as const)("hostile text in a %s export", (audience) => {
  const md = hostileMarkdown(audience);
  const lines = md.split("\n");

  it("starts no heading but its own", () => {
    const headings = lines.filter((l) => /^ {0,3}#/.test(l));
    for (const h of headings) expect(h).toMatch(/^(#|##|###) /);
    const own = /^(# Trust repair|# .*: following up on our call$|## (\d+\. |Commitments$|Notes$|What we|What you told us$|The problem$|When you)|### (Facts|Feelings|Notes)$)/;
    expect(headings.filter((h) => !own.test(h))).toEqual([]);
    // A setext underline under a text line would make that line a heading.
    expect(lines.filter((l) => /^ {0,3}(=+|-+)\s*$/.test(l))).toEqual(audience === "team" ? ["---"] : []);
  });

  it("has no raw HTML, autolink, code span or fence", () => {
    for (const l of lines) {
      expect(unescaped(l, "<"), l).toEqual([]);
      expect(unescaped(l, "`"), l).toEqual([]);
      expect(l, l).not.toMatch(/^\s*(```|~~~)/);
    }
  });

  it("has no link, image or link definition", () => {
    for (const l of lines) {
      for (const i of unescaped(l, "[")) {
        // Only our own checkboxes `- [x] ` and the `[redacted]` marker may hold an unescaped bracket.
        expect(l.slice(i), l).toMatch(/^\[[ x]\] |^\[redacted\]_/);
      }
    }
  });

  it("has no indented code block nor block quote from user text", () => {
    for (const l of lines) expect(l, l).not.toMatch(/^ {4,}\S/);
    // Our own quotes are exactly "> " + escaped text; a user's ">" is escaped.
    for (const l of lines.filter((x) => x.startsWith(">"))) expect(l, l).not.toMatch(/^>\s*>/);
  });

  it("keeps every table row to its four columns", () => {
    for (const l of lines.filter((x) => x.startsWith("|"))) expect(unescaped(l, "|").length, l).toBe(5);
  });

  it("shows the hostile text as escaped text", () => {
    expect(md).toContain("\\[x\\](https://evil.example)");
    // The letter is addressed to the client's people, not to the company.
    expect(md).toContain(audience === "team" ? "\\<b>Corp\\</b>" : "Dear \\[x\\](https://evil.example), \\<b>Priya\\</b> and # Sam,");
  });
});

describe("hostile text in the team export, spot checks", () => {
  const md = hostileMarkdown("team");
  it.each([
    ["- \\# Not a heading"],
    ["- \\<script>alert('x')\\</script>"],
    ["- \\[click here\\](https://evil.example/login)"],
    ["- !\\[tracker\\](https://evil.example/pixel.png)"],
    ["- \\<https://evil.example>"],
    ["- \\*\\*shouting\\*\\* and \\_emphasis\\_ and \\`code\\`"],
    ["- \\---"],
    ["- \\| a \\| b \\|"],
    ["- \\[ref\\]: https://evil.example"],
    ["- \\&lt;b\\&gt;bold\\&lt;/b\\&gt;"],
    ["# Trust repair: Acme \\<b>Corp\\</b> \\| \\[x\\](https://evil.example) — \\# Outage \\#\\# of \\`prod\\` ---"],
    ["> \\# heading inside\\\n> \\===\\\n> \\---\\\n> \\`\\`\\`\\\n> fenced()\\\n> \\`\\`\\`\\\n> indented code\\\n> \\> quoted\\\n> 1\\. listed"],
    ["| Fix \\| the pipes \\<b>now\\</b> \\[x\\](y) | Ops \\| Team # lead | Wed 18 Nov 2026 | open |"],
    ["| \\--- | \\`owner\\` | Thu 19 Nov 2026 | done Fri 13 Nov 2026 — \\| done \\| \\<b>x\\</b> |"],
    ["- \\*\\*general\\*\\* \\[note\\](https://evil.example) \\<u>x\\</u>"],
    ["- **Attendees:** \\<i>Eve\\</i>, Mallory \\| Co"],
  ])("contains %j", (expected) => {
    expect(md).toContain(expected);
  });
});
