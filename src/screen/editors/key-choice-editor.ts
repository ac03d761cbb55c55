import type { Paint } from "../../format/paint.js";
import { truncate, wrapText } from "../../format/text.js";
import { visibleLine } from "../../format/visible.js";
import { isEnter, type Key } from "../keys.js";
import type { Editor, EditorView, KeyOutcome } from "./editor.js";

export interface KeyChoice {
  /** The one letter that picks it at once. */
  key: string;
  value: string;
  label: string;
}

/**
 * A decision taken with one key, for what comes up many times in a row (each earlier
 * commitment offered on a call): the choice's letter picks it at once; ↑/↓ and Enter work
 * too, Enter alone takes the highlighted one (`initial`, else the first). Above the choices,
 * what is being decided, wrapped to at most three rows.
 */
export class KeyChoiceEditor implements Editor<string> {
  private active = 0;

  constructor(
    private readonly subject: string,
    private readonly choices: KeyChoice[],
    /** The choice Enter takes at first. */
    initial?: string,
  ) {
    this.active = Math.max(0, choices.findIndex((c) => c.value === initial));
  }

  key(key: Key): KeyOutcome<string> {
    if (isEnter(key)) return { submit: this.choices[this.active]!.value };
    const n = this.choices.length;
    if (key.name === "up" || key.name === "down") {
      this.active = (this.active + (key.name === "up" ? n - 1 : 1)) % n;
      return undefined;
    }
    const picked = key.text === undefined ? undefined : this.choices.find((c) => c.key === key.text!.toLowerCase());
    return picked ? { submit: picked.value } : undefined;
  }

  view(cols: number, maxRows: number, paint: Paint): EditorView {
    const rows = this.choices.map((c, i) => {
      const line = truncate(`${i === this.active ? "❯" : " "} ${c.key}  ${visibleLine(c.label)}`, cols);
      return i === this.active ? paint.cyan(line) : line;
    });
    // The choices first, the highlighted one always among them (Enter picks it); what is decided
    // gets the rows they leave, one at least when there are two.
    const limit = Math.max(1, maxRows);
    const shown = Math.min(rows.length, limit > 1 ? limit - 1 : 1);
    const from = Math.min(Math.max(0, this.active - shown + 1), rows.length - shown);
    const room = Math.min(3, limit - shown);
    const wrapped = wrapText(visibleLine(this.subject), cols, "    ", "  ");
    const subject = wrapped.slice(0, room);
    if (room > 0 && subject.length < wrapped.length) subject[room - 1] = truncate(`${subject[room - 1]!} …`, cols);
    return { lines: [...subject.map((l) => paint.bold(l)), ...rows.slice(from, from + shown)], hint: `${this.choices.map((c) => c.key).join(" / ")} picks · ↑↓ Enter` };
  }
}
