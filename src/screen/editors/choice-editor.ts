import type { Paint } from "../../format/paint.js";
import { visibleLine } from "../../format/visible.js";
import { isEnter, type Key } from "../keys.js";
import { truncate, wrapText } from "../../format/text.js";
import { windowAround, type Editor, type EditorView, type KeyOutcome } from "./editor.js";

export interface Choice {
  value: string;
  label: string;
  help?: string;
}

/**
 * One choice (select) or several (checklist), with the keys of the prompts people know:
 * ↑/↓ move (round the ends), a digit goes to that choice (a checklist also ticks it), Space
 * ticks, `a` ticks all, `i` inverts, letters jump to the choice they start, Enter confirms.
 */
export class ChoiceEditor implements Editor<string | string[]> {
  private active: number;
  private readonly ticked: Set<string>;
  private search = "";

  constructor(
    private readonly choices: Choice[],
    private readonly multi: boolean,
    initial?: string | string[],
  ) {
    const first = typeof initial === "string" ? choices.findIndex((c) => c.value === initial) : -1;
    this.active = Math.max(0, first);
    this.ticked = new Set(Array.isArray(initial) ? initial : []);
  }

  key(key: Key): KeyOutcome<string | string[]> {
    const n = this.choices.length;
    if (isEnter(key)) {
      return { submit: this.multi ? this.choices.filter((c) => this.ticked.has(c.value)).map((c) => c.value) : this.choices[this.active]!.value };
    }
    if (key.name === "up" || key.name === "down") {
      this.active = (this.active + (key.name === "up" ? n - 1 : 1)) % n;
      this.search = "";
    } else if (key.name === "home" || key.name === "pageup") {
      this.active = 0;
    } else if (key.name === "end" || key.name === "pagedown") {
      this.active = n - 1;
    } else if (this.multi && key.name === "space") {
      this.toggle(this.choices[this.active]!.value);
    } else if (key.text !== undefined && /^[1-9]$/.test(key.text)) {
      const at = Number(key.text) - 1;
      if (at < n) {
        this.active = at;
        if (this.multi) this.toggle(this.choices[at]!.value);
      }
    } else if (this.multi && key.text === "a") {
      const all = this.choices.every((c) => this.ticked.has(c.value));
      for (const c of this.choices) if (all) this.ticked.delete(c.value);
      else this.ticked.add(c.value);
    } else if (this.multi && key.text === "i") {
      for (const c of this.choices) this.toggle(c.value);
    } else if (!this.multi && key.text !== undefined && key.text.trim() !== "") {
      this.search += key.text.toLowerCase();
      const found = this.choices.findIndex((c) => c.label.toLowerCase().startsWith(this.search));
      if (found >= 0) this.active = found;
      else this.search = key.text.toLowerCase();
    } else if (key.name === "backspace") {
      this.search = "";
    }
    return undefined;
  }

  private toggle(value: string): void {
    if (this.ticked.has(value)) this.ticked.delete(value);
    else this.ticked.add(value);
  }

  view(cols: number, maxRows: number, paint: Paint): EditorView {
    const help = this.choices[this.active]?.help;
    // The active choice's explanation, when there is room for it under at least two choices.
    const helpRows = help && maxRows >= 4 ? wrapText(visibleLine(help), cols, "  ").slice(0, 2).map((l) => paint.dim(l)) : [];
    const room = Math.max(1, maxRows - helpRows.length);
    const rows = this.choices.map((c, i) => {
      const mark = this.multi ? (this.ticked.has(c.value) ? "◉ " : "◯ ") : "";
      const pointer = i === this.active ? "❯ " : "  ";
      const line = truncate(`${pointer}${mark}${visibleLine(c.label)}`, cols);
      return i === this.active ? paint.cyan(line) : line;
    });
    const { rows: shown } = windowAround(rows, this.active, room);
    const more = shown.length < rows.length ? ` · ${this.active + 1}/${rows.length}, ↑↓ for more` : "";
    const keys = this.multi ? "Space ticks · a all · Enter confirms" : "↑↓ choose · Enter confirms";
    return { lines: [...shown, ...helpRows], hint: keys + more };
  }
}
