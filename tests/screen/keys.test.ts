import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { visible, visibleLine } from "../../src/format/visible.js";
import { decode, KeyQueue, type Key } from "../../src/screen/keys.js";

/** A fake terminal input: what is written to it arrives as keypresses, decoded by Node's readline. */
function fakeInput(): PassThrough & NodeJS.ReadStream {
  return new PassThrough() as unknown as PassThrough & NodeJS.ReadStream;
}

async function take(q: KeyQueue, n: number): Promise<Key[]> {
  const out: Key[] = [];
  for (let i = 0; i < n; i++) out.push(await q.next());
  return out;
}

describe("KeyQueue", () => {
  it("keeps every key of a burst, in order, for whoever asks next", async () => {
    const input = fakeInput();
    const q = new KeyQueue(input);
    q.start();
    input.write("ab\rc\x1b[Bé日😀\x04");
    const keys = await take(q, 9);
    expect(keys.map((k) => k.text ?? `<${k.ctrl ? "^" : ""}${k.name}>`)).toEqual(["a", "b", "<return>", "c", "<down>", "é", "日", "😀", "<^d>"]);
    q.stop();
  });

  it("takes Esc and a key typed right after it as the two keys, not one Alt+key", async () => {
    const input = fakeInput();
    const q = new KeyQueue(input);
    q.start();
    // "\x1bh" is what a terminal sends for Esc then h typed together (or Alt+h).
    input.write("\x1bhello");
    const keys = await take(q, 6);
    expect(keys.map((k) => k.text ?? `<${k.meta ? "M-" : ""}${k.name}>`)).toEqual(["<escape>", "h", "e", "l", "l", "o"]);
    // Esc alone comes too, once no more bytes follow it (a tenth of a second; how soon is for the bench, not a test).
    input.write("\x1b");
    expect((await q.next()).name).toBe("escape");
    // An arrow key's bytes together are still one key, and Alt+Enter stays Alt+Enter.
    input.write("\x1b[A\x1b\r");
    const [up, altEnter] = await take(q, 2);
    expect(up!.name).toBe("up");
    expect([altEnter!.name, altEnter!.meta]).toEqual(["return", true]);
    q.stop();
  });

  it("hands keys that arrive while nobody waits to the next ask", async () => {
    const input = fakeInput();
    const q = new KeyQueue(input);
    q.start();
    const first = q.next();
    input.write("xyz");
    expect((await first).text).toBe("x");
    // y and z arrived in the same chunk, after x was handed out: they wait.
    expect(q.pending).toBe(2);
    expect((await q.next()).text).toBe("y");
    expect((await q.next()).text).toBe("z");
    q.stop();
  });

  it("marks keys inside a bracketed paste, so a pasted line break is text", async () => {
    const input = fakeInput();
    const q = new KeyQueue(input);
    q.start();
    input.write("\x1b[200~a\rb\x1b[201~\r");
    const keys = await take(q, 4);
    expect(keys.map((k) => [k.text ?? k.name, k.pasted ?? false])).toEqual([
      ["a", true],
      ["return", true],
      ["b", true],
      ["return", false],
    ]);
    q.stop();
  });

  it("takes everything inside a paste as text: control keys are no commands, CR LF is one line break, a tab a space", async () => {
    const input = fakeInput();
    const q = new KeyQueue(input);
    q.start();
    // ^D (done), ^X (skip), ^G (guidance), an arrow, a screen clear and a title change, all pasted.
    input.write("\x1b[200~a\x04b\x18c\x07d\x1b[De\x1b[2Jf\x1b]0;t\x07\tg\r\nh\ri\nj\x1b[201~\x04");
    const keys = await take(q, 14);
    expect(keys.map((k) => (k.pasted ? `${k.text ?? k.name}` : `typed ${k.name}`))).toEqual([
      "a", "b", "c", "d", "e", "f", " ", "g", "return", "h", "return", "i", "return", "j",
    ]);
    expect(keys.every((k) => !k.ctrl && !k.meta)).toBe(true);
    // The ^D after the paste is typed: it is a command again.
    const after = await q.next();
    expect([after.name, after.ctrl, after.pasted]).toEqual(["d", true, undefined]);
    q.stop();
  });

  it("drops a pasted control string whole, its text too, however it ends", async () => {
    const input = fakeInput();
    const q = new KeyQueue(input);
    q.start();
    // A title change ended by ST, a DCS, a hyperlink's OSC 8 around its text, and one cut off by the paste's end.
    input.write("\x1b[200~a\x1b]2;evil\x1b\\b\x1bPq#0;2;0\x1b\\c\x1b]8;;http://x.test/\x07link\x1b]8;;\x07d\x1b]0;cut\x1b[201~");
    input.write("\x1b[200~e\x1b[201~");
    const keys = await take(q, 9);
    expect(keys.map((k) => k.text ?? k.name).join("")).toBe("abclinkde");
    expect(q.pending).toBe(0);
    q.stop();
  });

  it("drops a control string that comes outside a paste, up to its end, within the bytes it came with", async () => {
    const input = fakeInput();
    const q = new KeyQueue(input);
    q.start();
    // A background colour reply ended by ST, a title change ended by BEL (^G, which folds the
    // guidance), a DCS, and the C1 form of an OSC, between typed keys.
    input.write("a\x1b]11;rgb:0000/0000/0000\x1b\\b\x1b]0;evil\x07c\x1bPq#0\x1b\\d\x9d2;x\x9ce");
    const keys = await take(q, 5);
    expect(keys.map((k) => k.text ?? `<${k.name}>`).join("")).toBe("abcde");
    expect(keys.some((k) => k.ctrl || k.meta)).toBe(false);
    // One whose end never comes is dropped to the end of its bytes: what is typed next is kept.
    input.write("\x1b]0;cut");
    input.write("fg");
    expect((await take(q, 2)).map((k) => k.text).join("")).toBe("fg");
    // One cut short by another escape sequence ends there: an arrow key, or a paste whose line
    // break stays text, never Enter.
    input.write("\x1b]0;cut\x1b[Bh\x1b]2;t\x1b[200~i\rj\x1b[201~");
    const after = await take(q, 5);
    expect(after.map((k) => `${k.text ?? `<${k.name}>`}${k.pasted ? "p" : ""}`)).toEqual(["<down>", "h", "ip", "<return>p", "jp"]);
    // Esc typed alone, then ] typed later, are both keys.
    input.write("\x1b");
    expect((await q.next()).name).toBe("escape");
    input.write("]x");
    expect((await take(q, 2)).map((k) => k.text).join("")).toBe("]x");
    expect(q.pending).toBe(0);
    q.stop();
  });
});

describe("decode", () => {
  it("gives typed characters their text and control keys none", () => {
    expect(decode("a", { name: "a" })).toEqual({ name: "a", ctrl: false, meta: false, shift: false, text: "a" });
    expect(decode("\x0b", { name: "k", ctrl: true })).toEqual({ name: "k", ctrl: true, meta: false, shift: false });
    expect(decode(undefined, undefined)).toBeNull();
  });
});

describe("visible", () => {
  it.each([
    ["plain text", "plain text"],
    ["title\x1b]0;pwned\x07", "title␛]0;pwned␇"],
    ["clear\x1bc", "clear␛c"],
    ["over\rwrite", "over␍write"],
    ["back\bspace\x00nul\x7f", "back␈space␀nul␡"],
    ["csi\x9b2J", "csi\uFFFD2J"],
    ["bidi\u202Eevil\u2066", "bidi\uFFFDevil\uFFFD"],
    ["keeps\nlines\tand tabs", "keeps\nlines\tand tabs"],
  ])("%j", (input, expected) => {
    expect(visible(input)).toBe(expected);
  });

  it("puts a text on one line", () => {
    expect(visibleLine("a\nb\tc\x1b")).toBe("a b c␛");
  });
});
