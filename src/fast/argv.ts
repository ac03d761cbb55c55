import type { QuickCommand, QuickOption, QuickSpec } from "./spec.js";

/** A command line the quick way in can run: the verb, its positional arguments, and its options merged with the globals as commander merges them. */
export interface QuickRun {
  verb: string;
  args: string[];
  opts: Record<string, unknown>;
  /** The keys of the options typed on the line (opts also holds the defaults). */
  given: ReadonlySet<string>;
}

/**
 * Reads `args` (the command line after `trust`) the way commander would for the commands in
 * `spec`, or answers undefined for anything it is not sure of: help, a short flag, `--`, an
 * unknown or repeated option, a value that is missing or not one of the choices, a wrong number
 * of arguments. commander then parses the line again and says what is wrong in its own words,
 * so this parser never has to.
 */
export function parseQuick(args: readonly string[], spec: QuickSpec): QuickRun | undefined {
  let verb: string | undefined;
  let command: QuickCommand | undefined;
  const positional: string[] = [];
  const given: Record<string, unknown> = {};
  const globalGiven: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i++) {
    const token = args[i]!;
    if (token === "--") return undefined;
    if (token.startsWith("-") && token !== "-") {
      if (!token.startsWith("--")) return undefined;
      const eq = token.indexOf("=");
      const long = eq === -1 ? token : token.slice(0, eq);
      const inline = eq === -1 ? undefined : token.slice(eq + 1);
      // Before the verb only the program's own options are known, as with commander.
      const own = command === undefined ? undefined : find(command, long);
      const option = own ?? find(spec.globals, long);
      if (option === undefined || option.kind === "other") return undefined;
      const into = own ? given : globalGiven;
      if (option.key in into) return undefined;
      if (option.kind === "flag") {
        if (inline !== undefined) return undefined;
        into[option.key] = option.set;
        continue;
      }
      let value = inline;
      if (value === undefined) {
        value = args[++i];
        // As commander does, the next word is the value even when it starts with a dash (`--out -`).
        if (value === undefined) return undefined;
      }
      if (option.choices !== undefined && !option.choices.includes(value)) return undefined;
      into[option.key] = value;
      continue;
    }
    if (command === undefined) {
      if (!Object.hasOwn(spec.commands, token)) return undefined;
      verb = token;
      command = spec.commands[token]!;
    } else {
      positional.push(token);
    }
  }
  if (verb === undefined || command === undefined) return undefined;
  const declared = command.args;
  if (declared.some((a) => a.variadic) || positional.length > declared.length) return undefined;
  if (positional.length < declared.filter((a) => a.required).length) return undefined;
  for (let i = positional.length; i < declared.length; i++) {
    const fallback = declared[i]!.default;
    if (fallback === undefined) break;
    positional.push(fallback);
  }
  return {
    verb,
    args: positional,
    opts: { ...spec.globals.defaults, ...globalGiven, ...command.defaults, ...given },
    given: new Set([...Object.keys(globalGiven), ...Object.keys(given)]),
  };
}

function find(command: QuickCommand, long: string): QuickOption | undefined {
  return command.options.find((o) => o.long === long);
}
