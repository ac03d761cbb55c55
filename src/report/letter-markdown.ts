import { visible } from "../format/visible.js";
import { escapeHeading, escapeInline, escapeLines } from "./escape.js";
import type { LetterBlock, LetterContent } from "./letter.js";
import { oneLine } from "./letter-text-clean.js";

/**
 * The letter as markdown, and markdown read back into a letter. The draft a person edits
 * (`trust letter --edit`) is this markdown; for the html and eml formats it is read back and
 * rendered again, so what they wrote is what is sent.
 *
 * The reader knows what the writer writes: a `# ` title, `## ` headings, paragraphs (a line
 * ending in a backslash or two spaces keeps its break), `- ` and `1. ` lists with indented
 * continuation lines, and `> ` quotes; a backslash before punctuation is the punctuation. Any
 * other markup (emphasis, links, HTML) stays the text it is, so nothing typed on the call or in
 * the editor can become markup in the html or the email.
 */

/** Renders a letter as markdown: its subject as the title, then its body. */
export function renderLetterMarkdown(letter: LetterContent): string {
  // The letter's text is already clean (letter-text-clean.ts); an edited letter read back may not be.
  return visible([`# ${escapeHeading(letter.subject)}`, ...letter.blocks.map(blockMarkdown)].join("\n\n") + "\n");
}

function blockMarkdown(block: LetterBlock): string {
  switch (block.kind) {
    case "heading":
      return `## ${escapeHeading(block.text)}`;
    case "paragraph":
      return escapeLines(block.lines.join("\n")).join("\n");
    case "quote":
      return escapeLines(block.lines.join("\n"))
        .map((l) => (l === "" ? ">" : `> ${l}`))
        .join("\n");
    case "list":
      return block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : "-"} ${escapeInline(item)}`).join("\n");
  }
}

/** A letter read back from markdown; `subject` is undefined when the text has no `# ` title. */
export function readLetterMarkdown(text: string): { subject: string | undefined; blocks: LetterBlock[] } {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  let subject: string | undefined;
  const blocks: LetterBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === "") {
      i++;
      continue;
    }
    const heading = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$/.exec(line);
    if (heading) {
      const content = oneLine(unescape(stripClosingHashes(heading[2] ?? "")));
      if (heading[1] === "#" && subject === undefined && blocks.length === 0) subject = content;
      else blocks.push({ kind: "heading", text: content });
      i++;
      continue;
    }
    if (/^ {0,3}>/.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && /^ {0,3}>/.test(lines[i]!)) quoted.push(lines[i++]!.replace(/^ {0,3}> ?/, ""));
      blocks.push({ kind: "quote", lines: joinLines(quoted) });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      const ordered = /\d/.test(item[1]!);
      const items: string[][] = [];
      while (i < lines.length) {
        const l = lines[i]!;
        const next = LIST_ITEM.exec(l);
        if (next && /\d/.test(next[1]!) === ordered) items.push([next[2]!]);
        else if (l.trim() !== "" && /^\s/.test(l) && items.length > 0) items.at(-1)!.push(l.trim());
        // A blank line between two items keeps the list going.
        else if (l.trim() === "" && LIST_ITEM.test(lines[i + 1] ?? "") && /\d/.test(LIST_ITEM.exec(lines[i + 1]!)![1]!) === ordered) {
          /* skip */
        } else break;
        i++;
      }
      blocks.push({ kind: "list", items: items.map((it) => joinLines(it).filter((l) => l !== "").join(" ")), ...(ordered ? { ordered } : {}) });
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== "" && !startsBlock(lines[i]!)) para.push(lines[i++]!);
    blocks.push({ kind: "paragraph", lines: joinLines(para) });
  }
  return { subject, blocks };
}

const LIST_ITEM = /^ {0,3}([-*+]|\d{1,9}[.)])[ \t]+(.*)$/;

function startsBlock(line: string): boolean {
  return /^ {0,3}(#{1,6}([ \t]|$)|>)/.test(line) || LIST_ITEM.test(line);
}

/** "## Title ##": the closing run is not part of the heading (an escaped `\#` is not a closing run). */
function stripClosingHashes(s: string): string {
  return s.replace(/(^|[ \t]+)#+[ \t]*$/, "");
}

/**
 * Lines of one paragraph as the lines a reader sees: a line ending in an unescaped backslash or
 * two spaces breaks there, any other line runs on into the next; a blank line (in a quote) is
 * a new paragraph, kept as "".
 */
function joinLines(raw: string[]): string[] {
  const out: string[] = [];
  let current: string | undefined;
  for (const r of raw) {
    if (r.trim() === "") {
      if (current !== undefined) out.push(current);
      current = undefined;
      if (out.length > 0 && out.at(-1) !== "") out.push("");
      continue;
    }
    let line = r.replace(/^\s+/, "");
    let hard = / {2,}$/.test(line);
    line = line.replace(/\s+$/, "");
    const slashes = /\\*$/.exec(line)![0].length;
    if (slashes % 2 === 1) {
      hard = true;
      line = line.slice(0, -1);
    }
    const text = unescape(line);
    current = current === undefined ? text : `${current} ${text}`;
    if (hard) {
      out.push(current);
      current = undefined;
    }
  }
  if (current !== undefined) out.push(current);
  while (out.at(-1) === "") out.pop();
  return out.map(oneLine);
}

/** CommonMark's backslash escapes: a backslash before ASCII punctuation stands for the punctuation. */
function unescape(s: string): string {
  return s.replace(/\\([!-/:-@[-`{-~])/g, "$1");
}
