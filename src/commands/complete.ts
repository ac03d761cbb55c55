import { visibleLine } from "../format/visible.js";
import { listPlaybooks } from "../playbook/catalog.js";
import { DYNAMIC_KINDS, type DynamicKind } from "../completion/tree.js";
import { actionIds, clientNames, sessionIds } from "../store/completion.js";
import type { CommandOptions } from "./options.js";
import type { Printed } from "./printed.js";
import { readingDb } from "./store-access.js";

export type CompleteOptions = CommandOptions<"__complete">;

/**
 * `trust __complete KIND -- PREFIX` (hidden): what Tab offers after `trust show `, `--client ` and
 * the like, one per line, for the scripts of `trust completion`. Silent on every problem (no
 * database yet, a locked or damaged file): a completion prints candidates or nothing, never an
 * error in the middle of the line being typed.
 */
export async function complete(opts: CompleteOptions, kind: string, prefix = ""): Promise<Printed> {
  if (!(DYNAMIC_KINDS as readonly string[]).includes(kind)) return { stdout: "" };
  try {
    const found = await candidates(opts, kind as DynamicKind, prefix);
    // The shell shows candidates raw: a name holding a control character (an escape sequence, a
    // line break that would split it in two, a bidi override) is left out rather than printed.
    const lines = found.filter((c) => visibleLine(c) === c);
    return { stdout: lines.length ? `${lines.join("\n")}\n` : "" };
  } catch {
    return { stdout: "" };
  }
}

async function candidates(opts: CompleteOptions, kind: DynamicKind, prefix: string): Promise<string[]> {
  if (kind === "playbook") {
    const entries = await listPlaybooks({ userDir: opts.playbooks });
    return [...new Set(entries.map((e) => e.id))].filter((id) => id.startsWith(prefix)).sort();
  }
  return readingDb(opts, (db) => {
    if (!db) return [];
    if (kind === "session") return sessionIds(db, prefix);
    if (kind === "action") return actionIds(db, prefix);
    return clientNames(db, prefix);
  });
}
