import type { ParsedOptions } from "./check-options.js";

/**
 * The commands that only read the store, as commander's actions call them and as the quick way in
 * (src/fast/read-main.ts) calls them without commander: one table, so both run the same code with
 * the same arguments. Each loads its module when run.
 */

export const READ_COMMANDS = {
  sessions: async (opts: ParsedOptions) => (await import("./sessions.js")).sessions(opts),
  client: async (opts: ParsedOptions, name: string) => (await import("./client.js")).client(opts, name),
  clients: async (opts: ParsedOptions) => (await import("./clients.js")).clients(opts),
  show: async (opts: ParsedOptions, session: string) => (await import("./show.js")).show({ ...opts, session }),
  export: async (opts: ParsedOptions, session: string) => (await import("./export.js")).exportSession({ ...opts, session }),
  report: async (opts: ParsedOptions) => (await import("./report.js")).report(opts),
  actions: async (opts: ParsedOptions) => (await import("./actions.js")).listActions(opts),
} as const satisfies Record<string, (opts: ParsedOptions, ...args: string[]) => Promise<void>>;

export type ReadVerb = keyof typeof READ_COMMANDS;
export const READ_VERBS = Object.keys(READ_COMMANDS) as ReadVerb[];
