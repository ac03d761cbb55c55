import type { GlobalOptions } from "../cli.js";
import { now } from "../clock.js";
import type { ClientFormat } from "../clients/formats.js";
import { findClient } from "../clients/lookup.js";
import { clientPage } from "../clients/page.js";
import { clientMarkdown, renderClientPage } from "../clients/render.js";
import { NotFoundError } from "../errors.js";
import { visibleLine } from "../format/visible.js";
import { paintFor } from "../output.js";
import { clientNames, clientRows, currentName, spellingsOf } from "../store/client-history.js";
import { resolveDbPath } from "../store/paths.js";
import { openReader } from "../store/reader.js";

export interface ClientOptions extends GlobalOptions {
  format?: ClientFormat;
  json?: boolean;
  rehearsals?: boolean;
}

/**
 * `trust client <name>`: one client's calls, commitments, letters and people. The name matches
 * in any case; an unknown one is not found (exit 4) with the nearest known names. Names go to
 * stderr with their controls made visible: a stored name may hold an escape sequence or a newline.
 */
export async function client(opts: ClientOptions, name: string): Promise<void> {
  const format: ClientFormat = opts.json ? "json" : (opts.format ?? "table");
  const includeRehearsals = opts.rehearsals ?? false;
  const db = await openReader(resolveDbPath(opts));
  let page;
  try {
    const lookup = db
      ? findClient(
          { spellingsOf: (n) => spellingsOf(db, n), all: () => clientNames(db), current: (n) => currentName(db, n, includeRehearsals) },
          name,
        )
      : { spellings: [], suggestions: [] };
    // The names found may have only rehearsals, which the rows then leave out.
    const rows = lookup.spellings.length > 0 ? clientRows(db!, lookup.spellings, includeRehearsals) : undefined;
    if (!rows || rows.sessions.length === 0) {
      const near = "suggestions" in lookup ? lookup.suggestions : [];
      const typed = visibleLine(name.trim());
      const quoted = (n: string) => `"${visibleLine(n)}"`;
      throw new NotFoundError(`no calls with a client named "${typed}"${includeRehearsals ? "" : " (rehearsals left out)"}`, {
        hint: rows && !includeRehearsals
          ? `${quoted(lookup.spellings[0]!)} has only rehearsal runs: add --rehearsals to see them.`
          : near.length
            ? `Did you mean ${near.map(quoted).join(", ")}?`
            : "List the clients with `trust clients`.",
      });
    }
    page = clientPage(rows, { client: name.trim(), now: now(), includeRehearsals });
  } finally {
    db?.close();
  }
  if (format === "json") process.stdout.write(JSON.stringify(page, null, 2) + "\n");
  else if (format === "md") process.stdout.write(clientMarkdown(page));
  else process.stdout.write(renderClientPage(page, paintFor(process.stdout, opts), process.stdout.isTTY === true) + "\n");
}
