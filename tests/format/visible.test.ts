import { describe, expect, it } from "vitest";
import { stripControls, visible, visibleDeep, visibleLine } from "../../src/format/visible.js";

/** Every character that can act on a terminal, reorder text or hide in it, one of each kind. */
const ACTING = [
  "\x1b", "\x00", "\x07", "\b", "\r", "\x7f", "\x85", "\x9b", // C0, DEL, C1
  "\u202a", "\u202e", "\u2066", "\u2069", // bidi embeddings, overrides, isolates
  "\u200e", "\u200f", "\u061c", // direction marks
  "\u200b", "\u2060", "\u2063", "\ufeff", "\ufff9", "\u180e", "\u034f", "\u00ad", "\u115f", "\u3164", // show as nothing
  "\u{E0041}", "\u{E0001}", // tag characters outside a flag
];

describe("visible: what can act or hide is shown as a sign", () => {
  it.each(ACTING.map((c) => [c.codePointAt(0)!.toString(16), c]))("U+%s", (_code, c) => {
    const out = visible(`a${c}b`);
    expect(out).not.toContain(c);
    expect(out).toMatch(/^a[\u2400-\u2421\ufffd]b$/u);
    expect(stripControls(`a${c}b`)).toBe("ab");
  });

  it("line and paragraph separators become the line breaks they mean (spaces on one line)", () => {
    expect(visible("one\u2028two\u2029three")).toBe("one\ntwo\nthree");
    expect(visibleLine("one\u2028two")).toBe("one two");
  });

  it("keeps what people write with: joiners in emoji and scripts, a subdivision flag, tabs and newlines, any letters", () => {
    for (const text of ["👩‍💻 on call", "👨‍👩‍👧", "क्‍ष", "می‌خواهم", "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F} England", "a\tb\nc", "Zoë Ŝ 北京 Ωmega"]) {
      expect(visible(text)).toBe(text);
    }
  });

  it("visibleDeep reaches every string, keys included", () => {
    expect(visibleDeep({ "k\x1b": ["v\u200e", { n: 1, s: "\u2028" }] })).toEqual({ "k␛": ["v\ufffd", { n: 1, s: "\n" }] });
  });
});
