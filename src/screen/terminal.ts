/** A frame to draw: its rows top to bottom, each at most as wide as the terminal, and where the cursor goes. */
export interface Frame {
  lines: string[];
  /** 0-based row and column; no cursor is shown without one. */
  cursor?: { row: number; col: number };
}

const ESC = "\x1b[";
const ALT_SCREEN_ON = `${ESC}?1049h`;
const ALT_SCREEN_OFF = `${ESC}?1049l`;
const PASTE_ON = `${ESC}?2004h`;
const PASTE_OFF = `${ESC}?2004l`;
const HIDE_CURSOR = `${ESC}?25l`;
const SHOW_CURSOR = `${ESC}?25h`;
const CLEAR = `${ESC}H${ESC}2J`;

/**
 * The call's screen: the terminal's alternate screen, so the call leaves the shell's scrollback
 * as it was, drawn at fixed rows from the top. Only the rows that changed since the last frame
 * are written, so a key typed costs one row, not a screen.
 */
export class Screen {
  private drawn: string[] | undefined;
  private size = "";
  private active = false;

  constructor(private readonly out: NodeJS.WriteStream) {}

  get cols(): number {
    return this.out.columns || 80;
  }

  get rows(): number {
    return this.out.rows || 24;
  }

  /** Switches to the alternate screen, with bracketed paste so pasted line breaks stay text. */
  enter(): void {
    if (this.active) return;
    this.active = true;
    this.drawn = undefined;
    this.write(ALT_SCREEN_ON + PASTE_ON + CLEAR);
  }

  /** Back to the normal screen, as it was before the call, with the cursor shown. */
  leave(): void {
    if (!this.active) return;
    this.active = false;
    this.write(PASTE_OFF + ALT_SCREEN_OFF + SHOW_CURSOR);
  }

  get isActive(): boolean {
    return this.active;
  }

  /** Draws `frame`, rewriting only rows that differ from the last one (all of them after a resize). */
  draw(frame: Frame): void {
    if (!this.active) return;
    const size = `${this.cols}x${this.rows}`;
    const before = size === this.size ? this.drawn : undefined;
    let out = HIDE_CURSOR + (before ? "" : CLEAR);
    const rows = Math.max(frame.lines.length, before?.length ?? 0);
    for (let i = 0; i < rows; i++) {
      const line = frame.lines[i] ?? "";
      if (before && before[i] === line) continue;
      out += `${ESC}${i + 1};1H${line}${ESC}0m${ESC}K`;
    }
    if (frame.cursor) out += `${ESC}${frame.cursor.row + 1};${frame.cursor.col + 1}H${SHOW_CURSOR}`;
    this.write(out);
    this.drawn = frame.lines;
    this.size = size;
  }

  private write(s: string): void {
    // The terminal may be gone (a closed window); the answers are saved, so there is nothing to lose.
    if (this.out.writable) this.out.write(s);
  }
}
