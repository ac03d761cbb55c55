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
  /** Inside a pasted control string (OSC, DCS…), whose text is the terminal's, not the answer's. */
  private pastedControlString = false;
  /** Inside a control string that came outside a paste, until its end or the end of the bytes it came with. */
  private typedControlString = false;
  private readonly onKey = (text: string | undefined, raw: RawKey | undefined) => {
    if (this.pasting) return this.push(this.pasted(text, raw));
    const seq = raw?.sequence;
    if (this.droppedControlString(seq ?? "")) return;
    // Esc and the next key typed quickly reach readline as one Alt+key ("\x1bh"), which the
    // call screen has no use for: taken as what was typed, Esc then the key, so Esc leaves the
    // answers or history view and the key goes to the question instead of being lost.
    if (raw?.meta && !raw.ctrl && seq?.length === 2 && seq[0] === "\x1b" && isPrintable(seq[1]!)) {
      this.push({ ...PLAIN, name: "escape" });
      this.push(decode(seq[1], { name: /^[a-z]$/.test(seq[1]!) ? seq[1] : undefined }));
      return;
    }
    this.push(decode(text, raw));
  };

  /** A chunk of bytes has been decoded: a control string that came outside a paste ends with it. */
  private readonly endOfChunk = () => {
    this.typedControlString = false;
  };

  constructor(private readonly input: NodeJS.ReadStream) {}

  /** Raw mode, so every key (Ctrl-C too) comes here and the terminal echoes nothing itself. */
  start(): void {
    // Esc alone is told from the start of an escape sequence (an arrow key's) by waiting for
    // more bytes: readline waits half a second, which made Esc in the answers view feel stuck.
    // A terminal sends a sequence's bytes together, so a tenth of a second is ample.
    emitKeypressEvents(this.input, { escapeCodeTimeout: ESCAPE_WAIT_MS } as unknown as Parameters<typeof emitKeypressEvents>[1]);
    if (this.input.isTTY) this.input.setRawMode(true);
    this.input.on("keypress", this.onKey);
    // After readline's own listener, which decodes each chunk of bytes into keypresses at once.
    this.input.on("data", this.endOfChunk);
    this.input.resume();
  }

  stop(): void {
    this.input.off("keypress", this.onKey);
    this.input.off("data", this.endOfChunk);
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
    // A control string (a title change, ESC ] 0;title BEL) reaches readline as Alt+], then its
    // text as keys: all of it is dropped, up to the BEL or ESC \ that ends it.
    const seq = raw?.sequence ?? "";
    if (this.pastedControlString) {
      if (STRING_ENDS.has(seq)) this.pastedControlString = false;
      return null;
    }
    if (STRING_STARTS.has(seq)) {
      this.pastedControlString = true;
      return null;
    }
    const afterReturn = this.pastedReturn;
    this.pastedReturn = name === "return";
    if (name === "return" || name === "enter") return name === "enter" && afterReturn ? null : { ...PLAIN, name: "return", pasted: true };
    if (name === "tab") return { ...PLAIN, text: " ", pasted: true };
    const key = decode(text, raw);
    return key?.text === undefined ? null : { ...PLAIN, text: key.text, pasted: true };
  }

  /**
   * A control string outside a paste (a terminal's reply to a query another program made, text
   * pasted into a terminal without bracketed paste) reached the call as Esc, then its text as
   * typed keys, its BEL as ^G: all of it is dropped, up to the BEL or ST that ends it. Only within
   * the bytes it arrived with (see endOfChunk): a person who types Esc and then ] never loses the
   * keys they type after it.
   */
  private droppedControlString(seq: string): boolean {
    if (this.typedControlString) {
      if (STRING_ENDS.has(seq)) {
        this.typedControlString = false;
        return true;
      }
      // Any other escape sequence ends it unfinished, as it does in a terminal, and is a key of
      // its own: a paste's start among them, whose text must not be taken as typed.
      if (!seq.startsWith("\x1b")) return true;
      this.typedControlString = false;
    }
    if (!STRING_STARTS.has(seq)) return false;
    this.typedControlString = true;
    return true;
  }

  /** Puts a key taken but not used back at the front, for the next question to take first. */
  putBack(key: Key): void {
    this.queue.unshift(key);
  }

  /** Feeds keys as if typed: for tests of what the queue hands out. */
  push(key: Key | null): void {
    if (!key) return;
    if (key.name === "paste-start" || key.name === "paste-end") {
      this.pasting = key.name === "paste-start";
      this.pastedReturn = false;
      this.pastedControlString = false;
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

// What starts a control string (ECMA-48: OSC, DCS, APC, PM, SOS), as ESC and a letter or as the
// single C1 character, and what ends one (ST, or BEL, which terminals take for an OSC).
const STRING_STARTS = new Set(["\x1b]", "\x1bP", "\x1b_", "\x1b^", "\x1bX", "\x9d", "\x90", "\x9f", "\x9e", "\x98"]);
const STRING_ENDS = new Set(["\x07", "\x1b\\", "\x9c"]);

const ESCAPE_WAIT_MS = 100;

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
