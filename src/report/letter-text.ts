import { displayWidth, wrapText } from "../format/text.js";
import { visible } from "../format/visible.js";
import type { LetterBlock, LetterContent } from "./letter.js";

/**
 * The letter as plain text, for a mail client or a ticket: no markup, every line at most 72
 * columns (measured as a terminal shows them, so wide characters count twice), quotes indented,
 * list items with a hanging indent. Pure.
 */

const TEXT_WIDTH = 72;

/** Renders a letter as plain text; `title: false` leaves the subject out (an email has it as its Subject). */
export function renderLetterText(letter: LetterContent, opts: { title?: boolean } = {}): string {
  const blocks = opts.title === false ? [] : [[...wrap(letter.subject), "=".repeat(Math.min(TEXT_WIDTH, displayWidth(letter.subject)))]];
  blocks.push(...letter.blocks.map(blockText));
  // The letter's text is already clean (letter-text-clean.ts); an edited letter read back may not be.
  return visible(blocks.map((b) => b.join("\n")).join("\n\n") + "\n");
}

function blockText(block: LetterBlock): string[] {
  switch (block.kind) {
    case "heading":
      return [...wrap(block.text), "-".repeat(Math.min(TEXT_WIDTH, displayWidth(block.text)))];
    case "paragraph":
      return block.lines.flatMap((l) => wrap(l));
    case "quote":
      return block.lines.flatMap((l) => (l === "" ? [""] : wrap(l, "    ")));
    case "list":
      return block.items.flatMap((item, i) => {
        const marker = block.ordered ? `${i + 1}. ` : "- ";
        return wrap(item, " ".repeat(marker.length), marker);
      });
  }
}

function wrap(text: string, indent = "", first = indent): string[] {
  return wrapText(text, TEXT_WIDTH, indent, first);
}
