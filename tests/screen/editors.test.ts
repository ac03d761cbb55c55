import { describe, expect, it } from "vitest";
import { plain } from "../../src/format/paint.js";
import { displayWidth } from "../../src/format/text.js";
import { ChoiceEditor } from "../../src/screen/editors/choice-editor.js";
import { ConfirmEditor } from "../../src/screen/editors/confirm-editor.js";
import { KeyChoiceEditor } from "../../src/screen/editors/key-choice-editor.js";
import type { Editor, KeyOutcome } from "../../src/screen/editors/editor.js";
import { RatingEditor } from "../../src/screen/editors/rating-editor.js";
import { graphemeAfter, graphemeBefore, segments, TextEditor } from "../../src/screen/editors/text-editor.js";
import { splitGraphemes } from "../../src/format/text.js";
import type { Key } from "../../src/screen/keys.js";

const k = (name: string, extra: Partial<Key> = {}): Key => ({ name, ctrl: false, meta: false, shift: false, ...extra });
const ctrl = (letter: string): Key => k(letter, { ctrl: true });
const ENTER = k("return");

/** Types `keys` into `editor`: strings are typed character by character, Keys as they are; the last outcome. */
function feed<V>(editor: Editor<V>, ...keys: Array<string | Key>): KeyOutcome<V> {
  let last: KeyOutcome<V>;
  for (const key of keys) {
    if (typeof key === "string") for (const ch of key) last = editor.key({ ctrl: false, meta: false, shift: false, text: ch, ...(/[a-z]/.test(ch) ? { name: ch } : {}) });
    else last = editor.key(key);
  }
  return last;
}

describe("TextEditor", () => {
  it("edits like a shell line: cursor moves, backspace, ^U, ^W, home and end", () => {
    const e = new TextEditor();
    feed(e, "hello world", ctrl("w"), "there", k("home"), "oh ", k("end"), k("backspace"), k("left"), k("left"), k("delete"));
    expect(e.value).toBe("oh hello thr");
    // ^U deletes from the start of the line to the cursor.
    feed(e, ctrl("u"));
    expect(e.value).toBe("r");
  });

  it("deletes a whole emoji or accented letter with one backspace", () => {
    const e = new TextEditor();
    feed(e, "ok 👍🏽", k("backspace"));
    expect(e.value).toBe("ok ");
    feed(e, "e\u0301", k("backspace"));
    expect(e.value).toBe("ok ");
  });

  it("shows a saved answer made editable with Tab with its controls as signs, and keeps it as saved", () => {
    const saved = "line1 \x1b[2J\x1b]0;TITLE\x07 \x9b31m\u202eok\nline2\ttabbed\r";
    const e = new TextEditor({ default: saved, multiline: true });
    feed(e, k("tab"));
    const view = e.view(40, 10, plain);
    const text = view.lines.join("\n");
    // Nothing a terminal would act on: no ESC, BEL, C1, bidi override, CR or tab.
    expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e\t]/);
    expect(text).toContain("␛[2J␛]0;TITLE␇");
    expect(text).toContain("line2 tabbed␍");
    for (const line of view.lines) expect(displayWidth(line)).toBeLessThanOrEqual(40);
    // The cursor sits after the last sign shown.
    expect(view.cursor).toEqual({ line: view.lines.length - 1, col: displayWidth(view.lines.at(-1)!) });
    // Stored as it was, with what was typed after it.
    expect(feed(e, " EDITED", ctrl("d"))).toEqual({ submit: `${saved} EDITED` });
  });

  it("submits on Enter; Enter on nothing keeps the saved answer, Tab makes it editable", () => {
    expect(feed(new TextEditor(), "x", ENTER)).toEqual({ submit: "x" });
    expect(feed(new TextEditor({ default: "Dana" }), ENTER)).toEqual({ submit: "Dana" });
    expect(feed(new TextEditor({ default: "Dana" }), k("tab"), " Ortiz", ENTER)).toEqual({ submit: "Dana Ortiz" });
    // Backspace on nothing drops the saved answer, as the prompts people know do.
    expect(feed(new TextEditor({ default: "Dana" }), k("backspace"), ENTER)).toEqual({ submit: "" });
  });

  it("multi-line: Enter adds a line, ^D finishes, so does Enter on an empty last line", () => {
    expect(feed(new TextEditor({ multiline: true }), "one", ENTER, "two", ctrl("d"))).toEqual({ submit: "one\ntwo" });
    expect(feed(new TextEditor({ multiline: true }), "one", ENTER, "two", ENTER, ENTER)).toEqual({ submit: "one\ntwo" });
    expect(feed(new TextEditor({ multiline: true }), "one", ENTER)).toBeUndefined();
    // Up and down move between lines; typing lands where the cursor is.
    expect(feed(new TextEditor({ multiline: true }), "abc", ENTER, "de", k("up"), "X", ctrl("d"))).toEqual({ submit: "abXc\nde" });
  });

  it("keeps pasted line breaks as text: lines in a multi-line answer, spaces in a one-line one", () => {
    const pasted = { ...ENTER, pasted: true };
    expect(feed(new TextEditor({ multiline: true }), "a", pasted, "b", ctrl("d"))).toEqual({ submit: "a\nb" });
    expect(feed(new TextEditor(), "a", pasted, "b", ENTER)).toEqual({ submit: "a b" });
  });

  it("wraps typed text at word boundaries within the width, by display width, cursor included", () => {
    for (const cols of [20, 33, 60]) {
      const e = new TextEditor({ multiline: true });
      feed(e, "Orders stopped at 9:02 and they fell back on 日本語のテキスト and spreadsheets 😀 for the rest of the day", ENTER, "second");
      const v = e.view(cols, 50, plain);
      for (const line of v.lines) expect(displayWidth(line)).toBeLessThanOrEqual(cols);
      expect(v.lines.join(" ").replace(/\s+/g, " ")).toContain("they fell back");
      expect(v.lines.every((l) => !/\S-$/.test(l))).toBe(true);
      expect(v.cursor!.line).toBe(v.lines.length - 1);
      expect(v.cursor!.col).toBe(2 + "second".length);
    }
  });

  it("keeps the cursor's row in view when the text is taller than its rows", () => {
    const e = new TextEditor({ multiline: true });
    feed(e, "1", ENTER, "2", ENTER, "3", ENTER, "4", ENTER, "5");
    const v = e.view(40, 2, plain);
    expect(v.lines).toEqual(["  4", "  5"]);
    expect(v.cursor).toEqual({ line: 1, col: 3 });
  });

  it("says which key edits a saved answer", () => {
    expect(new TextEditor({ default: "x" }).view(80, 3, plain).hint).toContain("Tab edits it");
    expect(new TextEditor({ multiline: true }).view(80, 3, plain).hint).toBe("Enter new line · ^D done");
  });
});

describe("segments", () => {
  it.each([
    ["short", 10, [[0, 5]]],
    ["one two three", 8, [[0, 8], [8, 13]]],
    ["one two three", 6, [[0, 4], [4, 8], [8, 13]]],
    ["abcdefghij", 4, [[0, 4], [4, 8], [8, 10]]],
    ["日本語テキスト", 6, [[0, 3], [3, 6], [6, 7]]],
  ] as Array<[string, number, Array<[number, number]>]>)("%j at %i columns", (line, cols, expected) => {
    expect(segments(line, cols)).toEqual(expected);
  });
});

describe("ChoiceEditor", () => {
  const choices = [{ value: "low", label: "Low" }, { value: "med", label: "Medium", help: "Most incidents" }, { value: "hi", label: "High" }];

  it("starts on the default, moves round the ends, jumps by digit and by first letters", () => {
    expect(feed(new ChoiceEditor(choices, false, "med"), ENTER)).toEqual({ submit: "med" });
    expect(feed(new ChoiceEditor(choices, false), k("up"), ENTER)).toEqual({ submit: "hi" });
    expect(feed(new ChoiceEditor(choices, false), "2", ENTER)).toEqual({ submit: "med" });
    expect(feed(new ChoiceEditor(choices, false), "hi", ENTER)).toEqual({ submit: "hi" });
  });

  it("ticks with Space, a digit, a (all) and i (invert)", () => {
    expect(feed(new ChoiceEditor(choices, true), k("space", { text: " " }), k("down"), k("down"), k("space", { text: " " }), ENTER)).toEqual({ submit: ["low", "hi"] });
    expect(feed(new ChoiceEditor(choices, true), "a", ENTER)).toEqual({ submit: ["low", "med", "hi"] });
    expect(feed(new ChoiceEditor(choices, true, ["low"]), "i", ENTER)).toEqual({ submit: ["med", "hi"] });
    expect(feed(new ChoiceEditor(choices, true), "3", ENTER)).toEqual({ submit: ["hi"] });
  });

  it("shows the choices that fit around the active one, and its help", () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ value: `v${i}`, label: `choice ${i}` }));
    const e = new ChoiceEditor(many, false, "v15");
    const v = e.view(30, 5, plain);
    expect(v.lines).toHaveLength(5);
    expect(v.lines.some((l) => l.startsWith("❯ choice 15"))).toBe(true);
    expect(v.hint).toContain("16/20");
    expect(new ChoiceEditor(choices, false, "med").view(40, 8, plain).lines).toContain("  Most incidents");
  });
});

describe("KeyChoiceEditor", () => {
  const choices = [
    { key: "c", value: "carry", label: "carry it into this call, with a new due date" },
    { key: "d", value: "done", label: "done: mark it done now" },
    { key: "l", value: "leave", label: "leave it open as it is" },
  ];
  const subject = "Promised on an earlier call (1 of 6), due 2026-09-15, 55 days late: Send the complete written incident review";

  it("keeps the highlighted choice in sight however few rows it gets, and what is decided when it can", () => {
    for (const rows of [1, 2, 3, 4, 6]) {
      const lines = new KeyChoiceEditor(subject, choices, "leave").view(40, rows, plain).lines;
      expect(lines.length, `${rows} rows`).toBeLessThanOrEqual(rows);
      expect(lines.some((l) => l.startsWith("❯ l  leave")), `${rows} rows`).toBe(true);
      if (rows >= 2) expect(lines[0], `${rows} rows`).toMatch(/^\s*Promised on an earlier call/);
      for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(40);
    }
    // With room, every choice and up to three rows of what is decided.
    expect(new KeyChoiceEditor(subject, choices, "leave").view(40, 8, plain).lines).toHaveLength(6);
  });
});

describe("ConfirmEditor", () => {
  it.each<[string, boolean, Array<string | Key>, KeyOutcome<boolean>]>([
    ["Enter takes the default", true, [ENTER], { submit: true }],
    ["a default of no", false, [ENTER], { submit: false }],
    ["y", false, ["y", ENTER], { submit: true }],
    ["no", true, ["no", ENTER], { submit: false }],
    ["Tab flips", true, [k("tab"), ENTER], { submit: false }],
    ["anything else is refused", true, ["maybe", ENTER], { error: 'answer with "yes" or "no" (y or n)' }],
  ])("%s", (_name, fallback, keys, expected) => {
    expect(feed(new ConfirmEditor(fallback), ...keys)).toEqual(expected);
  });
});

describe("RatingEditor", () => {
  it("moves with arrows, jumps with digits, takes 1 then 0 as ten, and needs a point", () => {
    expect(feed(new RatingEditor({ min: 1, max: 5 }), ENTER)).toEqual({ error: "pick a point from 1 to 5 with ←/→ or a digit" });
    expect(feed(new RatingEditor({ min: 1, max: 5 }), k("right"), k("right"), ENTER)).toEqual({ submit: 2 });
    expect(feed(new RatingEditor({ min: 1, max: 10 }), "10", ENTER)).toEqual({ submit: 10 });
    expect(feed(new RatingEditor({ min: 1, max: 5, default: 3 }), "9", ENTER)).toEqual({ submit: 3 });
  });

  it("says a digit that is not on the scale, and keeps the point chosen", () => {
    const e = new RatingEditor({ min: 1, max: 5, default: 3 });
    expect(feed(e, "7")).toEqual({ error: "7 is not on this scale: pick a point from 1 to 5" });
    expect(feed(e, "0")).toEqual({ error: "0 is not on this scale: pick a point from 1 to 5" });
    expect(feed(e, ENTER)).toEqual({ submit: 3 });
    // On 1 to 10, 1 then 0 is ten, and a 0 first says so; then a digit on the scale is taken.
    expect(feed(new RatingEditor({ min: 1, max: 10 }), "0")).toEqual({ error: "0 is not on this scale: pick a point from 1 to 10" });
    expect(feed(new RatingEditor({ min: 1, max: 10 }), "0", "4", ENTER)).toEqual({ submit: 4 });
    expect(feed(new RatingEditor({ min: 1, max: 10 }), "1", "5", ENTER)).toEqual({ submit: 5 });
  });

  it("shows the scale, the chosen point's label and the legend within the width", () => {
    const e = new RatingEditor({ min: 1, max: 5, default: 2, labels: { 1: "no trust", 2: "low", 5: "full trust" } });
    const v = e.view(40, 5, plain);
    expect(v.lines[0]).toContain("[2]");
    expect(v.lines[1]).toContain("2: low");
    for (const line of v.lines) expect(displayWidth(line)).toBeLessThanOrEqual(40);
    const wide = new RatingEditor({ min: 0, max: 100, default: 42 }).view(60, 3, plain);
    expect(displayWidth(wide.lines[0]!)).toBeLessThanOrEqual(60);
  });
});

describe("the grapheme next to the cursor, looked for near it only", () => {
  it("is the one a split of the whole text finds, at every place, emoji, flags and stacked marks included", () => {
    const pool = ["a", " ", "é", "e\u0301", "👍🏽", "👩‍👩‍👧", "🇬🇧", "日", "x" + "\u0301".repeat(70), "ק"];
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 20; round++) {
      const parts = Array.from({ length: 60 }, () => pool[Math.floor(rnd() * pool.length)]!);
      const text = parts.join("");
      const whole = splitGraphemes(text);
      let at = 0;
      for (let i = 0; i < whole.length; i++) {
        expect(graphemeAfter(text, at)).toBe(whole[i]!.length);
        at += whole[i]!.length;
        expect(graphemeBefore(text, at)).toBe(whole[i]!.length);
      }
    }
  });
});
