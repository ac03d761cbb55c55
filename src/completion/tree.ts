import type { Command } from "commander";
import { COMMAND_OPTIONS, GLOBAL_OPTIONS, type OptionSpec } from "../commands/options.js";

/**
 * The command tree as the shell completion scripts need it, read off the program commander was
 * given (src/cli.ts), so a new command, option or choice completes with no second list to keep.
 * Pure: a Command in, plain data out.
 */

/** What a value completes to: fixed words, a file, or names trust looks up when Tab is pressed. */
export type ValueKind = { words: readonly string[] } | { dynamic: DynamicKind } | "file" | "folder" | "none";
/** Lists `trust __complete` prints: ids of sessions and commitments, client names, playbook ids. */
export const DYNAMIC_KINDS = ["session", "action", "client", "playbook"] as const;
export type DynamicKind = (typeof DYNAMIC_KINDS)[number];

export interface CompletionOption {
  /** `--format`, and `-V` where there is a short name. */
  names: string[];
  /** What follows it; undefined for a flag. */
  value?: ValueKind;
}

export interface CompletionNode {
  /** The words that lead here: "" for trust itself, "actions done". */
  path: string;
  /** Subcommands. */
  commands: string[];
  options: CompletionOption[];
  /** What its positional argument is. */
  argument?: ValueKind;
}

// Positional arguments by the name src/cli.ts gives them.
const ARGUMENTS: Record<string, ValueKind> = {
  session: { dynamic: "session" },
  action: { dynamic: "action" },
  playbook: { dynamic: "playbook" },
  name: { dynamic: "client" },
  files: "file",
};

// Option values looked up in the store or the catalog; the others from the option table.
const OPTION_VALUES: Record<string, ValueKind> = {
  "--client": { dynamic: "client" },
  "--playbook": { dynamic: "playbook" },
  "--from-step": "none",
};

const SPECS: OptionSpec[] = [...Object.values(GLOBAL_OPTIONS), ...Object.values(COMMAND_OPTIONS).flatMap((table) => Object.values(table) as OptionSpec[])];

function pathKind(long: string): ValueKind | undefined {
  const spec = SPECS.find((s) => s.flags.split(" ")[0] === long);
  if (spec?.kind !== "text" || spec.path !== true) return undefined;
  return spec.flags.includes("<dir>") ? "folder" : "file";
}

/** Every command of `program`, depth first, each with its options and those of the commands above it. */
export function completionTree(program: Command): CompletionNode[] {
  const nodes: CompletionNode[] = [];
  const walk = (cmd: Command, path: string, inherited: CompletionOption[]) => {
    const own = cmd.options.filter((o) => !o.hidden).map((o): CompletionOption => {
      const names = [o.long, o.short].filter((n): n is string => typeof n === "string");
      if (!o.required && !o.optional) return { names };
      const value = o.argChoices ? { words: o.argChoices } : (OPTION_VALUES[o.long ?? ""] ?? pathKind(o.long ?? "") ?? "none");
      return { names, value };
    });
    // commander gives every command --help; a parent's options also count below it (`actions done --db`).
    const options = [...own, ...inherited.filter((i) => !own.some((o) => o.names[0] === i.names[0])), { names: ["--help", "-h"] }];
    const subcommands = cmd.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden);
    const argument = cmd.registeredArguments[0];
    const node: CompletionNode = { path, commands: subcommands.map((c) => c.name()), options: dedupe(options) };
    if (argument) {
      const choices = argument.argChoices;
      node.argument = choices ? { words: choices } : (ARGUMENTS[argument.name()] ?? "none");
    }
    nodes.push(node);
    // Only trust's own options (--db, --debug...) go on below it; a parent verb's are refused there.
    const down = path === "" ? own.filter((o) => o.names[0] !== "--version") : inherited;
    for (const sub of subcommands) walk(sub, path === "" ? sub.name() : `${path} ${sub.name()}`, down);
  };
  walk(program, "", []);
  return nodes;
}

function dedupe(options: CompletionOption[]): CompletionOption[] {
  const seen = new Set<string>();
  return options.filter((o) => !seen.has(o.names[0]!) && seen.add(o.names[0]!));
}
