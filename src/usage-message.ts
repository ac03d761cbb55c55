import type { Command } from "commander";
import { visible } from "./format/visible.js";
import { closest } from "./playbook/suggest.js";

/**
 * commander's usage errors in trust's words: one line and a hint, as every error of trust's own.
 * commander puts its suggestion on a bare second line ("(Did you mean --json?)"), and takes a
 * mistyped subcommand of a command that also lists (`trust actions dne`) for an argument it has
 * no room for ("too many arguments for 'actions'"): said as what it is, an unknown command.
 */
export function usageMessage(program: Command, text: string, argv: readonly string[]): string {
  const message = extraArguments(program, text.replace(/^error: /, "trust: "), argv);
  return visible(message.replace(/\n\(Did you mean (.*)\?\)\n?$/, "\nhint: did you mean $1?\n"));
}

function extraArguments(program: Command, message: string, argv: readonly string[]): string {
  const m = /^trust: too many arguments for '([^']+)'\./.exec(message);
  const parent = m ? program.commands.find((c) => c.name() === m[1]) : undefined;
  if (!parent || parent.commands.length === 0) return message;
  const words = argv.filter((a) => !a.startsWith("-"));
  const typed = words[words.indexOf(parent.name()) + 1];
  if (typed === undefined) return message;
  const names = parent.commands.map((c) => c.name());
  const near = closest(typed, names);
  return `trust: unknown command '${parent.name()} ${typed}'\nhint: ${near ? `did you mean ${parent.name()} ${near}?` : `its commands are ${names.join(", ")}`}\n`;
}
