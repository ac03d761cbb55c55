import { escapeHtml, htmlPage } from "../format/html.js";
import type { LetterBlock, LetterContent } from "./letter.js";

/**
 * The letter as one self-contained HTML document: no script, no external resource (a content
 * security policy says so to any browser that opens it), every text escaped, so nothing typed on
 * the call or in the editor becomes an element or an attribute. A word longer than the column
 * (a link, an id pasted whole) breaks where it must rather than run off the page. Pure.
 */

const STYLE = [
  "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;line-height:1.5;color:#1f2328;max-width:40em;margin:2em auto;padding:0 1em;overflow-wrap:anywhere}",
  "h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em}",
  "blockquote{margin:1em 0;padding:0 1em;border-left:3px solid #d0d7de;color:#3d444d}",
].join("");

/** Renders a letter as an HTML document; `title: false` leaves the subject out of the body (an email has it as its Subject). */
export function renderLetterHtml(letter: LetterContent, opts: { title?: boolean } = {}): string {
  const body = [...(opts.title === false ? [] : [`<h1>${escapeHtml(letter.subject)}</h1>`]), ...letter.blocks.map(blockHtml)];
  return htmlPage({ title: escapeHtml(letter.subject), style: STYLE, body });
}

function blockHtml(block: LetterBlock): string {
  switch (block.kind) {
    case "heading":
      return `<h2>${escapeHtml(block.text)}</h2>`;
    case "paragraph":
      return `<p>${lines(block.lines)}</p>`;
    case "quote": {
      const paras: string[][] = [[]];
      for (const l of block.lines) {
        if (l === "") paras.push([]);
        else paras.at(-1)!.push(l);
      }
      return `<blockquote>\n${paras.filter((p) => p.length > 0).map((p) => `<p>${lines(p)}</p>`).join("\n")}\n</blockquote>`;
    }
    case "list": {
      const tag = block.ordered ? "ol" : "ul";
      return `<${tag}>\n${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join("\n")}\n</${tag}>`;
    }
  }
}

function lines(ls: string[]): string {
  return ls.map(escapeHtml).join("<br>\n");
}
