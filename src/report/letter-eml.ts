import { randomUUID } from "node:crypto";
import MailComposer from "nodemailer/lib/mail-composer";
import { encodeWord, foldLines } from "nodemailer/lib/mime-funcs";
import type { Person } from "../session/person.js";
import type { LetterContent } from "./letter.js";
import { renderLetterHtml } from "./letter-html.js";
import { oneLine } from "./letter-text-clean.js";
import { renderLetterText } from "./letter-text.js";

/**
 * The letter as an email ready to send (RFC 5322), built by nodemailer's MailComposer, which
 * encodes every header: a name or an incident holding a line break cannot add a header. It has
 * a text/plain and a text/html alternative and `X-Unsent: 1`, so a mail client opens the .eml as
 * a draft to check and send rather than as a message received.
 */

export interface EmlInput extends LetterContent {
  to: Person[];
  from: Person;
  /** The Date header, in epoch milliseconds. */
  date: number;
}

/** Who can be put in To: (a contact with an address), and who cannot. */
export function recipients(people: Person[]): { to: Person[]; missing: Person[] } {
  return { to: people.filter((p) => p.email !== undefined), missing: people.filter((p) => p.email === undefined) };
}

const address = (p: Person & { email: string }) => ({ name: oneLine(p.name) === p.email ? "" : oneLine(p.name), address: p.email });

/**
 * A header line is folded at its spaces, and cannot be under 998 octets (RFC 5322) around a
 * longer run without one: a name or an incident written as one long word. Such a value goes out
 * as encoded-words (RFC 2047) of at most 52 characters, which fold between them and read back
 * as the same text; anything shorter is left to MailComposer, which encodes what needs it.
 */
const unfoldable = (text: string) => /\S{61}/.test(text);
const encoded = (text: string) => encodeWord(text, "Q", 52);

/**
 * The To: or From: header as MailComposer takes it, or, when a name in it is unfoldable, the
 * folded header line itself: MailComposer formats these headers itself, and quotes a long name
 * of ASCII letters whole.
 */
function addressHeader(key: "To" | "From", people: Array<Person & { email: string }>): { list?: Array<ReturnType<typeof address>>; line?: string } {
  const list = people.map(address);
  if (!list.some((a) => unfoldable(a.name))) return { list };
  return { line: foldLines(`${key}: ${list.map((a) => (a.name === "" ? a.address : `${encoded(a.name)} <${a.address}>`)).join(", ")}`, 76) };
}

/** Builds the message; the text of a .eml file. */
export async function buildLetterEml(input: EmlInput): Promise<string> {
  const to = addressHeader("To", recipients(input.to).to as Array<Person & { email: string }>);
  const from = input.from.email ? addressHeader("From", [input.from as Person & { email: string }]) : {};
  const subject = oneLine(input.subject);
  const prepared = (value: string) => ({ prepared: true, foldLines: true, value });
  const mail = new MailComposer({
    ...(from.list ? { from: from.list[0] } : {}),
    ...(to.list && to.list.length > 0 ? { to: to.list } : {}),
    ...(unfoldable(subject) ? {} : { subject }),
    date: new Date(input.date),
    // From the sender's domain, as MailComposer makes it from a From: it was given.
    ...(from.line && input.from.email ? { messageId: `<${randomUUID()}@${input.from.email.slice(input.from.email.lastIndexOf("@") + 1)}>` } : {}),
    text: crlf(renderLetterText(input, { title: false })),
    html: crlf(renderLetterHtml(input, { title: false })),
    headers: {
      ...(unfoldable(subject) ? { Subject: prepared(encoded(subject)) } : {}),
      "X-Unsent": "1",
    },
  });
  const message = await new Promise<Buffer>((resolve, reject) => mail.compile().build((err, out) => (err ? reject(err) : resolve(out))));
  // The headers MailComposer left out, first: a header's place in the head carries no meaning.
  const made = [from.line, to.line].filter((line) => line !== undefined);
  return [...made, message.toString("utf8")].join("\r\n");
}

/**
 * Every line break as CRLF, the only one RFC 5322 allows: MailComposer ends its own lines with
 * CRLF but keeps a body's line breaks as given, and quoted-printable leaves a bare LF bare, which
 * many mail servers now refuse or rewrite (and a body line then runs on past 998 octets).
 */
function crlf(text: string): string {
  return text.replace(/\r\n|\r|\n/g, "\r\n");
}
