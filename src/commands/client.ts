import { now } from "../clock.js";
import type { ClientFormat } from "../clients/formats.js";
import { clientPage } from "../clients/page.js";
import { NotFoundError, UsageError } from "../errors.js";
import { visibleLine } from "../format/visible.js";
import { clientsOf, findClientRows, readableOr } from "../store/client-history.js";
import type { CommandOptions } from "./options.js";
import { printJson, type Printed } from "./printed.js";
import { readingDb } from "./store-access.js";
import { stdoutTerminal } from "../standard-streams.js";

export type ClientOptions = CommandOptions<"client">;

/**
 * `trust client <name>`: one client's calls, commitments, letters and people. The name matches
 * in any case; an unknown one is not found (exit 4) with the nearest known names. Names go to
 * stderr with their controls made visible: a stored name may hold an escape sequence or a newline.
 */
export async function client(opts: ClientOptions, name: string): Promise<Printed> {
  // An empty name (an unset variable in a script) names no client: a usage error, not one not found.
  if (name.trim() === "") throw new UsageError("trust client needs a client's name", { hint: "List the clients with `trust clients`." });
  const format: ClientFormat = opts.json ? "json" : (opts.format ?? "table");
  const includeRehearsals = opts.rehearsals ?? false;
  const page = await readingDb(opts, (db) => {
    const found = db ? findClientRows(db, name, includeRehearsals) : { suggestions: [] };
    if (!("rows" in found)) {
      const quoted = (n: string) => `"${visibleLine(n)}"`;
      const { suggestions, rehearsalsOnly } = found as { suggestions: string[]; rehearsalsOnly?: string };
      throw new NotFoundError(`no calls with a client named ${quoted(name.trim())}${includeRehearsals ? "" : " (rehearsals left out)"}`, {
        hint: rehearsalsOnly
          ? `${quoted(rehearsalsOnly)} has only rehearsal runs: add --rehearsals to see them.`
          : suggestions.length
            ? `Did you mean ${suggestions.map(quoted).join(", ")}?`
            : "List the clients with `trust clients`.",
      });
    }
    return readableOr(db!, () => clientPage(found.rows, { client: name.trim(), now: now(), includeRehearsals }), clientsOf(found.rows));
  });
  if (format === "json") return printJson(page);
  // Loaded only for text: a script asking for JSON pays for neither the renderers nor chalk.
  const { clientMarkdown, renderClientPage } = await import("../clients/render.js");
  if (format === "md") return { stdout: clientMarkdown(page) };
  const { fitWidth, paintFor } = await import("../output.js");
  return { stdout: renderClientPage(page, await paintFor(stdoutTerminal(), opts), fitWidth(stdoutTerminal())) + "\n" };
}
