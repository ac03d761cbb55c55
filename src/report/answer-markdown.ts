import { formatDay } from "./dates.js";
import { escapeInline, quoteBlock } from "./escape.js";
import type { ExportPrompt } from "./export-model.js";

/**
 * One answer of an export as markdown, the way a person would write it: Yes/No, `4 / 5 (fair)`,
 * a ticked list, a quoted block. Every piece of user or playbook text goes through the escaper.
 */

/** The answer on one line, or null when it needs lines of its own (longtext, list, checklist). */
export function inlineAnswer(p: ExportPrompt): string | null {
  if (p.status === "skipped") return "_skipped_";
  // Our own marker, not user text: no link definition can exist for it, since every `[` typed is escaped.
  if (p.redacted) return "_[redacted]_";
  const v = p.value;
  switch (p.type) {
    case "confirm":
      return v === true ? "Yes" : v === false ? "No" : escapeInline(String(v));
    case "select":
      return escapeInline(p.label ?? String(v));
    case "rating":
      return `${v} / ${p.max}${p.label ? ` (${escapeInline(p.label)})` : ""}`;
    case "number":
      return escapeInline(p.unit ? `${v} ${p.unit}` : String(v));
    case "date":
      return typeof v === "string" ? escapeInline(formatDay(v)) : escapeInline(String(v));
    case "actions": {
      const n = Array.isArray(v) ? v.length : 0;
      return n === 0 ? "_none_" : `${n === 1 ? "one commitment" : `${n} commitments`}, listed under Commitments below`;
    }
    case "longtext":
      return typeof v === "string" && v.trim() !== "" ? null : "_empty_";
    case "list":
    case "checklist":
      return Array.isArray(v) && (v.length > 0 || p.type === "checklist") ? null : "_none_";
    default:
      return escapeInline(String(v));
  }
}

/** The lines of an answer that inlineAnswer leaves out. */
export function answerBlock(p: ExportPrompt): string[] {
  const v = p.value;
  switch (p.type) {
    case "longtext":
      return typeof v === "string" ? quoteBlock(v) : [];
    case "list":
      return Array.isArray(v) ? v.map((entry) => `- ${escapeInline(String(entry))}`) : [];
    case "checklist":
      return (p.choices ?? []).map((c) => `- [${c.ticked ? "x" : " "}] ${escapeInline(c.label)}`);
    default:
      return [];
  }
}

/** A prompt's message as a bold lead-in, with a colon unless it already ends in punctuation. */
export function leadIn(message: string): string {
  const text = escapeInline(message);
  return `**${text}${/[?:.!]$/.test(message.trim()) ? "" : ":"}**`;
}

/** A prompt and its answer as a markdown paragraph, or a lead-in followed by the answer's block. */
export function promptMarkdown(p: ExportPrompt, marker = ""): string[] {
  const inline = inlineAnswer(p);
  return inline === null ? [leadIn(p.message) + marker, "", ...answerBlock(p)] : [`${leadIn(p.message)} ${inline}${marker}`];
}

/** A multi-line text as one list item: continuation lines indented under the first. */
export function bulletLines(lines: string[]): string[] {
  return lines.map((l, i) => (i === 0 ? `- ${l}` : l === "" ? "" : `  ${l}`));
}
