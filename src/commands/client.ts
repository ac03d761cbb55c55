import type { GlobalOptions } from "../cli.js";
import { now } from "../clock.js";
import type { ClientFormat } from "../clients/formats.js";
import { clientPage } from "../clients/page.js";
import { clientMarkdown, renderClientPage } from "../clients/render.js";
import { NotFoundError } from "../errors.js";
import { paintFor } from "../output.js";
import { clientRows, lookUpClient } from "../store/client-history.js";
import { resolveDbPath } from "../store/paths.js";
import { openReader } from "../store/reader.js";

export interface ClientOptions extends GlobalOptions {
  format?: ClientFormat;
  json?: boolean;
  rehearsals?: boolean;
}

/**
 * `trust client <name>`: one client's calls, commitments, letters and people. The name matches
 * in any case; an unknown one is not found (exit 4) with the nearest known names.
 */
export async function client(opts: ClientOptions, name: string): Promise<void> {
  const format: ClientFormat = opts.json ? "json" : (opts.format ?? "table");
  const includeRehearsals = opts.rehearsals ?? false;
  const db = await openReader(resolveDbPath(opts));
  let page;
  try {
    const lookup = db ? lookUpClient(db, name, includeRehearsals) : { spellings: [], suggestions: [] };
    if (lookup.spellings.length === 0) {
      const near = "suggestions" in lookup ? lookup.suggestions : [];
      throw new NotFoundError(`no calls with a client named "${name.trim()}"${includeRehearsals ? "" : " (rehearsals left out)"}`, {
        hint: near.length ? `Did you mean ${near.map((n) => `"${n}"`).join(", ")}?` : "List the clients with `trust clients`.",
      });
    }
    page = clientPage(clientRows(db!, lookup.spellings, includeRehearsals), { client: name.trim(), now: now(), includeRehearsals });
  } finally {
    db?.close();
  }
  if (format === "json") process.stdout.write(JSON.stringify(page, null, 2) + "\n");
  else if (format === "md") process.stdout.write(clientMarkdown(page));
  else process.stdout.write(renderClientPage(page, paintFor(process.stdout, opts), process.stdout.isTTY === true) + "\n");
}
