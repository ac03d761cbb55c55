import type { Command } from "commander";
import { UsageError } from "./errors.js";
import { visible } from "./format/visible.js";
import { closest } from "./playbook/suggest.js";

/**
 * commander's usage errors in trust's words: one line and a hint, as every error of trust's own.
 * commander puts its suggestion on a bare second line ("(Did you mean --json?)"), and takes a
 * mistyped subcommand of a command that also lists (`trust actions dne`) for an argument it has
 * no room for ("too many arguments for 'actions'"): said as what it is, an unknown command.
 */
export function usageMessage(program: Command, text: string): string {
  const message = extraArguments(program, text.replace(/^error: /, "trust: "));
  return visible(message.replace(/\n\(Did you mean (.*)\?\)\n?$/, "\nhint: did you mean $1?\n"));
}

function extraArguments(program: Command, message: string): string {
  const m = /^trust: too many arguments for '([^']+)'\./.exec(message);
  const parent = m ? program.commands.find((c) => c.name() === m[1]) : undefined;
  if (!parent || parent.commands.length === 0) return message;
  // The first word beyond its own arguments, as commander parsed the line (an option's value is not one).
  const typed = parent.args[parent.registeredArguments.length];
  if (typed === undefined) return message;
  return `trust: unknown command '${parent.name()} ${typed}'\nhint: ${unknownHint([parent.name()], typed, commandNames(parent))}\n`;
}

/** The commands listed under `command`, as its help lists them (hidden ones and help left out). */
function commandNames(command: Command): string[] {
  return command
    .createHelp()
    .visibleCommands(command)
    .map((c) => c.name())
    .filter((name) => name !== "help");
}

/** What to say of an unknown command `typed` under the command `path` (none: trust itself), whose commands are `names`. */
function unknownHint(path: readonly string[], typed: string, names: readonly string[]): string {
  if (names.length === 0) return `trust ${path.join(" ")} has no commands`;
  const near = closest(typed, names);
  const where = path.map((word) => `${word} `).join("");
  return near ? `did you mean ${where}${near}?` : `${path.length === 0 ? "the" : "its"} commands are ${names.join(", ")}`;
}

/** The command `trust help <words...>` is about; an unknown word is a usage error, with the nearest name. */
export function helpTopic(program: Command, words: readonly string[]): Command {
  let command = program;
  const path: string[] = [];
  for (const word of words) {
    const names = commandNames(command);
    const next = names.includes(word) ? command.commands.find((c) => c.name() === word) : undefined;
    if (next === undefined) throw new UsageError(`unknown command '${[...path, visible(word)].join(" ")}'`, { hint: unknownHint(path, word, names) });
    path.push(word);
    command = next;
  }
  return command;
}
