/** Escapes text for HTML content and attribute values (double- or single-quoted): nothing typed becomes markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/**
 * A self-contained page (a letter, the report): its own style and nothing else. The content
 * security policy forbids every fetch and every script, so an attachment opened anywhere stays
 * what it is. `title` and `meta` go in as given: the caller escapes what people typed.
 */
export function htmlPage(page: { title: string; style: string; body: readonly string[]; meta?: readonly string[] }): string {
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    ...(page.meta ?? []),
    `<title>${page.title}</title>`,
    `<style>${page.style}</style>`,
    "</head>",
    "<body>",
    ...page.body,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
