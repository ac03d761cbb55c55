import { plainText } from "../format/visible.js";

/**
 * Redaction for `trust export --redact` and `trust letter --redact`: whole answers of prompts
 * marked `sensitive`, and contact and payment details wherever people typed free text: email
 * addresses (also with a zero-width character inside, a fullwidth ＠, or written "[at]"),
 * phone numbers, card numbers (Luhn-checked) and IBANs (mod-97-checked).
 *
 * Phone numbers have no single shape, so a loose pattern finds candidates and `looksLikePhone`
 * decides, leaning towards redacting: a ticket number taken for a phone number costs less than
 * a phone number left in. Card numbers and IBANs carry check digits, so those are only redacted
 * when the check holds: an order number stays as it was typed.
 */

export const REDACTED = "[redacted]";
export const EMAIL_MARK = "[email]";
export const PHONE_MARK = "[phone]";
const CARD_MARK = "[card]";
const IBAN_MARK = "[iban]";

/**
 * A pattern compiled the first time it is used: the long Unicode patterns below take a few
 * milliseconds to build, which every export and letter without --redact would otherwise pay at
 * start-up (issue 11).
 */
function lazyPattern(build: () => RegExp): () => RegExp {
  let built: RegExp | undefined;
  return () => (built ??= build());
}

/**
 * Characters that show as nothing (zero-width space, word joiner, invisible operators, soft hyphen,
 * direction marks, BOM): typed or pasted inside an address or a number, they hide it from every
 * pattern below, so they are taken out first. The zero-width joiner and non-joiner also shape
 * emoji sequences and scripts such as Devanagari or Persian; between two such characters they stay.
 */
const INVISIBLE = /[\u00ad\u180e\u200b\u200e\u200f\u2060-\u2064\ufeff]|[\u200c\u200d]/gu;
const SHAPED = /[^\u0000-\u007f]/u;
const SHAPED_BY_JOINER = /[\p{L}\p{M}\p{Extended_Pictographic}\p{Emoji_Modifier}]/u;

function dropInvisible(c: string, offset: number, whole: string): string {
  if (c !== "\u200c" && c !== "\u200d") return "";
  const before = whole[offset - 1] ?? "";
  const after = String.fromCodePoint(whole.codePointAt(offset + 1) ?? 32);
  // A lone low surrogate stands for the emoji before it: look at the whole code point.
  const prev = /[\udc00-\udfff]/.test(before) ? whole.slice(offset - 2, offset) : before;
  const shaped = (ch: string) => SHAPED.test(ch) && SHAPED_BY_JOINER.test(ch);
  return shaped(prev) && shaped(after) ? c : "";
}
/**
 * What may stand between the groups of a phone number: any space (no-break, thin, en, ideographic),
 * a tab or line break, any dash or hyphen (and the minus sign), a dot, an underscore; and a slash
 * right between two digits (030/12345678), not " / ", which separates two numbers in a list.
 */
const SEP = "\\p{Zs}\\t\\r\\n\\p{Pd}\\u2212._";
const SEP_RUN = lazyPattern(() => new RegExp(`[${SEP}]`, "gu"));

/** The part before the "@": letters, digits and . _ % + ' -, or a quoted name ("dana smith"@...). */
// \\p{M}: an accent typed as a mark of its own (e + U+0301, as macOS pastes it), a vowel sign.
const LOCAL = `(?:"[^"\\n]{1,64}"|[\\p{L}\\p{M}\\p{N}._%+'-]+)`;
const LABEL = `[\\p{L}\\p{N}](?:[\\p{L}\\p{M}\\p{N}-]*[\\p{L}\\p{M}\\p{N}])?`;
/** Letters, or an internationalised TLD in its ASCII form (xn--p1ai). */
const TLD = `(?:\\p{L}[\\p{L}\\p{M}]+|xn--[a-z0-9-]+)`;
/**
 * "@" (also with a space either side), a fullwidth "＠", "[at]" / "(at)" / "{at}" / "[@]", or "@"
 * encoded as a URL or an HTML entity would carry it (%40, &#64;, &#x40;).
 */
const AT = `(?:\\s?[@\\uff20]\\s?|\\s?[\\[({<](?:at|@)[\\])}>]\\s?|%40|&#0*64;|&#x0*40;|&commat;)`;
/** "." or a fullwidth or ideographic full stop, or a written-out "[dot]" / "(dot)" / " dot ". */
const DOT = `(?:[.\\uff0e\\u3002\\uff61]|\\s?[\\[({<]dot[\\])}>]\\s?| dot )`;
/** A domain, or an address literal: dana@[192.168.0.1]. */
const DOMAIN = `(?:(?:${LABEL}${DOT})+${TLD}|\\[[0-9a-f:.]{3,45}\\])`;
const BOUND_BEFORE = `(?<![\\p{L}\\p{N}._%+'-])`;
const BOUND_AFTER = `(?![\\p{L}\\p{N}-])`;

const EMAIL = lazyPattern(() => new RegExp(`${BOUND_BEFORE}${LOCAL}${AT}${DOMAIN}${BOUND_AFTER}`, "giu"));
/**
 * "dana at acme dot com", "dana_at_acme_dot_com": a bare " at " counts only with a written-out
 * dot, or every "meet at 10.30" and "logged in at app.acme.com" would go.
 */
const SPOKEN_EMAIL = lazyPattern(() => new RegExp(
  `${BOUND_BEFORE}${LOCAL} at (?:${LABEL}(?: dot |\\s?[\\[({]dot[\\])}]\\s?))+${TLD}${BOUND_AFTER}|(?<![\\p{L}\\p{N}])[\\p{L}\\p{N}.%+'-]+_at_(?:[\\p{L}\\p{N}-]+_dot_)+\\p{L}{2,}(?![\\p{L}\\p{N}])`,
  "giu",
));

/** What may stand between the groups of a card number or an IBAN: one or two spaces (any kind), dashes, dots, slashes or underscores. */
const GROUP_SEP = "(?:[./_]|[\\p{Zs}\\p{Pd}\\u2212]{1,3})";

/**
 * An IBAN: two letters, two check digits, then 11 to 30 letters and digits, in groups or not. The
 * pattern may run on into a following word; `ibanIn` trims it back.
 */
const IBAN_CANDIDATE = lazyPattern(() => new RegExp(`(?<![\\p{L}\\p{N}])[A-Za-z]{2}\\d{2}(?:(?:${GROUP_SEP})?[A-Za-z0-9]){11,30}(?![\\p{L}\\p{N}])`, "gu"));

/** 13 to 19 digits (of any script: fullwidth and Arabic-Indic digits hide a number as well), in groups or not. */
const CARD_CANDIDATE = lazyPattern(() => new RegExp(`(?:(?<![\\p{L}\\p{N}_.,])|(?<=\\p{L}\\.))\\p{Nd}(?:(?:${GROUP_SEP})?\\p{Nd}){12,18}(?!\\p{N}|[.,]\\p{Nd})`, "gu"));

/** An extension after the number: x89, ext. 89, extension 89. */
const EXTENSION = "(?:\\s?(?:x|ext\\.?|extension)\\s?\\p{Nd}{1,6})";

/**
 * A run that starts with `+`, an area code in parentheses, or a digit, and goes on with digits,
 * single separators and parenthesised groups, ending on a digit. It may not start inside a word
 * or a number (`1,250.00`, `v2.10`) nor stop inside one.
 */
const PHONE_CANDIDATE = lazyPattern(() => new RegExp(
  `(?:(?<![\\p{L}\\p{N}_.,])|(?<=\\p{L}\\.))(?:[+\\uff0b]|\\(\\p{Nd}{1,5}\\)[${SEP}]?)?\\p{Nd}(?:[\\p{Nd}${SEP}]|(?<=\\p{Nd})/(?=\\p{Nd})|\\(\\p{Nd}{1,5}\\))*\\p{Nd}${EXTENSION}?(?![\\p{L}\\p{N}_]|[.,:${SEP}]\\p{Nd})`,
  "giu",
));

/**
 * `text` with every decimal digit of any script as its ASCII digit, and a fullwidth plus as "+",
 * so the checks below read "５５５" as "555". Unicode lays each script's digits out as a run of
 * ten from zero (the mathematical digits as five such runs), so a digit's value is its distance
 * from the start of its run, modulo 10.
 */
function asciiDigits(text: string): string {
  return text.replace(/[^\u0000-\u007f]/gu, (c) => {
    if (c === "\uff0b") return "+";
    if (!/\p{Nd}/u.test(c)) return c;
    let start = c.codePointAt(0)!;
    while (/\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
    return String((c.codePointAt(0)! - start) % 10);
  });
}

/**
 * Words after which a run of digits without an international prefix is a reference, a count or an
 * amount, not a phone number: "order 5551234567", "#5551234567", "INC-5551234567", "PR 1234567890",
 * "epoch 1731146400", "transaction 5551234567", "$1234567890", "Rp 1500000000".
 */
const REFERENCE_BEFORE =
  /(?:#|\b(?:orders?|tickets?|invoices?|inv|case|ref|reference|id|incident|po|account|acct|pr|pull request|build|job|run|commit|issue|bug|sku|serial|sn|tracking|booking|confirmation|epoch|unix|timestamp|ts|version|ver|v|firmware|release|transactions?|shipments?|customers?|duration|[a-z]{3}-)[\s.:#]*|\p{L}-|[$€£¥₹]\s*|\b(?:rp|usd|eur|gbp|jpy|inr|idr|chf)\s*)$/iu;
/** "no. 5551234567", "number 5551234567": a reference only when the run has no separators (an order no.), else a phone number. */
const NUMBER_BEFORE = /\b(?:no|nr|number)[\s.:#]*$/iu;
/** Words that say what follows is a phone number, whatever other word comes between: "Phone number 0207 946 0958", "Tel.5551234567". */
const PHONE_BEFORE = /\b(?:tel|telephone|phone|mobile|mob|cell|fax|call|ring|whatsapp|sms)\b/iu;
/** A unit after the run: a duration or a size, not a phone number ("1234567890 ms"). */
const UNIT_AFTER = /^\s*(?:ms|s|secs?|seconds?|min|minutes?|h|hours?|bytes?|[kmgt]i?b|%)\b/iu;

/** Whether the text around a phone-shaped run says it is something else. */
function notAPhone(run: string, offset: number, whole: string): boolean {
  const before = whole.slice(Math.max(0, offset - 24), offset);
  if (/^(?:[+\uff0b(]|00)/u.test(run) || PHONE_BEFORE.test(before)) return false;
  if (UNIT_AFTER.test(whole.slice(offset + run.length, offset + run.length + 12))) return true;
  if (REFERENCE_BEFORE.test(before)) return true;
  return /^\p{Nd}+$/u.test(run) && NUMBER_BEFORE.test(before);
}

/**
 * Replaces email addresses, IBANs, card numbers and phone numbers in free text with [email], [iban],
 * [card] and [phone]. Escape sequences and control characters go first, as the letters drop them too: a BEL or NUL
 * inside an address must not hide it here and then vanish from the letter.
 */
export function redactText(text: string): string {
  return plainText(text)
    .replace(INVISIBLE, dropInvisible)
    .replace(EMAIL(), EMAIL_MARK)
    .replace(SPOKEN_EMAIL(), EMAIL_MARK)
    .replace(IBAN_CANDIDATE(), ibanIn)
    .replace(CARD_CANDIDATE(), (m) => (isCardNumber(m) ? CARD_MARK : m))
    .replace(PHONE_CANDIDATE(), (m, offset: number, whole: string) => (looksLikePhone(m) && !notAPhone(m, offset, whole) ? PHONE_MARK : m));
}

/**
 * Whether a candidate run is a phone number rather than a date, an amount, an IP address or a
 * number grouped in thousands. With a `+`, a `00` international prefix or an area code in
 * parentheses it takes 8 to 15 digits after the prefix (E.164 allows at most 15); a run with
 * separators needs 10 to 13 digits, which leaves out dates (8 digits) and short references; a
 * run without any is a phone number at exactly 10 digits, or 11 starting with the trunk 0.
 */
export function looksLikePhone(candidate: string): boolean {
  const s = asciiDigits(candidate)
    .trim()
    .replace(/\s?(?:x|ext\.?|extension)\s?\d{1,6}$/i, "")
    // "555 - 123 - 4567" and "555  123  4567" are written with one separator in mind.
    .replace(/\s*[-\u2010-\u2015\u2212]\s*/gu, "-")
    .replace(/\s+/gu, " ")
    .replace(SEP_RUN(), (c) => (c === "." ? "." : /\s/u.test(c) ? " " : "-"))
    .replace(/\//g, "-");
  const digits = s.replace(/\D/g, "");
  if (/[ .-]{2,}/.test(s)) return false;
  if (!s.startsWith("+") && looksLikeDateTime(s)) return false;
  if (s.startsWith("+")) return digits.length >= 8 && digits.length <= 15;
  if (s.startsWith("00") && /^00[1-9]/.test(digits)) return digits.length >= 10 && digits.length <= 17;
  if (/\(\d+\)/.test(s)) return digits.length >= 8 && digits.length <= 15;

  const groups = s.split(/[ .-]/);
  if (groups.length === 1) return digits.length === 10 || (digits.length === 11 && digits.startsWith("0"));
  if (digits.length < 10 || digits.length > 13) return false;
  const [first, ...rest] = groups as [string, ...string[]];
  // 1 250 000 000 or 1.250.000.000: thousands, not a phone number.
  if (first.length <= 3 && rest.every((g) => g.length === 3)) return false;
  // 3.14159265358: one dot is a decimal point.
  if (groups.length === 2 && s.includes(".")) return false;
  // 192.168.100.200
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(s)) return false;
  // A lone trailing digit is more likely a separate number than part of this one.
  if (rest.some((g) => g.length < 2)) return false;
  return true;
}

/**
 * A date, with a time or not, written in digits: 09.11.2026 14.30, 20261109 1030, 2026 11 09 10 30,
 * 2026.11.09.1234 (a version named by its date). `s` has its separators made " ", "." or "-".
 */
const TIME = "(?:[ .-]?(?:[01]\\d|2[0-3])[ .-]?[0-5]\\d(?:[ .-]?[0-5]\\d)?)?";
const DATE_TIMES = [
  `(?:0?[1-9]|[12]\\d|3[01])[ .-](?:0?[1-9]|1[0-2])[ .-](?:19|20)\\d\\d`, // day first
  `(?:0?[1-9]|1[0-2])[ .-](?:0?[1-9]|[12]\\d|3[01])[ .-](?:19|20)\\d\\d`, // month first
  `(?:19|20)\\d\\d[ .-]?(?:0[1-9]|1[0-2])[ .-]?(?:0[1-9]|[12]\\d|3[01])`, // year first
].map((date) => new RegExp(`^${date}${TIME}$`));

function looksLikeDateTime(s: string): boolean {
  return DATE_TIMES.some((pattern) => pattern.test(s));
}

/**
 * Whether a run of digits is a payment card number: 13 to 19 digits that pass the Luhn check,
 * written as one run or in groups of three to six (4-4-4-4, 4-6-5), never in pairs like a date.
 */
export function isCardNumber(candidate: string): boolean {
  const written = asciiDigits(candidate);
  const digits = written.replace(/\D/g, "");
  if (digits.length < 13 || digits.length > 19) return false;
  const groups = written.split(/[\p{Zs}\p{Pd}\u2212./_]+/u);
  if (groups.length > 1 && groups.some((g) => g.length < 3 || g.length > 6)) return false;
  return luhn(digits);
}

/** The Luhn (mod 10) check every card number carries in its last digit. */
export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Whether `text` (spaces ignored, any case) is an IBAN: 15 to 34 characters whose ISO 7064 mod-97 check gives 1. */
export function isIban(text: string): boolean {
  const s = text.replace(/[^A-Za-z0-9]/g, "").toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s)) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rest = 0;
  for (const c of moved) {
    const n = c <= "9" ? c : String(c.charCodeAt(0) - 55);
    for (const d of n) rest = (rest * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return rest === 1;
}

/**
 * A candidate run with the IBAN it starts with replaced: the run may have taken in the words
 * after it ("GB82 WEST 1234 5698 7654 32 ASAP"), so shorter runs, group by group, are tried too.
 */
function ibanIn(candidate: string): string {
  const groups = [...candidate.matchAll(/[A-Za-z0-9]+/g)];
  for (let n = groups.length; n >= 1; n--) {
    const last = groups[n - 1]!;
    const head = candidate.slice(0, last.index + last[0].length);
    if (isIban(head)) return IBAN_MARK + candidate.slice(head.length);
  }
  return candidate;
}
