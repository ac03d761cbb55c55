import type { Paint } from "../../format/paint.js";
import { visibleLine } from "../../format/visible.js";
import { isEnter, type Key } from "../keys.js";
import { displayWidth, truncate, wrapText } from "../../format/text.js";
import type { Editor, EditorView, KeyOutcome } from "./editor.js";

export interface RatingOptions {
  min: number;
  max: number;
  default?: number;
  /** Words for some points of the scale, keyed by the point. */
  labels?: Record<string, string>;
}

/**
 * A horizontal scale: ←/→ move, a digit jumps (on 1–10, "1" then "0" gives 10), Enter confirms.
 * A number input would hide the labels the person on the call needs to see.
 */
export class RatingEditor implements Editor<number> {
  private value: number | undefined;
  private typed = "";

  constructor(private readonly opts: RatingOptions) {
    this.value = opts.default;
  }

  key(key: Key): KeyOutcome<number> {
    const { min, max } = this.opts;
    if (isEnter(key)) {
      return this.value === undefined ? { error: `pick a point from ${min} to ${max} with ←/→ or a digit` } : { submit: this.value };
    }
    if (key.name === "left" || key.text === "h") {
      this.value = Math.max(min, (this.value ?? min + 1) - 1);
      this.typed = "";
    } else if (key.name === "right" || key.text === "l") {
      this.value = Math.min(max, (this.value ?? min - 1) + 1);
      this.typed = "";
    } else if (key.text !== undefined && /^[0-9]$/.test(key.text)) {
      const n = Number(this.typed + key.text);
      if (n >= min && n <= max) {
        this.value = n;
        this.typed = `${this.typed}${key.text}`.length >= String(max).length ? "" : this.typed + key.text;
      } else {
        const single = Number(key.text);
        this.typed = key.text;
        // Said, not ignored: a 7 on a scale of 1 to 5 is a slip the person should see.
        if (single < min || single > max) return { error: `${key.text} is not on this scale: pick a point from ${min} to ${max}` };
        this.value = single;
      }
    }
    return undefined;
  }

  view(cols: number, maxRows: number, paint: Paint): EditorView {
    const points: string[] = [];
    for (let n = this.opts.min; n <= this.opts.max; n++) points.push(n === this.value ? paint.inverse(`[${n}]`) : ` ${n} `);
    // A scale wider than the terminal (0-100) shows the chosen point and its neighbours.
    let scale = `  ${points.join("")}`;
    if (displayWidth(scale) > cols) scale = truncate(`  ${this.value ?? "?"} of ${this.opts.min}–${this.opts.max}`, cols);
    const label = this.value === undefined ? undefined : this.opts.labels?.[String(this.value)];
    const legend = Object.entries(this.opts.labels ?? {})
      .map(([k, v]) => `${k} ${visibleLine(v)}`)
      .join(" · ");
    const lines = [scale];
    if (maxRows >= 2) lines.push(paint.cyan(truncate(`  ${label ? `${this.value}: ${visibleLine(label)}` : ""}`, cols)));
    if (legend && maxRows >= 3) lines.push(...wrapText(legend, cols, "  ").slice(0, maxRows - 2).map((l) => paint.dim(l)));
    return { lines, hint: "←/→ or a digit · Enter confirms" };
  }
}
