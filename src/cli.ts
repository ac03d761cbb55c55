import { Argument, Command, Option } from "commander";
import { SHELLS, type Shell } from "./completion/scripts.js";
import { COMMAND_OPTIONS, GLOBAL_OPTIONS, parseOptions, type CommandName, type CommandOptions, type OptionSpec } from "./commands/options.js";
import { emit, type Printed } from "./commands/printed.js";
import { READ_COMMANDS } from "./commands/readers.js";
import { helpTopic, usageMessage } from "./usage-message.js";

/**
 * Registers every command with commander and nothing else: each action imports its command
 * module lazily, so `trust --help` never loads yaml, zod, SQLite or the call screen. Each
 * command's options come from the one table in src/commands/options.ts.
 */

/** The width help is wrapped to: the terminal's when narrower than 80 columns, else 80 (also on a pipe). */
export const HELP_WIDTH = 80;
function helpWidth(stream: NodeJS.WriteStream): number {
  return stream.isTTY && stream.columns > 0 ? Math.min(stream.columns, HELP_WIDTH) : HELP_WIDTH;
}

function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`;
}

/** One row of src/commands/options.ts as commander's option. */
function commanderOption(spec: OptionSpec): Option {
  const option = new Option(spec.flags, spec.help);
  if (spec.kind === "choice") {
    option.choices(spec.choices);
    if (spec.default !== undefined) option.default(spec.default);
  }
  if (spec.kind === "text" && spec.required === true) option.makeOptionMandatory();
  return option;
}

function withOptions(cmd: Command, specs: Readonly<Record<string, OptionSpec>>): Command {
  for (const spec of Object.values(specs)) cmd.addOption(commanderOption(spec));
  return cmd;
}

/** `name`'s command under `parent` (`actions done` under actions), with its options from the table. */
function verb(parent: Command, name: CommandName, description: string): Command {
  return withOptions(parent.command(name.split(" ").at(-1)!).description(description), COMMAND_OPTIONS[name]);
}

/**
 * commander hands actions (args..., options, command); this hands `name`'s command the options of
 * the line, checked against its table, and prints what a reporting command hands back (emit).
 * The options are merged with its parents': commander gives an option the parent also has
 * (`actions edit 7a2e --owner sam`, `actions done 7a2e --json`) to the parent.
 */
function run<C extends CommandName, A extends unknown[]>(name: C, load: (opts: CommandOptions<C>, ...args: A) => Promise<Printed | void>) {
  return async (...received: unknown[]) => {
    const cmd = received.at(-1) as Command;
    const args = received.slice(0, -2) as A;
    const out = await load(parseOptions(name, cmd.optsWithGlobals(), typedOptions(cmd)), ...args);
    if (out) emit(out);
  };
}

/** The keys of the options typed on the line, the command's and its parents': the others hold their defaults. */
export function typedOptions(cmd: Command): Set<string> {
  return new Set(Object.keys(cmd.optsWithGlobals()).filter((key) => !["default", undefined].includes(cmd.getOptionValueSourceWithGlobals(key))));
}

export function buildProgram(version: string): Command {
  const program = withOptions(
    new Command("trust").description("Run a trust-repair playbook on a live client call, then follow it through.").version(version, "-V, --version", "print the version"),
    GLOBAL_OPTIONS,
  )
    .showSuggestionAfterError(true)
    // Set before the subcommands are added, which copy these settings: usage errors throw
    // to src/index.ts (exit 2) instead of exiting from inside commander.
    .exitOverride()
    .configureOutput({
      outputError: (str, write) => write(usageMessage(program, str)),
      // Help is never wider than 80 columns, easier to read on a wide terminal; the same text on
      // every terminal that wide and on a pipe is what lets bin/trust.cjs print it prebuilt.
      getOutHelpWidth: () => helpWidth(process.stdout),
      getErrHelpWidth: () => helpWidth(process.stderr),
    })
    .addHelpText(
      "after",
      examples(
        'trust start --client "Acme" --incident "API outage 11 Nov" --severity high',
        "trust resume",
        "trust export 3f9c > summary.md",
        "trust actions --overdue --fail",
      ) + "\nExit codes: 0 ok, 1 failure, 2 usage or invalid input, 3 check failed, 4 not found, 5 team server unusable, 130 interrupted (129 hung up, 143 killed on a call).\n",
    );

  verb(program, "start", "start a session: walk through a playbook on a live call")
    .argument("[playbook]", "playbook id or YAML file", "restore-trust")
    .addHelpText(
      "after",
      examples(
        'trust start --client "Acme" --incident "API outage 11 Nov" --severity high --owner "Dana"',
        'trust start --client Acme --contact "Priya Raman <priya@acme.example>" --attendee "Sam Lee <sam@ours.example>"',
        "trust start service-outage --client Acme",
        "trust start --answers answers.yaml --client Acme --incident outage --severity low --owner Dana",
      ),
    )
    .action(run("start", async (opts, playbook: string) => (await import("./commands/start.js")).start({ ...opts, playbook })));

  verb(program, "resume", "continue an unfinished session (default: the latest)")
    .argument("[session]", "session id or a unique prefix of it")
    .addHelpText("after", examples("trust resume", "trust resume 3f9c --from-step frame-problem"))
    .action(run("resume", async (opts, session?: string) => (await import("./commands/resume.js")).resume({ ...opts, session })));

  verb(program, "sessions", "list sessions, newest first")
    .addHelpText("after", examples("trust sessions --client Acme", "trust sessions --status in_progress --json"))
    .action(run("sessions", READ_COMMANDS.sessions));

  verb(program, "doctor", "check that trust can work with this machine's database: SQLite, schema, integrity, file modes")
    .addHelpText("after", examples("trust doctor", "trust doctor --db team.db --json") + "\nExit 3 when a check fails; it only reads.\n")
    .action(run("doctor", async (opts) => (await import("./commands/doctor.js")).doctor(opts)));

  verb(program, "client", "one client's page: calls, trust before and after, commitments, letters, their people")
    .argument("<name>", "the client, in any case")
    .addHelpText("after", examples('trust client "Acme"', 'trust client acme --format md > acme.md', "trust client Acme --json"))
    .action(run("client", READ_COMMANDS.client));

  verb(program, "clients", "every client on one line, the ones most at risk first (overdue commitments, low trust, long silence)")
    .addHelpText("after", examples("trust clients", "trust clients --json"))
    .action(run("clients", READ_COMMANDS.clients));

  verb(program, "import", "merge another trust database's sessions into this one (a team without a server)")
    .argument("<file>", "the other SQLite file; it is only read")
    .addHelpText(
      "after",
      examples("trust import ~/Downloads/sam-trust.db", "trust import laptop.db --dry-run", "trust import laptop.db --db team.db --json") +
        "\nImporting is a union: sessions and events already here are left as they are,\nso importing twice adds nothing.\n",
    )
    .action(run("import", async (opts, file: string) => (await import("./commands/import.js")).importFile({ ...opts, file })));

  verb(program, "sync", "exchange sessions with the team's PostgreSQL server: push this file's new events, pull everyone else's")
    .addHelpText(
      "after",
      examples(
        "trust sync --remote 'postgres://sam@db.example.com/trust?sslmode=require'",
        "TRUST_REMOTE=postgres://ci@db.example.com/trust trust sync --pull --db ci.db",
        "trust sync --status",
      ) + "\nThe password comes from PGPASSWORD or ~/.pgpass; trust never stores it.\nExit 5 when the server cannot be used.\n",
    )
    .action(run("sync", async (opts) => (await import("./commands/sync.js")).sync(opts)));

  verb(program, "show", "show one session: its answers and its timeline")
    .argument("<session>", "session id or a unique prefix of it")
    .addHelpText("after", examples("trust show 3f9c", "trust show 3f9c --json | jq .answers"))
    .action(run("show", READ_COMMANDS.show));

  verb(program, "export", "write a summary of a session (markdown by default)")
    .argument("<session>", "session id or a unique prefix of it")
    .addHelpText("after", examples("trust export 3f9c > summary.md", "trust export 3f9c --audience client --redact --out letter.md", "trust export 3f9c --format json"))
    .action(run("export", READ_COMMANDS.export));

  verb(program, "letter", "draft the letter to the client after the call: what they told us, the apology, what we will do, the next update")
    .argument("<session>", "session id or a unique prefix of it")
    .addHelpText(
      "after",
      examples(
        "trust letter 3f9c > letter.md",
        "trust letter 3f9c --format eml --edit --record --out letter.eml",
        "trust letter 3f9c --format txt --redact",
      ),
    )
    .action(run("letter", async (opts, session: string) => (await import("./commands/letter.js")).letter({ ...opts, session })));

  verb(program, "report", "aggregate sessions, trust ratings and follow-ups")
    .addHelpText("after", examples("trust report --since 30d", "trust report --group-by client --format md", "trust report --since 2026-01-01 --format json"))
    .action(run("report", READ_COMMANDS.report));

  const actions = verb(program, "actions", "list follow-up commitments; `actions done|edit|cancel|reopen <id>` changes one")
    .addHelpText(
      "after",
      examples(
        "trust actions --open --owner Dana",
        "trust actions --due-within 7d",
        "trust actions --overdue --fail",
        "trust actions --status all --format csv > commitments.csv",
        "trust actions done 7a2e --note 'refund sent'",
      ),
    )
    .action(run("actions", READ_COMMANDS.actions));
  verb(actions, "actions done", "mark a commitment done (recorded as an event; nothing is deleted)")
    .argument("<action>", "action id or a unique prefix of it")
    .addHelpText("after", examples("trust actions done 7a2e", "trust actions done 7a2e --note 'refund sent, ref 4471'"))
    .action(run("actions done", async (opts, action: string) => (await import("./commands/action-change.js")).actionDone({ ...opts, action })));
  verb(actions, "actions edit", "change an open commitment's text, owner or due date (recorded as an event)")
    .argument("<action>", "action id or a unique prefix of it")
    .addHelpText("after", examples("trust actions edit 7a2e --due +1w", "trust actions edit 7a2e --owner sam --what 'Send the post-mortem'"))
    .action(run("actions edit", async (opts, action: string) => (await import("./commands/action-change.js")).actionEdit({ ...opts, action })));
  verb(actions, "actions cancel", "call off a commitment, saying why (recorded as an event; nothing is deleted)")
    .argument("<action>", "action id or a unique prefix of it")
    .addHelpText("after", examples("trust actions cancel 7a2e --reason 'the client chose a refund instead'"))
    .action(run("actions cancel", async (opts, action: string) => (await import("./commands/action-change.js")).actionCancel({ ...opts, action })));
  verb(actions, "actions reopen", "open a done or cancelled commitment again (recorded as an event)")
    .argument("<action>", "action id or a unique prefix of it")
    .addHelpText("after", examples("trust actions reopen 7a2e --note 'the fix did not hold'"))
    .action(run("actions reopen", async (opts, action: string) => (await import("./commands/action-change.js")).actionReopen({ ...opts, action })));

  verb(program, "playbooks", "list the builtin playbooks and your own")
    .addHelpText("after", examples("trust playbooks", "trust --playbooks ./team-playbooks playbooks --json"))
    .action(run("playbooks", async (opts) => (await import("./commands/playbooks.js")).playbooks(opts)));

  const playbook = program
    .command("playbook")
    .description("show, check, scaffold and describe playbooks")
    .addHelpText("after", examples("trust playbook show restore-trust", "trust playbook validate playbooks/*.yaml", "trust playbook new outage --out outage.yaml"));
  verb(playbook, "playbook show", "print a playbook's steps and prompts")
    .argument("<playbook>", "playbook id or YAML file")
    .addHelpText("after", examples("trust playbook show restore-trust", "trust playbook show ./outage.yaml --json"))
    .action(run("playbook show", async (opts, ref: string) => (await import("./commands/playbook-show.js")).playbookShow({ ...opts, ref })));
  verb(playbook, "playbook validate", "check playbook files; exit 2 if any is invalid")
    .argument("<files...>", "YAML files")
    .addHelpText("after", examples("trust playbook validate playbooks/*.yaml", "trust playbook validate outage.yaml --json"))
    .action(run("playbook validate", async (opts, files: string[]) => (await import("./commands/playbook-validate.js")).playbookValidate({ ...opts, files })));
  verb(playbook, "playbook schema", "print the JSON Schema of the playbook format, for editors")
    .addHelpText("after", examples("trust playbook schema > playbook.schema.json"))
    .action(run("playbook schema", async (opts) => (await import("./commands/playbook-schema.js")).playbookSchema(opts)));
  verb(playbook, "playbook new", "write a valid playbook scaffold to edit")
    .argument("<id>", "the new playbook's id, e.g. data-leak")
    .addHelpText("after", examples("trust playbook new data-leak", "trust playbook new data-leak --out - | less"))
    .action(run("playbook new", async (opts, id: string) => (await import("./commands/playbook-new.js")).playbookNew({ ...opts, id })));

  verb(program, "completion", "print the shell completion script for bash, zsh or fish")
    .addArgument(new Argument("<shell>", "bash, zsh or fish").choices(SHELLS))
    .addHelpText(
      "after",
      examples("source <(trust completion bash)      # in ~/.bashrc", "trust completion zsh > ~/.zfunc/_trust", "trust completion fish > ~/.config/fish/completions/trust.fish"),
    )
    .action(run("completion", async (opts, shell: Shell) => (await import("./commands/completion.js")).completion(opts, shell, program)));
  // What the completion scripts ask when Tab is pressed after a session, commitment, client or playbook.
  withOptions(program.command("__complete", { hidden: true }), COMMAND_OPTIONS.__complete)
    .argument("<kind>")
    .argument("[prefix]")
    .action(run("__complete", async (opts, kind: string, prefix?: string) => (await import("./commands/complete.js")).complete(opts, kind, prefix)));

  // commander's own help command prints the whole help to stderr, as if it were an error, for a
  // name it does not know (`trust help nosuch`), and drops a second word (`trust help actions
  // done`); this one walks the words as the command line does, and says which one is unknown.
  program.helpCommand(false);
  program
    .command("help")
    .description("display help for command")
    .argument("[command...]", "a command, e.g. actions done")
    .addHelpText("after", examples("trust help start", "trust help actions done"))
    .action((words: string[]) => helpTopic(program, words).help());

  return program;
}
