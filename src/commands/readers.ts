import { parseOptions, type CommandOptions } from "./options.js";
import { emit, type Printed } from "./printed.js";

/**
 * The commands that only read the store, as commander's actions call them and as the quick way in
 * (src/fast/read-main.ts) calls them without commander: one table, so both run the same code with
 * the same arguments. Each loads its module when run.
 */

export type ReadVerb = "sessions" | "client" | "clients" | "show" | "export" | "report" | "actions";
/** Each hands back what it prints (src/commands/printed.ts). */
type Reader<V extends ReadVerb> = (opts: CommandOptions<V>, ...args: string[]) => Promise<Printed>;

export const READ_COMMANDS: { readonly [V in ReadVerb]: Reader<V> } = {
  sessions: async (opts) => (await import("./sessions.js")).sessions(opts),
  client: async (opts, name) => (await import("./client.js")).client(opts, name!),
  clients: async (opts) => (await import("./clients.js")).clients(opts),
  show: async (opts, session) => (await import("./show.js")).show({ ...opts, session: session! }),
  export: async (opts, session) => (await import("./export.js")).exportSession({ ...opts, session: session! }),
  report: async (opts) => (await import("./report.js")).report(opts),
  actions: async (opts) => (await import("./actions.js")).listActions(opts),
};

export const READ_VERBS = Object.keys(READ_COMMANDS) as ReadVerb[];

/** Runs `verb` with options as a parser left them (checked here against the table) and its positional arguments. */
export async function runReader<V extends ReadVerb>(verb: V, raw: Readonly<Record<string, unknown>>, args: readonly string[], given?: ReadonlySet<string>): Promise<void> {
  const reader: Reader<V> = READ_COMMANDS[verb];
  emit(await reader(parseOptions(verb, raw, given), ...args));
}
