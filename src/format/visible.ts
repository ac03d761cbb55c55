/**
 * Text typed by people (client names, answers, notes) may hold terminal control characters:
 * ESC starts sequences that set the title, clear the screen or plant hidden links, CR and BS
 * overwrite what is already shown, bidi overrides reorder it. On a terminal such text is shown
 * with each control made visible instead, so it can neither act nor hide.
 */

// C0 controls but tab and newline, DEL, C1 controls, the bidi embedding/override/isolate marks
// and the direction marks (LRM, RLM, ALM); characters that show as nothing and so hide or join
// text unseen (zero-width space, word joiner, invisible operators, BOM, interlinear annotation,
// Mongolian vowel separator, combining grapheme joiner, soft hyphen, the Hangul fillers, which
// make "Ac\u00adme" look exactly like "Acme"); and tag characters, except inside an
// emoji tag sequence (a subdivision flag: U+1F3F4 then tags). The zero-width joiner and
// non-joiner stay: emoji and several scripts are written with them.
const CONTROL =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u200b\u2060-\u2064\ufeff\ufff9-\ufffb\u180e\u034f\u00ad\u115f\u1160\u3164\uffa0]|(?<![\u{1F3F4}\u{E0020}-\u{E007F}])[\u{E0000}-\u{E007F}]/gu;
/** Line and paragraph separators: line breaks to a reader, to most terminals nothing at all. */
const SEPARATOR = /[\u2028\u2029]/g;

function shown(c: string): string {
  const code = c.charCodeAt(0);
  // C0 controls have pictures of their own (␛ for ESC, ␀ for NUL); the rest becomes U+FFFD.
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return "\u2421";
  return "\uFFFD";
}

/** `text` with every control character replaced by a visible sign; tab and newline stay. */
export function visible(text: string): string {
  return text.replace(CONTROL, shown).replace(SEPARATOR, "\n");
}

/**
 * Whole terminal escape sequences, not only their first byte: with the ESC alone taken out, a
 * colour code left "[31m" in a letter, and a hidden OSC-8 link its URL, which the client would
 * then read. OSC (to BEL or ST), CSI, DCS/SOS/PM/APC strings, their 8-bit forms, and the
 * two-character escapes.
 */
const ESCAPE_SEQUENCE =
  /(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?|(?:\x1b[P^_X]|[\x90\x98\x9e\x9f])[^\x1b\x9c]*(?:\x1b\\|\x9c)?|\x1b[ -/]*[0-~]?/g;

/** `text` with every control character that `visible` would show taken out instead. */
export function stripControls(text: string): string {
  return text.replace(CONTROL, "").replace(SEPARATOR, "\n");
}

/**
 * `text` without its escape sequences, then without any other control character: for a letter,
 * where a sign would read as noise, and for redaction, which comes before it.
 */
export function plainText(text: string): string {
  return stripControls(text.replace(ESCAPE_SEQUENCE, ""));
}

/** `visible`, with line breaks and tabs shown as spaces too: for text that must stay on one line. */
export function visibleLine(text: string): string {
  return visible(text).replace(/\r\n|[\n\t]/g, " ");
}

/**
 * `value` with `visible` applied to every string inside it, keys included: for printing a whole
 * parsed document (a playbook outline) whose every field came from someone's file.
 */
export function visibleDeep<T>(value: T): T {
  if (typeof value === "string") return visible(value) as T;
  if (Array.isArray(value)) return value.map(visibleDeep) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [visible(k), visibleDeep(v)])) as T;
  }
  return value;
}
