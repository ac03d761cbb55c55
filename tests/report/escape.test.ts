import { describe, expect, it } from "vitest";
import { escapeCell, escapeHeading, escapeInline, escapeLines, quoteBlock } from "../../src/report/escape.js";

describe("escapeInline", () => {
  it.each([
    ["# Heading", "\\# Heading"],
    ["### also", "\\### also"],
    ["<script>alert(1)</script>", "\\<script>alert(1)\\</script>"],
    ["<https://evil.example>", "\\<https://evil.example>"],
    ["[click me](https://evil.example)", "\\[click me\\](https://evil.example)"],
    ["![pixel](https://evil.example/p.png)", "!\\[pixel\\](https://evil.example/p.png)"],
    ["[ref]: https://evil.example", "\\[ref\\]: https://evil.example"],
    ["[^1]", "\\[^1\\]"],
    ["*bold* and _it_", "\\*bold\\* and \\_it\\_"],
    ["`rm -rf`", "\\`rm -rf\\`"],
    ["~~gone~~", "\\~\\~gone\\~\\~"],
    ["---", "\\---"],
    ["***", "\\*\\*\\*"],
    ["===", "\\==="],
    ["- not a list", "\\- not a list"],
    ["+ not a list", "\\+ not a list"],
    ["1. not a list", "1\\. not a list"],
    ["2) not a list", "2\\) not a list"],
    ["> not a quote", "\\> not a quote"],
    ["a | b", "a \\| b"],
    ["$x^2$", "\\$x^2\\$"],
    ["&lt;b&gt; and &#60;", "\\&lt;b\\&gt; and \\&#60;"],
    ["C:\\temp\\", "C:\\\\temp\\\\"],
  ])("%j → %j", (input, expected) => {
    expect(escapeInline(input)).toBe(expected);
  });

  it.each([
    "R&D costs 1,250.00 EUR",
    "Sam's team: 300 calls (11 Nov), 2026-12-01",
    "10% off; 3 > 2 and a -> b",
    "snake-case, #42 in the middle",
  ])("leaves ordinary text alone: %j", (text) => {
    expect(escapeInline(text)).toBe(text);
  });

  it("turns newlines and runs of spaces into one space", () => {
    expect(escapeInline("  one\n# two\r\n\tthree  ")).toBe("one # two three");
  });
});

describe("escapeLines", () => {
  it("escapes the start of every line, drops indentation and blank lines at the ends, breaks lines hard", () => {
    const text = "\n\nfirst\n# heading\n---\n```js\n    indented code\n> quote\n\n<div>html</div>\n\n";
    expect(escapeLines(text)).toEqual([
      "first\\",
      "\\# heading\\",
      "\\---\\",
      "\\`\\`\\`js\\",
      "indented code\\",
      "\\> quote",
      "",
      "\\<div>html\\</div>",
    ]);
  });

  it("quotes each line, keeping blank lines inside the quote", () => {
    expect(quoteBlock("a\n\n# b")).toEqual(["> a", ">", "> \\# b"]);
  });
});

describe("escapeHeading", () => {
  it("escapes every # so none can close the heading", () => {
    expect(escapeHeading("Incident #42 ##")).toBe("Incident \\#42 \\#\\#");
    expect(escapeHeading("# x\n## y")).toBe("\\# x \\#\\# y");
  });
});

describe("escapeCell", () => {
  it("keeps a cell on one line with its pipes escaped", () => {
    expect(escapeCell("a|b\nc | d")).toBe("a\\|b c \\| d");
    expect(escapeCell("   ")).toBe(" ");
  });
});
