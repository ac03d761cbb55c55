import { createRequire } from "node:module";
import * as pty from "node-pty";
import { BIN, ROOT } from "./cli.js";

// @xterm/headless ships CommonJS only.
const { Terminal } = createRequire(import.meta.url)("@xterm/headless") as typeof import("@xterm/headless");

export const KEY = {
  enter: "\r",
  up: "\x1b[A",
  down: "\x1b[B",
  left: "\x1b[D",
  right: "\x1b[C",
  space: " ",
  tab: "\t",
  ctrlC: "\x03",
  ctrlD: "\x04",
  ctrlX: "\x18",
  ctrlK: "\x0b",
  ctrlB: "\x02",
  ctrlN: "\x0e",
  ctrlG: "\x07",
  ctrlR: "\x12",
  ctrlO: "\x0f",
  ctrlU: "\x15",
} as const;

/** One rendered row of the terminal: its cells as text, and whether xterm wrapped into it from the row above. */
export interface Row {
  text: string;
  isWrapped: boolean;
}

/**
 * The real built CLI in a pseudo-terminal, its output fed to a headless xterm so tests read
 * the rendered screen as a person would, not the raw bytes (the call screen redraws only the
 * rows that changed, with cursor moves).
 */
export class TerminalSession {
  private readonly term: InstanceType<typeof Terminal>;
  private readonly proc: pty.IPty;
  private pending = Promise.resolve();
  /** Everything written, as text with escapes stripped: for "did X ever appear" checks. */
  transcript = "";
  /** Everything written, byte for byte (as decoded text): for checks of the escapes themselves. */
  raw = "";
  exitCode: number | undefined;
  readonly exited: Promise<number>;
  /**
   * Run on every screen a test waits for (by the e2e helpers' `until`), once the output has
   * paused: checks that must hold on every screen, not only on the ones a test looks at.
   */
  inspect: ((rows: Row[]) => void | Promise<void>) | undefined;
  private lastOutputAt = Date.now();
  cols: number;
  rows: number;

  /** `env` is added to a minimal environment; it may override its FORCE_COLOR=0 (FORCE_COLOR=1 for colour). */
  constructor(args: string[], env: Record<string, string>, size = { cols: 100, rows: 30 }) {
    this.cols = size.cols;
    this.rows = size.rows;
    this.term = new Terminal({ cols: size.cols, rows: size.rows, allowProposedApi: true, scrollback: 1000 });
    this.proc = pty.spawn(process.execPath, [BIN, ...args], {
      name: "xterm-256color",
      cols: size.cols,
      rows: size.rows,
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", TZ: "UTC", FORCE_COLOR: "0", ...env },
    });
    this.proc.onData((d) => {
      this.lastOutputAt = Date.now();
      this.raw += d;
      this.transcript += d.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
      this.pending = this.pending.then(() => new Promise<void>((r) => this.term.write(d, r)));
    });
    this.exited = new Promise((resolve) => {
      this.proc.onExit(({ exitCode }) => {
        this.exitCode = exitCode;
        resolve(exitCode);
      });
    });
  }

  /** How long since the CLI last wrote anything, in ms: a frame is drawn in one write, so a pause means a whole frame. */
  get quietMs(): number {
    return Date.now() - this.lastOutputAt;
  }

  get pid(): number {
    return this.proc.pid;
  }

  /** The terminal the CLI runs in (/dev/pts/N), for `stty -F` to read its modes. */
  get ttyName(): string {
    return (this.proc as unknown as { ptsName: string }).ptsName;
  }

  /** The visible screen, one string per row, trailing spaces trimmed (and trailing empty rows dropped). */
  async screen(): Promise<string> {
    return (await this.screenRows()).map((r) => r.text).join("\n").replace(/\n+$/, "");
  }

  /** The visible rows, every one of them, with xterm's wrap mark. */
  /** The screen's lines as the program wrote them (a row the terminal wrapped joined to the one before), blank ones left out. */
  async writtenLines(): Promise<string[]> {
    const lines: string[] = [];
    for (const row of await this.screenRows()) {
      if (row.isWrapped && lines.length > 0) lines[lines.length - 1] += row.text;
      else lines.push(row.text);
    }
    return lines.map((l) => l.trimEnd()).filter((l) => l !== "");
  }

  async screenRows(): Promise<Row[]> {
    await this.pending;
    const buf = this.term.buffer.active;
    const rows: Row[] = [];
    for (let i = 0; i < this.term.rows; i++) {
      const line = buf.getLine(buf.viewportY + i);
      rows.push({ text: line?.translateToString(true) ?? "", isWrapped: line?.isWrapped ?? false });
    }
    return rows;
  }

  /** Which buffer is shown: the alternate screen (a full-screen app) or the normal one (the shell's). */
  async bufferType(): Promise<"normal" | "alternate"> {
    await this.pending;
    return this.term.buffer.active.type;
  }

  /** Every row of the normal screen, scrollback included, trailing spaces trimmed: what stays after the app. */
  async normalScreen(): Promise<string> {
    return (await this.normalRows()).map((r) => r.text).join("\n").replace(/\n+$/, "");
  }

  /** The rows of the normal screen, scrollback included, with xterm's wrap mark. */
  async normalRows(): Promise<Row[]> {
    await this.pending;
    const buf = this.term.buffer.normal;
    const rows: Row[] = [];
    for (let i = 0; i < buf.length; i++) {
      const line = buf.getLine(i);
      rows.push({ text: line?.translateToString(true) ?? "", isWrapped: line?.isWrapped ?? false });
    }
    return rows;
  }

  /** Waits until the screen shows `text` (string or regex); fails with the screen when it does not. */
  async waitFor(text: string | RegExp, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await this.screen();
      if (typeof text === "string" ? s.includes(text) : text.test(s)) return s;
      if (this.exitCode !== undefined || Date.now() > deadline) {
        throw new Error(
          `timed out waiting for ${String(text)}${this.exitCode !== undefined ? ` (exited ${this.exitCode})` : ""}; screen:\n${s}`,
        );
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Sends keys as typed, all in one write. */
  press(keys: string): void {
    this.proc.write(keys);
  }

  /** Types text, waits until it is echoed on screen, then presses Enter. */
  async type(text: string, echo: string | RegExp = text): Promise<void> {
    this.proc.write(text);
    await this.waitFor(echo);
    this.proc.write(KEY.enter);
  }

  /** The window resized, as a person drags it: the program gets SIGWINCH and the new size. */
  resize(cols: number, rows: number): void {
    this.cols = cols;
    this.rows = rows;
    this.pending = this.pending.then(() => this.term.resize(cols, rows));
    this.proc.resize(cols, rows);
  }

  kill(signal = "SIGKILL"): void {
    try {
      this.proc.kill(signal);
    } catch {
      // already gone
    }
  }
}
