import { now } from "../clock.js";
import { renderTable } from "../format/table.js";
import { visibleLine } from "../format/visible.js";
import { fitWidth, paintFor } from "../output.js";
import { sessionJson } from "../json/session.js";
import { timeWindow } from "./time-window.js";
import { shortId } from "../session/id-format.js";
import type { CommandOptions } from "./options.js";
import { printJson, printNothing, type Printed } from "./printed.js";
import { readingStore } from "./store-access.js";
import { stdoutTerminal } from "../standard-streams.js";

export type SessionsOptions = CommandOptions<"sessions">;

/** `trust sessions`: newest first, filtered. */
export async function sessions(opts: SessionsOptions): Promise<Printed> {
  const t = new Date(now());
  const filter = {
    client: opts.client,
    status: opts.status,
    playbook: opts.playbook,
    ...timeWindow(opts, t),
    source: opts.source === "all" ? undefined : opts.source,
    includeRehearsals: opts.rehearsals ?? false,
  };
  const list = await readingStore(opts, (store) => store.listSessions(filter));
  if (opts.json) return printJson(list.map(sessionJson));
  if (list.length === 0) {
    // With a filter, sessions may well exist: starting one is no answer to a search that found none.
    const { includeRehearsals: _all, ...chosen } = filter;
    const filtered = Object.values(chosen).some((v) => v !== undefined);
    return printNothing(filtered ? "No sessions match these filters." : "No sessions match. Start one with: trust start");
  }
  const paint = await paintFor(stdoutTerminal(), opts);
  const rows = list.map((s) => [
    shortId(s.id),
    new Date(s.startedAt).toISOString().slice(0, 16).replace("T", " "),
    s.status.replace("_", " ") + (s.rehearsal ? " (rehearsal)" : "") + (s.source === "file" ? " (file)" : ""),
    visibleLine(s.client),
    visibleLine(s.incident),
    visibleLine(s.playbookId),
  ]);
  return { stdout: renderTable(["ID", "STARTED (UTC)", "STATUS", "CLIENT", "INCIDENT", "PLAYBOOK"], rows, {
    bold: paint.bold,
    columns: fitWidth(stdoutTerminal()),
    // The playbook is an id, never cut; the client and the incident give way.
    text: [3, 4],
  }) + "\n" };
}
