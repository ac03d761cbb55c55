import type { Paint } from "../../format/paint.js";
import { isEnter, type Key } from "../keys.js";
import { truncate } from "../../format/text.js";
import type { Editor, EditorView, KeyOutcome } from "./editor.js";

/**
 * Yes or no, as people know it: type y or n (or yes, no) and Enter; Enter alone takes the
 * default, shown in capitals (Y/n); Tab flips the answer.
 */
export class ConfirmEditor implements Editor<boolean> {
  private typed = "";

  constructor(private readonly fallback: boolean = true) {}

  key(key: Key): KeyOutcome<boolean> {
    if (isEnter(key)) {
      const answer = this.meaning();
      return answer === undefined ? { error: 'answer with "yes" or "no" (y or n)' } : { submit: answer };
    }
    if (key.name === "tab") this.typed = (this.meaning() ?? this.fallback) ? "No" : "Yes";
    else if (key.name === "backspace") this.typed = this.typed.slice(0, -1);
    else if (key.text !== undefined) this.typed += key.text;
    return undefined;
  }

  private meaning(): boolean | undefined {
    const v = this.typed.trim().toLowerCase();
    if (v === "") return this.fallback;
    if ("yes".startsWith(v)) return true;
    if ("no".startsWith(v)) return false;
    return undefined;
  }

  view(cols: number, _maxRows: number, paint: Paint): EditorView {
    const hint = this.fallback ? "(Y/n)" : "(y/N)";
    const line = truncate(`› ${paint.dim(hint)} ${this.typed}`, cols);
    return { lines: [line], cursor: { line: 0, col: Math.min(cols - 1, 2 + hint.length + 1 + this.typed.length) }, hint: "y or n, Enter confirms" };
  }
}
