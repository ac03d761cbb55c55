import { visible } from "../format/visible.js";
import { formatPerson } from "../session/person.js";
import { formatDuration } from "../session/time.js";
import { bulletLines, promptMarkdown } from "./answer-markdown.js";
import { formatDateTime, formatDay, formatDayOf } from "./dates.js";
import { escapeCell, escapeHeading, escapeInline, escapeLines } from "./escape.js";
import type { ExportDocument, ExportPrompt, ExportRating, ExportStep, ExportTrust } from "./export-model.js";
import { buildLetter, type LetterOptions } from "./letter.js";
import { renderLetterMarkdown } from "./letter-markdown.js";
import { shortId } from "../session/id-format.js";

/**
 * The markdown export: for the team, a full summary of the call; for the client, a letter
 * (see letter.ts). Pure: the same document always gives the same text, and the only times
 * in it are the session's own.
 */

/** Renders an export document as markdown for its audience; `letter` says who signs a client letter. */
export function renderMarkdown(doc: ExportDocument, letter: LetterOptions = {}): string {
  // Markdown files get cat'ed to terminals: no control character people typed reaches one.
  return doc.audience === "client" ? renderLetterMarkdown(buildLetter(doc, letter)) : visible(renderTeam(doc));
}

const STATUS_WORDS = { in_progress: "in progress", completed: "completed" } as const;

function renderTeam(doc: ExportDocument): string {
  const s = doc.session;
  const out: string[] = [`# Trust repair: ${escapeHeading(s.client)} — ${escapeHeading(s.incident)}`, ""];

  const meta: Array<[string, string]> = [
    ["Client", escapeInline(s.client)],
    ["Incident", escapeInline(s.incident)],
  ];
  if (s.severity) meta.push(["Severity", s.severity]);
  meta.push(["Owner", escapeInline(s.owner)]);
  if (s.contacts.length > 0) meta.push([`From ${escapeInline(s.client)}`, s.contacts.map((p) => escapeInline(formatPerson(p))).join(", ")]);
  if (s.attendees.length > 0) meta.push(["Attendees", s.attendees.map((p) => escapeInline(formatPerson(p))).join(", ")]);
  meta.push(
    ["Playbook", `${escapeInline(doc.playbook.title)} (${escapeInline(doc.playbook.id)}, version ${doc.playbook.version})`],
    ["Started", formatDateTime(Date.parse(s.startedAt))],
    // A file run answers everything at one instant: it has no call time to show.
    ["Duration", s.source === "file" ? "none: run from an answers file" : `${formatDuration(s.activeMs)} on the call`],
    ["Status", STATUS_WORDS[s.status]],
  );
  if (s.rehearsal) meta.push(["Rehearsal", "yes, a practice run"]);
  out.push(...meta.map(([k, v]) => `- **${k}:** ${v}`), "");

  const ratings = ratingLines(doc.trust ?? null, doc.ratings ?? []);
  if (ratings.length > 0) out.push(...ratings, "");

  doc.steps.forEach((step, i) => out.push(...stepMarkdown(step, i + 1)));
  out.push(...commitmentsMarkdown(doc), ...generalNotes(doc), ...footer(doc));
  return out.join("\n");
}

/** The trust line (before → after, change) and any other metric, one line each. */
function ratingLines(trust: ExportTrust | null, ratings: ExportRating[]): string[] {
  const lines: string[] = [];
  if (trust) {
    const point = (metric: string, value: number | null) => {
      const r = ratings.findLast((x) => x.metric === metric);
      return value === null || !r ? "not rated" : scaleValue(r);
    };
    const change = trust.change === null ? "" : ` (${trust.change === 0 ? "no change" : `${trust.change > 0 ? "+" : ""}${trust.change}`})`;
    lines.push(`**Trust:** ${point("trust_before", trust.before)} before the call → ${point("trust_after", trust.after)} after${change}`);
  }
  for (const r of ratings) {
    if (r.metric === "trust_before" || r.metric === "trust_after") continue;
    lines.push(`**Rating ${escapeInline(r.metric)}:** ${scaleValue(r)}`);
  }
  // Consecutive lines would join into one paragraph: keep each on its own.
  return lines.flatMap((l, i) => (i === 0 ? [l] : ["", l]));
}

function scaleValue(r: ExportRating): string {
  return `${r.value} / ${r.max}${r.label ? ` (${escapeInline(r.label)})` : ""}`;
}

function stepMarkdown(step: ExportStep, n: number): string[] {
  const out = [`## ${n}. ${escapeHeading(step.title)}`, ""];
  if (step.skipped) out.push("_Skipped on the call._", "");
  const prompts = (list: ExportPrompt[]) =>
    list.flatMap((p) => [...promptMarkdown(p, p.internal ? " _(internal)_" : ""), ""]);

  out.push(...prompts(step.prompts.filter((p) => p.category === null)));
  const facts = step.prompts.filter((p) => p.category === "fact");
  if (facts.length > 0) out.push("### Facts", "", ...prompts(facts));
  const feelings = step.prompts.filter((p) => p.category === "feeling");
  if (feelings.length > 0) out.push("### Feelings", "", ...prompts(feelings));
  const notes = step.notes ?? [];
  if (notes.length > 0) out.push("### Notes", "", ...notes.flatMap((n) => bulletLines(escapeLines(n.text))), "");
  if (out.length === 2) out.push("_Nothing was recorded in this step._", "");
  return out;
}

function commitmentsMarkdown(doc: ExportDocument): string[] {
  const out = ["## Commitments", ""];
  if (doc.commitments.length === 0) return [...out, "_No commitments were recorded._", ""];
  out.push("| What | Owner | Due | Status |", "| --- | --- | --- | --- |");
  for (const c of doc.commitments) {
    let status = "open";
    if (c.status === "done") {
      status = c.doneAt === null ? "done" : `done ${formatDayOf(Date.parse(c.doneAt))}`;
      if (c.doneNote) status += ` — ${c.doneNote}`;
    } else if (c.status === "cancelled") {
      status = c.cancelReason ? `cancelled — ${c.cancelReason}` : "cancelled";
    }
    out.push(`| ${escapeCell(c.what)} | ${escapeCell(c.owner)} | ${escapeCell(formatDay(c.due))} | ${escapeCell(status)} |`);
  }
  return [...out, ""];
}

function generalNotes(doc: ExportDocument): string[] {
  const notes = doc.notes ?? [];
  if (notes.length === 0) return [];
  return ["## Notes", "", ...notes.flatMap((n) => bulletLines(escapeLines(n.text))), ""];
}

function footer(doc: ExportDocument): string[] {
  const parts = [
    `Generated by trust from session ${shortId(doc.session.id)}, playbook ${escapeInline(doc.playbook.id)} version ${doc.playbook.version}.`,
    "For the team only: it includes internal answers and notes.",
  ];
  if (doc.redacted) parts.push("Sensitive answers, email addresses, phone numbers, card numbers and IBANs are redacted.");
  return ["---", "", `_${parts.join(" ")}_`, ""];
}
