import MailComposer from "nodemailer/lib/mail-composer";
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

/** Builds the message; the text of a .eml file. */
export async function buildLetterEml(input: EmlInput): Promise<string> {
  const to = recipients(input.to).to as Array<Person & { email: string }>;
  const mail = new MailComposer({
    ...(input.from.email ? { from: address(input.from as Person & { email: string }) } : {}),
    ...(to.length > 0 ? { to: to.map(address) } : {}),
    subject: oneLine(input.subject),
    date: new Date(input.date),
    text: renderLetterText(input, { title: false }),
    html: renderLetterHtml(input, { title: false }),
    headers: { "X-Unsent": "1" },
  });
  const message = await new Promise<Buffer>((resolve, reject) => mail.compile().build((err, out) => (err ? reject(err) : resolve(out))));
  return message.toString("utf8");
}
