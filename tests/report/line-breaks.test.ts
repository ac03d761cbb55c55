import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { buildExport } from "../../src/report/export-model.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { answered, inputWith, note, started } from "./fixtures/session.js";

/**
 * Answers typed on several lines (longtext, notes) keep their line breaks in the markdown, as
 * a CommonMark renderer shows it: each line on its own, none run into the next, and still no
 * markup from what was typed.
 */

const md = new MarkdownIt({ html: false, linkify: false });

const input = inputWith({
  events: [
    [0, started("prepare")],
    [10, answered("prepare", "known_and_open", "Confirmed: the workers stalled\nOpen: why nobody was paged\n\n# not a heading")],
    [20, started("get-facts")],
    [30, answered("get-facts", "client_facts", ["one fact"])],
    [40, answered("get-facts", "client_feelings", "We felt left in the dark.\nThey heard it from their customers.")],
    [50, note("Call back Friday\nAsk for their CFO", "get-facts")],
  ],
});

describe("line breaks in exports, rendered by markdown-it", () => {
  for (const audience of ["team", "client"] as const) {
    it(`${audience}: each typed line renders on its own line`, () => {
      const doc = buildExport(input, { audience, redact: false });
      const text = renderMarkdown(doc);
      const html = md.render(text);
      expect(html).toMatch(/We felt left in the dark\.<br>\s*They heard it from their customers\./);
      if (audience === "team") {
        expect(html).toMatch(/Confirmed: the workers stalled<br>\s*Open: why nobody was paged/);
        expect(html).toMatch(/Call back Friday<br>\s*Ask for their CFO/);
        // A typed "# …" on its own line stays text.
        expect(html).not.toContain("<h1>not a heading");
        expect(html).toContain("# not a heading");
      }
    });
  }
});
