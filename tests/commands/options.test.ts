import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../src/cli.js";
import { COMMAND_OPTIONS, GLOBAL_OPTIONS, parseOptions, type CommandName, type OptionSpec } from "../../src/commands/options.js";
import { UsageError } from "../../src/errors.js";

/**
 * src/commands/options.ts is the one place an option, its allowed values and its default are
 * written. These tables hold commander's program to it (so a key typed by hand in the table
 * cannot drift from what commander stores), and hold parseOptions to what the command line may
 * and may not hand a command.
 */

/** Every command of the program by its table name (`actions done`), with commander's command. */
function commands(program: Command): Map<string, Command> {
  const found = new Map<string, Command>();
  const walk = (cmd: Command, prefix: string): void => {
    for (const sub of cmd.commands) {
      const name = prefix === "" ? sub.name() : `${prefix} ${sub.name()}`;
      found.set(name, sub);
      walk(sub, name);
    }
  };
  walk(program, "");
  return found;
}

const program = buildProgram("0.0.0");
const registered = commands(program);
// `playbook` only groups its subcommands and `help` only prints another's help: no options of their own.
const GROUPS = new Set(["playbook", "help"]);

describe("the option table and commander's program", () => {
  it("lists exactly the program's commands", () => {
    const named = [...registered.keys()].filter((n) => !GROUPS.has(n)).sort();
    expect(named).toEqual(Object.keys(COMMAND_OPTIONS).sort());
  });

  it.each(Object.keys(COMMAND_OPTIONS) as CommandName[])("%s: each key is the attribute commander stores, in help's order, with its choices and default", (name) => {
    const cmd = registered.get(name)!;
    const specs: Readonly<Record<string, OptionSpec>> = COMMAND_OPTIONS[name];
    const options = cmd.options.filter((o) => o.long !== "--help");
    expect(options.map((o) => o.attributeName())).toEqual(Object.keys(specs));
    for (const option of options) {
      const spec = specs[option.attributeName()]!;
      expect(option.flags).toBe(spec.flags);
      expect(option.description).toBe(spec.help);
      expect(option.argChoices).toEqual("choices" in spec ? [...spec.choices] : undefined);
      expect(option.defaultValue).toEqual("default" in spec ? spec.default : option.negate ? true : undefined);
      expect(option.mandatory).toBe("required" in spec && spec.required === true);
    }
  });

  it("the program's own options are the global table, after --version", () => {
    const keys = program.options.map((o) => o.attributeName());
    expect(keys).toEqual(["version", ...Object.keys(GLOBAL_OPTIONS)]);
  });
});

/** parseOptions' answer, or the message it refuses with and whether it is a usage error (exit 2). */
function outcome(command: CommandName, raw: Record<string, unknown>): unknown {
  try {
    return parseOptions(command, raw);
  } catch (err) {
    return { refused: (err as Error).message, usage: err instanceof UsageError };
  }
}

describe("parseOptions", () => {
  const globals = { db: undefined, playbooks: undefined, people: undefined, color: true, debug: undefined };

  it.each<[CommandName, Record<string, unknown>, unknown]>([
    // Defaults filled in as commander fills them, so a command called in-process sees the same.
    ["export", {}, { ...globals, format: "md", audience: "team", redact: undefined, out: undefined, force: undefined, json: undefined }],
    ["client", { json: true }, { ...globals, format: "table", json: true, rehearsals: undefined }],
    ["sessions", { status: "completed", color: false }, { ...globals, color: false, client: undefined, status: "completed", playbook: undefined, since: undefined, until: undefined, source: "all", rehearsals: undefined, json: undefined }],
    ["start", { contact: ["Priya <p@acme.example>"], severity: "high" }, expect.objectContaining({ contact: ["Priya <p@acme.example>"], severity: "high", attendee: undefined })],
    ["actions cancel", { reason: "the client chose a refund" }, { ...globals, reason: "the client chose a refund", json: undefined }],
    ["playbook schema", {}, globals],
  ])("%s %j is taken", (command, raw, expected) => {
    expect(outcome(command, raw)).toEqual(expected);
  });

  it.each<[CommandName, Record<string, unknown>, string]>([
    ["report", { format: "xml" }, '--format must be one of table, md, html, json, csv, not "xml"'],
    ["report", { groupBy: "team" }, '--group-by must be one of client, playbook, month, owner, session-owner, not "team"'],
    ["sessions", { status: "abandoned" }, '--status must be one of in_progress, completed, not "abandoned"'],
    ["actions", { status: "superseded" }, '--status must be one of open, done, cancelled, all, not "superseded"'],
    ["export", { audience: "board" }, '--audience must be one of team, client, not "board"'],
    ["letter", { format: "pdf" }, '--format must be one of md, txt, html, eml, not "pdf"'],
    ["start", { severity: "huge" }, '--severity must be one of low, medium, high, critical, not "huge"'],
    ["actions cancel", {}, "--reason is required"],
    ["sessions", { db: "" }, "--db is empty"],
    ["export", { out: "  " }, "--out is empty"],
    ["start", { answers: "" }, "--answers is empty"],
    // A filter given an unset variable would choose nothing, and `actions --fail` would pass.
    ["actions", { client: "" }, "--client needs a name"],
    ["actions", { owner: " " }, "--owner needs a name"],
    ["sessions", { client: "\t" }, "--client needs a name"],
    ["sessions", { playbook: "" }, "--playbook needs a name"],
    ["report", { client: "  " }, "--client needs a name"],
    ["report", { playbook: "" }, "--playbook needs a name"],
    ["report", { json: true, format: "md" }, "--json and --format md ask for two formats: give one"],
    ["client", { json: true, format: "table" }, "--json and --format table ask for two formats: give one"],
    ["export", { json: true, format: "md" }, "--json and --format md ask for two formats: give one"],
    ["show", { json: "yes" }, "--json takes no value"],
    ["start", { contact: "Priya" }, "--contact needs one or more values"],
    ["report", { since: 30 }, "--since needs a value"],
  ])("%s %j is refused: %s", (command, raw, message) => {
    expect(outcome(command, raw)).toEqual({ refused: message, usage: true });
  });

  it("refuses another command's option (a parent's, given to a subcommand), and takes it unset", () => {
    expect(outcome("actions done", { open: true })).toEqual({ refused: "--open is not an option of `trust actions done`", usage: true });
    expect(outcome("actions done", { open: undefined, json: true })).toMatchObject({ json: true });
  });

  it("an option no command has is a bug, not a usage error", () => {
    expect(outcome("show", { colour: false })).toEqual({ refused: "trust show was handed an option no command has: colour", usage: false });
  });

  it("refuses a TRUST_NOW it cannot read before the command starts", () => {
    const saved = process.env.TRUST_NOW;
    process.env.TRUST_NOW = "next tuesday";
    try {
      expect(outcome("sessions", {})).toMatchObject({ usage: true });
    } finally {
      if (saved === undefined) delete process.env.TRUST_NOW;
      else process.env.TRUST_NOW = saved;
    }
  });
});
