import { answerBlock, bulletLines, inlineAnswer } from "./answer-markdown.js";
import { formatDay, formatDayOf } from "./dates.js";
import { escapeHeading, escapeInline, escapeLines } from "./escape.js";
import type { ExportCommitment, ExportDocument, ExportPrompt } from "./export-model.js";
import { shortId } from "../session/model.js";

/**
 * The client version of an export: a letter, not a dump of answers. It is built from the same
 * document (already stripped of internal prompts, ratings, severity and notes) and stays generic
 * across playbooks by going on prompt types and categories only:
 * - "What we heard from you": answers marked `fact` or `feeling`. Feelings appear only in the
 *   client's own words (text, long text, lists); a picked mood or a yes/no about their feelings
 *   is our reading of them and stays out. Free-text facts stand alone; any other fact keeps its
 *   question, since "12 invoices" means nothing without it.
 * - "When you will hear from us next": the last date asked in the playbook that is neither a
 *   fact nor internal (by convention, the next contact), else the earliest open commitment.
 */

const FREE_TEXT = new Set(["text", "longtext", "list"]);
/** Long texts and lists read as sentences of their own; anything shorter needs its question. */
const STANDALONE = new Set(["longtext", "list"]);

/** Renders a client-audience export document as a letter in markdown. */
export function renderLetter(doc: ExportDocument): string {
  const s = doc.session;
  const client = escapeInline(s.client);
  const incident = escapeInline(s.incident);
  const prompts = doc.steps.flatMap((step) => step.prompts).filter((p) => p.status === "answered" && !p.internal);
  const out: string[] = [`# Following up: ${escapeHeading(s.incident)}`, ""];
  if (s.rehearsal) out.push("_This is from a rehearsal, not a real call: please do not send it._", "");

  out.push(
    `Dear ${client},`,
    "",
    `Thank you for taking the time to talk with us on ${formatDayOf(Date.parse(s.startedAt), "long")} about what happened: ${incident}. ` +
      "We know it caused real trouble for you, and we are sorry. This letter sums up what we heard from you, " +
      "what we are doing about it, and when you will hear from us next.",
    "",
  );

  const facts = prompts.filter((p) => p.category === "fact").flatMap(heardLines);
  const feelings = prompts.filter((p) => p.category === "feeling" && FREE_TEXT.has(p.type)).flatMap(heardLines);
  if (facts.length + feelings.length > 0) {
    out.push("## What we heard from you", "");
    if (facts.length > 0) out.push("Here is what we noted on the call, so you can check that we have it right:", "", ...facts, "");
    if (feelings.length > 0) out.push(`${facts.length > 0 ? "And how" : "How"} it has been for you, as we understood it:`, "", ...feelings, "");
  }

  out.push("## What we are doing", "");
  if (doc.commitments.length === 0) {
    out.push("We did not agree on specific actions during the call. We will write to you with them separately.", "");
  } else {
    out.push(...doc.commitments.map(commitmentLine), "");
  }

  const next = nextContact(prompts, doc.commitments);
  if (next) {
    out.push("## When you will hear from us next", "", `${escapeInline(s.owner)} will be in touch by ${formatDay(next, "long")}, whether or not there is news.`, "");
  }

  out.push(
    "If anything here does not match what you told us, please reply and we will put it right. " +
      "Thank you for your patience, and for being open with us.",
    "",
    "Kind regards,",
    "",
    escapeInline(s.owner),
    "",
    "---",
    "",
    `_Summary of our call on ${formatDayOf(Date.parse(s.startedAt))}, reference ${shortId(s.id)}._`,
    "",
  );
  return out.join("\n");
}

/** A fact or feeling as list items: long texts and lists on their own, anything else after its question. */
function heardLines(p: ExportPrompt): string[] {
  if (p.redacted) return [];
  if (STANDALONE.has(p.type)) {
    if (Array.isArray(p.value)) return p.value.map((v) => `- ${escapeInline(String(v))}`);
    if (typeof p.value === "string") return bulletLines(escapeLines(p.value));
  }
  const inline = inlineAnswer(p);
  const question = escapeInline(p.message) + (/[?:.!]$/.test(p.message.trim()) ? "" : ":");
  if (inline !== null) return [`- ${question} ${inline}`];
  if (p.type === "checklist") {
    const ticked = (p.choices ?? []).filter((c) => c.ticked).map((c) => escapeInline(c.label));
    return ticked.length > 0 ? [`- ${question} ${ticked.join("; ")}`] : [];
  }
  return [`- ${question}`, ...answerBlock(p).map((l) => `  ${l}`)];
}

function commitmentLine(c: ExportCommitment): string {
  const due = c.status === "done" ? "done" : `by ${formatDay(c.due, "long")}`;
  return `- ${escapeInline(c.what)} (${escapeInline(c.owner)}, ${due})`;
}

/** The date of the next contact as YYYY-MM-DD, or undefined when nothing says. */
function nextContact(prompts: ExportPrompt[], commitments: ExportCommitment[]): string | undefined {
  const asked = prompts.filter((p) => p.type === "date" && p.category === null && typeof p.value === "string").at(-1);
  if (asked) return asked.value as string;
  return commitments
    .filter((c) => c.status === "open")
    .map((c) => c.due)
    .sort()[0];
}
