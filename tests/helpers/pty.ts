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
  ctrlC: "\x03",
  ctrlX: "\x18",
  ctrlK: "\x0b",
  ctrlB: "\x02",
  ctrlN: "\x0e",
} as const;

/**
 * The real built CLI in a pseudo-terminal, its output fed to a headless xterm so tests read
 * the rendered screen as a person would, not the raw bytes (inquirer redraws with cursor moves).
 */
export class TerminalSession {
  private readonly term: InstanceType<typeof Terminal>;
  private readonly proc: pty.IPty;
  private pending = Promise.resolve();
  /** Everything written, as text with escapes stripped: for "did X ever appear" checks. */
  transcript = "";
  exitCode: number | undefined;
  readonly exited: Promise<number>;

  constructor(args: string[], env: Record<string, string>, size = { cols: 100, rows: 30 }) {
    this.term = new Terminal({ cols: size.cols, rows: size.rows, allowProposedApi: true, scrollback: 1000 });
    this.proc = pty.spawn(process.execPath, [BIN, ...args], {
      name: "xterm-256color",
      cols: size.cols,
      rows: size.rows,
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", TZ: "UTC", FORCE_COLOR: "0", ...env },
    });
    this.proc.onData((d) => {
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

  get pid(): number {
    return this.proc.pid;
  }

  /** The visible screen, one string per row, trailing spaces trimmed. */
  async screen(): Promise<string> {
    await this.pending;
    const buf = this.term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < this.term.rows; i++) lines.push(buf.getLine(buf.viewportY + i)?.translateToString(true) ?? "");
    return lines.join("\n").replace(/\n+$/, "");
  }

  /** Waits until the screen shows `text` (string or regex); fails with the screen when it does not. */
  async waitFor(text: string | RegExp, timeoutMs = 10_000): Promise<string> {
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

  /** Sends keys as typed. */
  press(keys: string): void {
    this.proc.write(keys);
  }

  /** Types text, waits until it is echoed on screen, then presses Enter (keys sent too early are lost). */
  async type(text: string, echo: string | RegExp = text): Promise<void> {
    this.proc.write(text);
    await this.waitFor(echo);
    this.proc.write(KEY.enter);
  }

  kill(signal = "SIGKILL"): void {
    try {
      this.proc.kill(signal);
    } catch {
      // already gone
    }
  }
}
