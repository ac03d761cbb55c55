import type { LetterRole } from "../playbook/constants.js";
import type { Person } from "../session/person.js";
import { personOf } from "../json/person.js";
import { clientKey } from "../clients/lookup.js";
import { shortId } from "../session/id-format.js";
import { toIsoDate } from "../session/time.js";
import { formatDay, formatDayOf } from "./dates.js";
import type { ExportCommitment, ExportDocument, ExportPrompt } from "./export-model.js";
import { oneLine, paragraphs, textLines } from "./letter-text-clean.js";

/**
 * The letter to the client after the call: one model, built from the client export document,
 * that letter-markdown, letter-text, letter-html and letter-eml render. Pure.
 *
 * It says only what the playbook marks for it (`letter:` on a prompt, see LETTERS.md): the
 * client's account quoted as theirs (heard, feeling), the apology in the words said (apology),
 * the problem statement only when they agreed with it (agreed), our commitments with owner and
 * date (doing) and the day of the next update (next). Nothing else from the call reaches it, and
 * nothing is made up: no boilerplate apology, no date taken from elsewhere, no "patience".
 */

/** A block of the letter's body; every string is plain text (no markup), one line each. */
export type LetterBlock =
  | { kind: "heading"; text: string }
  /** Lines of one paragraph, each shown on its own line. */
  | { kind: "paragraph"; lines: string[] }
  /** Someone's words set apart: lines, with "" between paragraphs. */
  | { kind: "quote"; lines: string[] }
  | { kind: "list"; items: string[]; ordered?: boolean };

/** What every format shows: the subject (the title, or an email's Subject) and the body. */
export interface LetterContent {
  subject: string;
  blocks: LetterBlock[];
}

export interface Letter extends LetterContent {
  /** The client's people on the call, whom it is addressed to. */
  to: Person[];
  /** Who signs it: the session owner, with their email when the people file knows it. */
  from: Person;
  rehearsal: boolean;
  /** What the letter lacks and trust will not make up: for the person who sends it. */
  warnings: string[];
}

export interface LetterOptions {
  /** The session owner as the people file names them (full name, email); else the owner as typed. */
  signer?: Person;
  /** Today, YYYY-MM-DD in the user's time zone: a day the letter promises that is already past is warned of. */
  today?: string;
}

/**
 * A sentence that starts the way a note about the reader does: "They" or "Their" ("They felt let
 * down", "Their desk took 380 calls"), "She" or "He", or the name the letter greets them by
 * ("Priya said they felt blindsided"). Not "their" anywhere: in their own words it is as often
 * their customers' ("two customers cancelled their orders").
 */
function aboutThem(names: readonly string[]): RegExp {
  const words = ["they", "their", "them", "she", "her", "he", "his", ...names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))];
  // Not \b, which knows only ASCII letters: "José" ends in a letter too.
  return new RegExp(`(^|[.!?]\\s+)(${words.join("|")})(?![\\p{L}\\p{N}])`, "imu");
}

const TITLE = /^(dr|mr|mrs|ms|mx|miss|prof|sir|dame|herr|frau|mme|mlle)\.?$/i;

/** Builds the letter for a client export document. */
export function buildLetter(doc: ExportDocument, opts: LetterOptions = {}): Letter {
  const s = doc.session;
  const prompts = doc.steps.flatMap((step) => step.prompts);
  const marked = prompts.filter((p) => p.letter !== null);
  const answered = (role: LetterRole) => marked.filter((p) => p.letter === role && p.status === "answered" && !p.redacted && p.value !== null);
  const warnings: string[] = [];
  const from = signer(doc, opts.signer);
  const blocks: LetterBlock[] = [];
  const para = (...lines: string[]) => blocks.push({ kind: "paragraph", lines });

  if (s.rehearsal) para("Rehearsal: this letter comes from a practice run, not a real call. Do not send it.");

  const contacts = oneEach(s.contacts);
  const people = contacts.filter((p) => !namesCompany(p.name, s.client));
  const names = greetingNames(people);
  para(names.length > 0 ? `Dear ${joinNames(names)},` : "Hello,");
  if (names.length === 0) {
    const who = contacts.length > people.length ? `names only ${oneLine(s.client)} itself among the contacts` : `names no one from ${oneLine(s.client)} (--contact)`;
    warnings.push(`the session ${who}, so the letter opens with "Hello,": add their names with --edit`);
  }

  const apology = answered("apology").flatMap((p) => paragraphs(String(p.value)));
  for (const lines of apology) para(...lines);

  const heard = answered("heard").flatMap(quoted);
  const feelings = answered("feeling").flatMap(quoted);
  // Notes taken about them ("They felt let down") read wrong when the letter says "You told us:" above them.
  const noteAbout = aboutThem(names);
  const noted = [...answered("heard"), ...answered("feeling")].find((p) => noteAbout.test([p.value].flat().join("\n")));
  if (noted) {
    warnings.push(
      `what the letter quotes back under "What you told us" reads as a note about them ("They…", "Their…", "She…" or their name at the start: ${oneLine(noted.message)}): where that means them, put it in their words or yours with --edit before you send this`,
    );
  }
  const next = nextUpdate(marked, doc.commitments);
  const problem = problemBlocks(marked, next?.due);
  const commitments = letterCommitments(marked, doc.commitments, next?.prompt);
  const done = commitments.filter((c) => c.status === "done");
  const open = commitments.filter((c) => c.status === "open");
  // A promise "by" a day before the call itself is one the client can already see was broken.
  const callDay = toIsoDate(new Date(Date.parse(s.startedAt)));
  // And one on a day gone by since: a letter written days after the call would promise it anew.
  const past = (due: string) => (due < callDay ? "before the call itself" : opts.today !== undefined && due < opts.today ? `already past (today is ${opts.today})` : undefined);
  for (const c of open) {
    const when = past(c.due);
    if (when) warnings.push(`"${oneLine(c.what)}" is due ${c.due}, ${when}: change the date with \`trust actions edit ${shortId(c.id)} --due …\` before you send this`);
  }
  const nextPast = next ? past(next.due) : undefined;
  if (next && nextPast) {
    const change = next.id ? `change the date with \`trust actions edit ${shortId(next.id)} --due …\`` : "give a later day with --edit";
    warnings.push(`the next update is promised by ${next.due}, ${nextPast}: ${change} before you send this`);
  }

  const parts = [
    heard.length + feelings.length > 0 ? "what you told us" : "",
    done.length > 0 ? "what we have done" : "",
    open.length > 0 ? "what we will do" : "",
    next ? "when you will hear from us next" : "",
  ].filter((x) => x !== "");
  const day = formatDayOf(Date.parse(s.startedAt), "long");
  para(`Thank you for talking with us on ${day}.${parts.length > 0 ? ` This letter sets down ${joinNames(parts)}.` : ""}`);

  if (heard.length + feelings.length > 0) {
    blocks.push({ kind: "heading", text: "What you told us" });
    if (heard.length > 0) para("You told us:");
    blocks.push(...heard);
    if (feelings.length > 0) para(heard.length > 0 ? "You also told us how it has been for you:" : "You told us how it has been for you:");
    blocks.push(...feelings);
  }
  blocks.push(...problem);
  if (done.length > 0) {
    blocks.push({ kind: "heading", text: "What we have done" }, { kind: "list", items: done.map(doneLine) });
  }
  if (open.length > 0) {
    blocks.push({ kind: "heading", text: "What we will do" }, { kind: "list", items: open.map(openLine) });
  }
  if (next) {
    const who = next.owner === undefined || sameName(next.owner, from.name) || sameName(next.owner, s.owner) ? "me" : oneLine(next.owner);
    blocks.push({ kind: "heading", text: "When you will hear from us next" });
    para(`You will hear from ${who} by ${formatDay(next.due, "long")}, whether or not there is news.`);
  }

  para("If anything here does not match what you told us, please reply and we will put it right.");
  para("Kind regards,");
  para(...[from.name, ...(from.email ? [from.email] : [])]);

  if (marked.length === 0) {
    warnings.push("nothing answered on this call is marked for the letter (letter: in the playbook), so it holds only a greeting, the commitments and a signature: write the rest with --edit");
  } else {
    if (apology.length === 0) warnings.push("no apology was recorded in the words said (a prompt marked letter: apology), so the letter has none: trust writes no apology for you; add yours with --edit");
    if (!next) warnings.push("no day for the next update was recorded (a prompt marked letter: next), so the letter gives none");
  }

  const subject = `${s.rehearsal ? "Rehearsal, do not send: " : ""}${oneLine(s.incident)}: following up on our call`;
  return { subject, blocks, to: contacts.map(personOf), from, rehearsal: s.rehearsal, warnings };
}

/** The signer: the owner as the people file knows them, without the email in a redacted letter. */
function signer(doc: ExportDocument, given: Person | undefined): Person {
  const name = oneLine(given?.name ?? doc.session.owner);
  return given?.email && !doc.redacted ? { name, email: given.email } : { name };
}

/**
 * How a contact is greeted: by first name ("Priya" for Priya Raman), or by the whole name when it
 * is one word, starts with a title or with no letter, or is written "Raman, Priya". An email
 * address is no name.
 */
export function greetingName(p: Pick<Person, "name">): string | undefined {
  const name = naturalOrder(oneLine(p.name));
  if (name === "" || name.includes("@")) return undefined;
  const words = name.split(" ");
  if (words.length === 1 || name.includes(",") || TITLE.test(words[0]!) || !/\p{L}/u.test(words[0]!)) return name;
  return words[0];
}

const SUFFIX = /^(jr|sr|ii|iii|iv|phd|md|esq)\.?$/i;
const NAME_WORD = /^\p{L}[\p{L}\p{M}.'’-]*$/u;

/**
 * A name in a directory's order ("Raman, Priya", as mail clients and CRMs list people) put in the
 * order a greeting uses ("Priya Raman"), and a suffix after a comma left out ("John Smith, Jr."):
 * greeted as given, "Dear Raman, Priya and Sam" read as three people. Anything else with a comma
 * (more words, digits) is left as it is.
 */
function naturalOrder(name: string): string {
  const comma = name.indexOf(",");
  if (comma < 0) return name;
  const before = name.slice(0, comma).trim();
  const after = name.slice(comma + 1).trim();
  const last = before.split(" ");
  const given = after.split(" ");
  if (before !== "" && given.every((w) => SUFFIX.test(w))) return before;
  if (last.length > 2 || given.length > 3 || ![...last, ...given].every((w) => NAME_WORD.test(w))) return name;
  return `${after} ${before}`;
}

/**
 * The contacts once each: two entries with one address (in any case) are one person, named as
 * first given, so neither the greeting nor To: has them twice.
 */
function oneEach<T extends { name: string; email?: string | null }>(contacts: readonly T[]): T[] {
  const seen = new Set<string>();
  return contacts.filter((c) => {
    if (!c.email) return true;
    const key = c.email.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// What follows a company's name in the name of one of its shared mailboxes: "Acme Support".
const MAILBOX = /^(team|support|ops|operations|it|help ?desk|service ?desk|billing|finance|accounts|admin|office|info|contact|security|legal)$/i;

/**
 * Whether a contact's name is the client's own ("Acme", "ACME Team", "Acme Support"): a shared
 * mailbox, still written to, but never greeted ("Dear Acme,"), since a letter of apology is
 * to the people who were on the call.
 */
function namesCompany(name: string, client: string): boolean {
  const contact = clientKey(oneLine(name));
  const company = clientKey(oneLine(client));
  if (company === "" || !contact.startsWith(company)) return false;
  const rest = contact.slice(company.length).trim();
  return rest === "" || (contact[company.length] === " " && MAILBOX.test(rest));
}

/** The names a letter greets: first names, or whole names when two people share a first name. */
function greetingNames(people: ReadonlyArray<Pick<Person, "name">>): string[] {
  const named = people.filter((p) => greetingName(p) !== undefined);
  const first = named.map((p) => greetingName(p)!);
  const shared = new Set(first.map((n) => n.toLowerCase())).size < first.length;
  return shared ? named.map((p) => naturalOrder(oneLine(p.name))) : first;
}

/** "Priya", "Priya and Sam", "Priya, Sam and Jo". */
function joinNames(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** An answer in the client's words: a list as a list, a text as a quote. */
function quoted(p: ExportPrompt): LetterBlock[] {
  if (Array.isArray(p.value)) {
    const items = p.value.map((v) => oneLine(String(v))).filter((v) => v !== "");
    return items.length > 0 ? [{ kind: "list", items }] : [];
  }
  const lines = textLines(String(p.value));
  return lines.length > 0 ? [{ kind: "quote", lines }] : [];
}

/**
 * The problem statement, only when the client agreed with it (the confirm marked `agreed` says
 * yes). When they did not, or it is not known, the letter says so, and nothing of what was noted
 * about the disagreement; it promises to come back to it only by the next update's day (`by`),
 * a promise with a date and an owner, never an open-ended one (LETTERS.md: vague promises).
 */
function problemBlocks(marked: ExportPrompt[], by: string | undefined): LetterBlock[] {
  const agreed = marked.filter((p) => p.letter === "agreed");
  const confirm = agreed.find((p) => p.type === "confirm");
  const statement = agreed.find((p) => p.type !== "confirm" && p.status === "answered" && !p.redacted && typeof p.value === "string" && p.value.trim() !== "");
  const yes = confirm?.status === "answered" && confirm.value === true;
  if (statement && yes) {
    return [
      { kind: "heading", text: "The problem" },
      { kind: "paragraph", lines: ["On the call we agreed on the problem, in one sentence:"] },
      { kind: "quote", lines: textLines(String(statement.value)) },
    ];
  }
  if (statement || (confirm?.status === "answered" && confirm.value === false)) {
    return [
      { kind: "heading", text: "The problem" },
      {
        kind: "paragraph",
        lines: [
          by === undefined
            ? "We have not yet agreed with you how to put the problem in one sentence."
            : `We have not yet agreed with you how to put the problem in one sentence. We will come back to you on it by ${formatDay(by, "long")}, with our next update.`,
        ],
      },
    ];
  }
  return [];
}

interface NextUpdate {
  prompt: string;
  due: string;
  owner?: string;
  /** The commitment that tracks it, when one does. */
  id?: string;
}

/**
 * The next update: only ever the answer to the prompt marked `next`, or the open commitment that
 * answer became (it may have been moved since). Nothing else gives a date.
 */
function nextUpdate(marked: ExportPrompt[], commitments: ExportCommitment[]): NextUpdate | undefined {
  const prompt = marked.find((p) => p.letter === "next" && p.status === "answered" && !p.redacted && typeof p.value === "string");
  if (!prompt) return undefined;
  const tracked = commitments.find((c) => c.prompt === prompt.id && c.status === "open");
  return tracked ? { prompt: prompt.id, due: tracked.due, owner: tracked.owner, id: tracked.id } : { prompt: prompt.id, due: String(prompt.value) };
}

/** The commitments of prompts marked `doing`; all of them for a session whose playbook marks nothing. */
function letterCommitments(marked: ExportPrompt[], commitments: ExportCommitment[], nextPrompt: string | undefined): ExportCommitment[] {
  const doing = new Set(marked.filter((p) => p.letter === "doing").map((p) => p.id));
  if (marked.length === 0) return commitments.filter((c) => c.prompt !== nextPrompt);
  return commitments.filter((c) => doing.has(c.prompt));
}

function openLine(c: ExportCommitment): string {
  return `${oneLine(c.what)} (${oneLine(c.owner)}, by ${formatDay(c.due, "long")})`;
}

function doneLine(c: ExportCommitment): string {
  const when = c.doneAt === null ? "" : `, done on ${formatDayOf(Date.parse(c.doneAt), "long")}`;
  return `${oneLine(c.what)} (${oneLine(c.owner)}${when})`;
}

function sameName(a: string, b: string): boolean {
  return oneLine(a).toLowerCase() === oneLine(b).toLowerCase();
}
