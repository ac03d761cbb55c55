import { emitKeypressEvents } from "node:readline";

/** One key as the terminal sent it, decoded by Node's readline keypress decoder. */
export interface Key {
  /** `a`, `return`, `up`, `backspace`…; undefined for most punctuation. */
  name?: string;
  ctrl: boolean;
  meta: boolean;
  shift: boolean;
  /** The characters it types, when it types any (`é`, `日`, `!`). */
  text?: string;
  /** It arrived inside a bracketed paste: a line break in it is text, not Enter. */
  pasted?: boolean;
}

/**
 * Every key typed during the call, in order, from one listener that lives as long as the call.
 * People on a call type ahead: keys that arrive while the next question is being drawn (or
 * its answer saved) wait here for it instead of being lost between two prompts.
 */
export class KeyQueue {
  private readonly queue: Key[] = [];
  private waiting: ((key: Key) => void) | undefined;
  private pasting = false;
  /** The last pasted key was a carriage return: a line feed right after it ends the same line. */
  private pastedReturn = false;
  private readonly onKey = (text: string | undefined, raw: RawKey | undefined) => this.push(this.pasting ? this.pasted(text, raw) : decode(text, raw));

  constructor(private readonly input: NodeJS.ReadStream) {}

  /** Raw mode, so every key (Ctrl-C too) comes here and the terminal echoes nothing itself. */
  start(): void {
    emitKeypressEvents(this.input);
    if (this.input.isTTY) this.input.setRawMode(true);
    this.input.on("keypress", this.onKey);
    this.input.resume();
  }

  stop(): void {
    this.input.off("keypress", this.onKey);
    if (this.input.isTTY) this.input.setRawMode(false);
    this.input.pause();
  }

  /** The next key, at once when one is queued. */
  next(): Promise<Key> {
    const key = this.queue.shift();
    if (key) return Promise.resolve(key);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  /** Whether keys are waiting: the screen skips drawing frames nobody will see. */
  get pending(): number {
    return this.queue.length;
  }

  /**
   * A key inside a bracketed paste is text, never a command: a ^D in copied text must not confirm
   * the answer, nor a ^X skip the question, a ^G fold the guidance or an escape sequence move the
   * cursor. A line break is one line break, CR LF (a Windows clipboard) included; a tab is a space,
   * as a Tab typed means "edit the saved answer"; any other control character is dropped.
   */
  private pasted(text: string | undefined, raw: RawKey | undefined): Key | null {
    const name = raw?.name;
    if (name === "paste-end") return decode(text, raw);
    const afterReturn = this.pastedReturn;
    this.pastedReturn = name === "return";
    if (name === "return" || name === "enter") return name === "enter" && afterReturn ? null : { ...PLAIN, name: "return", pasted: true };
    if (name === "tab") return { ...PLAIN, text: " ", pasted: true };
    const key = decode(text, raw);
    return key?.text === undefined ? null : { ...PLAIN, text: key.text, pasted: true };
  }

  /** Feeds keys as if typed: for tests of what the queue hands out. */
  push(key: Key | null): void {
    if (!key) return;
    if (key.name === "paste-start" || key.name === "paste-end") {
      this.pasting = key.name === "paste-start";
      this.pastedReturn = false;
      return;
    }
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      waiting(key);
    } else {
      this.queue.push(key);
    }
  }
}

interface RawKey {
  name?: string;
  ctrl?: boolean;
  meta?: boolean;
  shift?: boolean;
  sequence?: string;
}

const PLAIN = { ctrl: false, meta: false, shift: false } as const;

/** A readline keypress as a Key; typed characters keep their text, control keys have none. */
export function decode(text: string | undefined, raw: RawKey | undefined): Key | null {
  const key: Key = { ctrl: raw?.ctrl ?? false, meta: raw?.meta ?? false, shift: raw?.shift ?? false };
  if (raw?.name) key.name = raw.name;
  if (text !== undefined && !key.ctrl && !key.meta && isPrintable(text)) key.text = text;
  return key.name || key.text ? key : null;
}

function isPrintable(s: string): boolean {
  return s.length > 0 && !/[\u0000-\u001f\u007f-\u009f]/.test(s);
}

/** Ctrl plus a letter. */
export function isCtrl(key: Key, letter: string): boolean {
  return key.ctrl && !key.meta && key.name === letter;
}

/** Enter, as terminals send it (CR) or as some send it (LF). */
export function isEnter(key: Key): boolean {
  return (key.name === "return" || key.name === "enter") && !key.pasted;
}
