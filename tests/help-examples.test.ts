import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../src/cli.js";

/** Every command of the program, by its full name ("actions done"), the program itself included as "". */
function everyCommand(command: Command, prefix = ""): Array<[string, Command]> {
  return [[prefix, command], ...command.commands.filter((c) => c.name() !== "help").flatMap((c) => everyCommand(c, `${prefix} ${c.name()}`.trim()))];
}

describe("--help", () => {
  // The README: every command has --help, with examples.
  it.each(everyCommand(buildProgram("0.0.0")).filter(([name]) => !name.startsWith("__")))("trust %s --help has examples", (_name, command) => {
    let text = "";
    command.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
    command.outputHelp();
    expect(text).toMatch(/\nExamples:\n {2}\$ \S/);
  });
});
