import { InterruptedError, type PauseSignal } from "../errors.js";
import type { Paint } from "../format/paint.js";
import { truncate } from "../format/text.js";
import { TextEditor } from "./editors/text-editor.js";
import type { Intent } from "../session/outcome.js";
import type { StepView } from "../session/view.js";
import type { Editor } from "./editors/editor.js";
import { hotkeyOf, isIntent } from "./hotkeys.js";
import { isEnter, KeyQueue, type Key } from "./keys.js";
import { fittest, headerLine, layoutFrame, type Body } from "./layout.js";
import { Screen } from "./terminal.js";

export interface Question<V> {
  message: string;
  help?: string;
  entries?: string[];
  editor: Editor<V>;
  /** Why a submitted value cannot be taken, or undefined when it can. */
  check?: (value: V) => string | undefined;
  /** Shown at once, e.g. why the question is asked again. */
  error?: string;
  /**
   * What was typed into the earlier fields of an entry this question finishes (a commitment's
   * what and owner), not saved until it is: said with the editor's own text if the call pauses.
   */
  unconfirmedBefore?: string;
  /** What the editor holds, when it is one field of such an entry ("owner"): names its text at a pause. */
  field?: string;
  /**
   * For a question answered by one key (an earlier commitment's c / d / l): the answer when that
   * key came with others in one burst, typed ahead or pasted, which then go on to the next
   * question, that key first. "done soon" typed for the next commitment must not mark the
   * one on screen done.
   */
  whenTypedAhead?: V;
}

export type Asked<V> = { value: V } | { intent: Intent };

/** The client's history as the screen draws it (src/clients/on-call.ts). */
export interface HistoryView {
  title: string;
  panel(cols: number, maxRows: number, paint: Paint): string[];
  full(cols: number, paint: Paint): string[];
}

/**
 * The screen of a live call: one keyboard queue and one alternate screen for the whole call,
 * so no key typed ahead is lost between questions and the header stays on the first row.
 * It redraws on every key, on resize, and once a second so the clocks tick; it knows nothing
 * of playbooks or the store: the runner says what step it is on and what to ask.
 */
export class CallScreen {
  private readonly screen: Screen;
  private readonly keys: KeyQueue;
  private step: { view: StepView; shownAt: number } | undefined;
  private title = "trust";
  private expanded = false;
  private history: HistoryView | undefined;
  /** The panel shows on the first step this run shows (a call started or resumed), and goes with it. */
  private panelOn: boolean | undefined;
  private notices: string[] = [];
  private redraw: (() => void) | undefined;
  private ticker: NodeJS.Timeout | undefined;
  private readonly onResize = () => this.redraw?.();
  /** Saves a note for the step on screen (the runner's): ^N then opens over the question and goes back to it. */
  private noteTaker: ((text: string) => void) | undefined;
  /** The signal that paused the call, if one did: it pauses as ^C does, and sets the exit code. */
  private signalled: PauseSignal | undefined;
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.signalled ??= signal === "SIGHUP" ? "SIGHUP" : "SIGTERM";
    this.keys.push({ name: "c", ctrl: true, meta: false, shift: false });
  };
  private readonly restore = () => this.stop();

  constructor(
    private readonly io: { input: NodeJS.ReadStream; output: NodeJS.WriteStream },
    private readonly paint: Paint,
    private readonly now: () => number,
    /** The answers so far, as rows wrapped to the terminal's width, for ^R. */
    private recap: () => string[] = () => [],
  ) {
    this.screen = new Screen(io.output);
    this.keys = new KeyQueue(io.input);
  }

  start(): void {
    this.keys.start();
    this.screen.enter();
    this.io.output.on("resize", this.onResize);
    // The terminal closing, or a kill, pauses the call like ^C: the session is saved as paused.
    process.on("SIGTERM", this.onSignal);
    process.on("SIGHUP", this.onSignal);
    process.on("exit", this.restore);
  }

  /** Leaves the alternate screen and gives the terminal back as it was. Safe to call twice. */
  stop(): void {
    clearTimeout(this.ticker);
    this.ticker = undefined;
    this.io.output.off("resize", this.onResize);
    process.off("SIGTERM", this.onSignal);
    process.off("SIGHUP", this.onSignal);
    process.off("exit", this.restore);
    this.keys.stop();
    this.screen.leave();
  }

  setRecap(recap: () => string[]): void {
    this.recap = recap;
  }

  /** The client's earlier calls: a panel on the first step shown, all of it behind ^O. */
  setHistory(history: HistoryView | undefined): void {
    this.history = history;
  }

  /** The step now on screen; its clocks run from here. */
  showStep(view: StepView | undefined, title?: string): void {
    if (view) this.panelOn = this.panelOn === undefined;
    this.step = view ? { view, shownAt: this.now() } : undefined;
    if (title !== undefined) this.title = title;
    this.expanded = false;
  }

  /**
   * Whether keys typed before the next question could be seen are waiting. A question decided
   * with one letter (carry an earlier commitment, or mark it done) is not asked then: the
   * letters were meant for a question the person expected, and are kept for it.
   */
  typedAhead(): boolean {
    return this.keys.pending > 0;
  }

  /** A line shown with the next question until a key is pressed ("Note saved."). */
  notice(line: string): void {
    this.notices.push(line);
  }

  /**
   * While a question of the call is asked: where ^N's note goes. The note opens over the
   * question, is saved the moment it is confirmed, and the question comes back as it was left,
   * whatever was typed or chosen in it. Undefined: ^N is the question's to answer (the intent).
   */
  takeNotes(save: ((text: string) => void) | undefined): void {
    this.noteTaker = save;
  }

  /**
   * Asks for a note for the step; "" when none was given. A hotkey here cancels the note, and the
   * screen says whether one was saved.
   */
  async askNote(): Promise<string> {
    const r = await this.ask({ message: "Note (kept with this step; ^D saves, empty cancels):", editor: new TextEditor({ multiline: true }) });
    const text = "value" in r ? r.value.trim() : "";
    this.notice(text ? "✎ Note saved." : "No note saved.");
    return text;
  }

  private async takeNote(save: (text: string) => void): Promise<void> {
    // A ^N inside the note is no second note: it cancels this one, as the other hotkeys do.
    this.noteTaker = undefined;
    try {
      const text = await this.askNote();
      if (text) save(text);
    } finally {
      this.noteTaker = save;
    }
  }

  /** Asks one question: its value once submitted and accepted, or the move a hotkey asked for. */
  async ask<V>(q: Question<V>): Promise<Asked<V>> {
    let error = q.error;
    const draw = () =>
      this.draw({
        message: q.message,
        help: q.help,
        entries: q.entries,
        editor: (cols, rows) => q.editor.view(cols, rows, this.paint),
        error,
        notice: this.notices.join(" · ") || undefined,
      });
    this.redraw = draw;
    try {
      for (;;) {
        // Keys typed ahead are taken in one go; the screen is drawn when they run out.
        if (this.keys.pending === 0) {
          draw();
          this.tick();
        }
        const key = await this.keys.next();
        this.notices = [];
        error = undefined;
        const hot = hotkeyOf(key);
        if (hot === "note" && this.noteTaker !== undefined) {
          await this.takeNote(this.noteTaker);
          this.redraw = draw;
          continue;
        }
        if (hot && isIntent(hot)) return { intent: hot };
        if (hot === "pause") throw new InterruptedError(undefined, { signal: this.signalled });
        if (hot === "guide") {
          this.expanded = !this.expanded;
          continue;
        }
        if (hot === "recap" || hot === "history") {
          await (hot === "recap" ? this.showRecap() : this.showHistory());
          this.redraw = draw;
          continue;
        }
        const r = q.editor.key(key);
        // The rest of a burst is queued by the time this runs: readline emits every key of one
        // read before any awaiting code resumes.
        if (r && "submit" in r && q.whenTypedAhead !== undefined && this.keys.pending > 0) {
          this.keys.putBack(key);
          return { value: q.whenTypedAhead };
        }
        if (!r) continue;
        if ("error" in r) {
          error = r.error;
          continue;
        }
        const problem = q.check?.(r.submit);
        if (problem) {
          error = problem;
          continue;
        }
        return { value: r.submit };
      }
    } catch (err) {
      // Paused here (or in the answers, history or note shown over the question): what was typed
      // and not confirmed goes with the pause, to be said.
      const text = q.editor.unconfirmed?.();
      const typed = [q.unconfirmedBefore, text !== undefined && q.field !== undefined ? `${q.field}: ${text}` : text].filter((t) => t !== undefined);
      if (err instanceof InterruptedError && typed.length > 0) {
        throw new InterruptedError(err.message, { unconfirmed: [...typed, ...(err.unconfirmed === undefined ? [] : [err.unconfirmed])].join("\n"), signal: err.signal });
      }
      throw err;
    } finally {
      clearTimeout(this.ticker);
      this.ticker = undefined;
      this.redraw = undefined;
    }
  }

  private view(): StepView | undefined {
    if (!this.step) return undefined;
    const elapsed = Math.max(0, this.now() - this.step.shownAt);
    return { ...this.step.view, callMs: this.step.view.callMs + elapsed, stepMs: this.step.view.stepMs + elapsed };
  }

  private draw(body: Body): void {
    const history = this.panelOn ? this.history : undefined;
    const frame = layoutFrame({
      cols: this.screen.cols,
      rows: this.screen.rows,
      paint: this.paint,
      step: this.view(),
      title: this.title,
      expanded: this.expanded,
      body,
      ...(history ? { panel: (cols: number, rows: number) => history.panel(cols, rows, this.paint) } : {}),
    });
    this.screen.draw(frame);
  }

  /** Redraws when the step clock reaches its next whole second, so the header ticks. */
  private tick(): void {
    clearTimeout(this.ticker);
    if (!this.step) return;
    const elapsed = this.now() - this.step.shownAt + this.step.view.stepMs;
    this.ticker = setTimeout(() => {
      this.redraw?.();
      this.tick();
    }, 1000 - (elapsed % 1000) + 5);
  }

  /** ^R: the answers so far (wrapped to the width, their text made visible). */
  private showRecap(): Promise<void> {
    return this.showPage("answers so far", "recap", () => this.recap().map((l) => truncate(l, this.screen.cols)), "No answers yet.");
  }

  /** ^O: the client's earlier calls, commitments, letters and people. */
  private showHistory(): Promise<void> {
    const history = this.history;
    return this.showPage(history?.title ?? "earlier calls", "history", () => (history ? history.full(this.screen.cols, this.paint).map((l) => truncate(l, this.screen.cols)) : []), "No earlier calls with this client.");
  }

  /** A page over the question, scrolled with ↑/↓, PgUp/PgDn; its own key, Esc, q or Enter goes back. */
  private async showPage(title: string, own: "recap" | "history", lines: () => string[], empty: string): Promise<void> {
    let top = 0;
    const key = own === "recap" ? "^R" : "^O";
    const draw = () => {
      const { cols, rows } = this.screen;
      const all = lines();
      const room = Math.max(1, rows - 3);
      top = Math.max(0, Math.min(top, all.length - room));
      const view = this.view();
      const body = all.length ? all.slice(top, top + room) : [this.paint.dim(`  ${empty}`)];
      const shown = `${title}${all.length > room ? ` · ${top + 1}–${Math.min(all.length, top + room)} of ${all.length}` : ""}`;
      this.screen.draw({
        lines: [
          view ? headerLine(view, cols, this.paint) : this.paint.bold(truncate(this.title, cols)),
          this.paint.cyan(this.paint.bold(truncate(shown, cols))),
          ...body,
          ...Array<string>(Math.max(0, room - body.length)).fill(""),
          fittest([`↑↓ PgUp PgDn scroll · ${key}, Esc or Enter: back to the question · ^C pause`, "↑↓ PgUp PgDn scroll · Esc back · ^C pause", "↑↓ Esc ^C"], cols, this.paint),
        ],
      });
    };
    this.redraw = draw;
    for (;;) {
      if (this.keys.pending === 0) {
        draw();
        this.tick();
      }
      const key: Key = await this.keys.next();
      const page = Math.max(1, this.screen.rows - 4);
      const hot = hotkeyOf(key);
      if (hot === "pause") throw new InterruptedError(undefined, { signal: this.signalled });
      if (key.name === "escape" || isEnter(key) || key.text === "q" || hot === own) return;
      if (key.name === "up") top--;
      else if (key.name === "down") top++;
      else if (key.name === "pageup") top -= page;
      else if (key.name === "pagedown" || key.name === "space") top += page;
      else if (key.name === "home") top = 0;
      else if (key.name === "end") top = Number.MAX_SAFE_INTEGER;
    }
  }
}
