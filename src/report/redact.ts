/**
 * Redaction for `trust export --redact`: whole answers of prompts marked `sensitive`, and email
 * addresses and phone numbers wherever people typed free text. Phone numbers have no single
 * shape, so a loose pattern finds candidates and `looksLikePhone` decides, leaning towards
 * redacting: a ticket number taken for a phone number costs less than a phone number left in.
 */

export const REDACTED = "[redacted]";
export const EMAIL_MARK = "[email]";
export const PHONE_MARK = "[phone]";

const EMAIL =
  /(?<![\p{L}\p{N}._%+'-])[\p{L}\p{N}._%+'-]+@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}{2,}(?![\p{L}\p{N}-])/gu;

/**
 * A run that starts with `+`, an area code in parentheses, or a digit, and goes on with digits,
 * single spaces, dots, hyphens and parenthesised groups, ending on a digit. It may not start
 * inside a word or a number (`1,250.00`, `v2.10`) nor stop inside one.
 */
const PHONE_CANDIDATE =
  /(?<![\p{L}\p{N}_.,])(?:\+|\(\d{1,5}\)[ .-]?)?\d(?:[\d .-]|\(\d{1,5}\))*\d(?![\p{L}\p{N}_]|[.,/:-]\d)/gu;

/** Replaces email addresses and phone numbers in free text with [email] and [phone]. */
export function redactText(text: string): string {
  return text.replace(EMAIL, EMAIL_MARK).replace(PHONE_CANDIDATE, (m) => (looksLikePhone(m) ? PHONE_MARK : m));
}

/**
 * Whether a candidate run is a phone number rather than a date, an amount, an IP address or a
 * number grouped in thousands. With a `+` or an area code in parentheses it takes 8 to 15 digits
 * (E.164 allows at most 15); a bare run needs separators and 10 to 13 digits, which leaves out
 * dates (8 digits) and short references.
 */
export function looksLikePhone(candidate: string): boolean {
  const s = candidate.trim();
  const digits = s.replace(/\D/g, "").length;
  if (/[ .-]{2,}/.test(s)) return false;
  if (s.startsWith("+")) return digits >= 8 && digits <= 15;
  if (/\(\d+\)/.test(s)) return digits >= 8 && digits <= 15;

  const groups = s.split(/[ .-]/);
  if (groups.length < 2 || digits < 10 || digits > 13) return false;
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
