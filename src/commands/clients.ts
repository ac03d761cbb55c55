import { now } from "../clock.js";
import { clientsOverview } from "../clients/overview.js";
import { renderClients } from "../clients/render.js";
import { fitWidth, paintFor } from "../output.js";
import { toIsoDate } from "../session/time.js";
import { clientsOverview as overviewRows, readableOr } from "../store/client-history.js";
import type { CommandOptions } from "./options.js";
import { printJson, printNothing, type Printed } from "./printed.js";
import { readingDb } from "./store-access.js";
import { stdoutTerminal } from "../standard-streams.js";

export type ClientsOptions = CommandOptions<"clients">;

/** `trust clients`: one line per client, the ones most at risk first (see src/clients/overview.ts). */
export async function clients(opts: ClientsOptions): Promise<Printed> {
  const t = now();
  const includeRehearsals = opts.rehearsals ?? false;
  const overview = await readingDb(opts, (db) => {
    const made = (rows: Parameters<typeof clientsOverview>[0]) => clientsOverview(rows, { now: t, includeRehearsals });
    return db ? readableOr(db, () => made(overviewRows(db, toIsoDate(new Date(t)), includeRehearsals))) : made([]);
  });
  if (opts.json) return printJson(overview);
  if (overview.clients.length === 0) return printNothing("No clients yet. Start a call with: trust start --client <name>");
  return { stdout: renderClients(overview, await paintFor(stdoutTerminal(), opts), fitWidth(stdoutTerminal())) + "\n" };
}
