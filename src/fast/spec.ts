import type { Command, Option } from "commander";

/**
 * What the quick way in (src/fast/argv.ts) knows of the command line, read off the commander
 * program itself when trust is built (scripts/build.mjs writes it into dist/fast-path.json): the
 * options stay defined once, in src/cli.ts, and tests/fast/argv.test.ts checks that both parsers
 * agree.
 */

export interface QuickOption {
  /** `--client`, `--no-color`. */
  long: string;
  /** The key commander stores it under: `dueWithin`, `color`. */
  key: string;
  /** flag: no value (true, or false for --no-x); value: one required value; other: anything else, left to commander. */
  kind: "flag" | "value" | "other";
  /** A flag's value: false for a negated one. */
  set?: boolean;
  choices?: string[];
}

export interface QuickCommand {
  options: QuickOption[];
  /** Whether each positional argument is required, in order; `default` where one is given. */
  args: { required: boolean; variadic: boolean; default?: string }[];
  /** The option values commander starts the command with (its defaults). */
  defaults: Record<string, unknown>;
}

export interface QuickSpec {
  globals: QuickCommand;
  commands: Record<string, QuickCommand>;
}

/** Describes `verbs` (top-level commands of `program`) and the program's own options. */
export function describeCommands(program: Command, verbs: readonly string[]): QuickSpec {
  const commands: Record<string, QuickCommand> = {};
  for (const verb of verbs) {
    const cmd = program.commands.find((c) => c.name() === verb);
    if (cmd === undefined) throw new Error(`no command ${verb} to describe`);
    commands[verb] = describe(cmd);
  }
  return { globals: describe(program), commands };
}

function describe(cmd: Command): QuickCommand {
  // `--version` is an option commander acts on itself (it prints and exits): left to it.
  const version = (cmd as unknown as { _versionOptionName?: string })._versionOptionName;
  return {
    options: cmd.options.map((o) => (o.attributeName() === version ? { long: o.long ?? o.flags, key: version, kind: "other" as const } : option(o))),
    args: cmd.registeredArguments.map((a) => ({
      required: a.required,
      variadic: a.variadic,
      ...(typeof a.defaultValue === "string" ? { default: a.defaultValue } : {}),
    })),
    // Before parsing, opts() holds the defaults, including `color: true` behind `--no-color`.
    defaults: { ...cmd.opts() },
  };
}

function option(o: Option): QuickOption {
  const base = { long: o.long ?? o.flags, key: o.attributeName(), ...(o.argChoices ? { choices: [...o.argChoices] } : {}) };
  // Anything commander does beyond taking a flag or one value (optional or repeated values, its
  // own parsers, environment variables, conflicts, implied values) stays commander's to do.
  // conflictsWith and implied are set by conflicts() and implies() but missing from commander's typings.
  const more = o as unknown as { conflictsWith?: string[]; implied?: unknown };
  const special =
    o.long === undefined ||
    o.optional ||
    o.variadic ||
    o.mandatory ||
    // choices() checks through parseArg, and the choices are here; any other parser is commander's own.
    (o.parseArg !== undefined && o.argChoices === undefined) ||
    o.envVar !== undefined ||
    o.presetArg !== undefined ||
    (more.conflictsWith?.length ?? 0) > 0 ||
    more.implied !== undefined;
  if (special) return { ...base, kind: "other" };
  if (o.required) return { ...base, kind: "value" };
  return { ...base, kind: "flag", set: !o.negate };
}
