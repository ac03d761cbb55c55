import { Command, Option } from "commander";
import { CLIENT_FORMATS } from "./clients/formats.js";
import { ACTION_FORMATS, ACTION_STATUS_CHOICES } from "./commands/action-choices.js";
import { checkOptions, type ParsedOptions } from "./commands/check-options.js";
import { READ_COMMANDS } from "./commands/readers.js";
import { visible } from "./format/visible.js";
import { SEVERITIES } from "./playbook/constants.js";
import { LETTER_FORMATS } from "./report/letter-formats.js";

/**
 * Registers every command with commander and nothing else: each action imports its command
 * module lazily, so `trust --help` never loads yaml, zod, SQLite or the prompt library.
 */

const FORMATS_REPORT = ["table", "md", "json", "csv"] as const;
const GROUPS = ["client", "playbook", "month", "owner"] as const;

/** Options every command sees (set before or after the verb). */
export interface GlobalOptions {
  db?: string;
  playbooks?: string;
  people?: string;
  debug?: boolean;
  color?: boolean;
}

/** The width help is wrapped to: the terminal's when narrower than 80 columns, else 80 (also on a pipe). */
export const HELP_WIDTH = 80;
function helpWidth(stream: NodeJS.WriteStream): number {
  return stream.isTTY && stream.columns > 0 ? Math.min(stream.columns, HELP_WIDTH) : HELP_WIDTH;
}

function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`;
}

/** commander hands actions (args..., options, command); this passes options merged with the globals. */
function run<A extends unknown[]>(load: (opts: ParsedOptions, ...args: A) => Promise<void>) {
  return async (...received: unknown[]) => {
    const cmd = received.at(-1) as Command;
    const args = received.slice(0, -2) as A;
    await load(checkOptions(cmd.optsWithGlobals()), ...args);
  };
}

export function buildProgram(version: string): Command {
  const program = new Command("trust")
    .description("Run a trust-repair playbook on a live client call, then follow it through.")
    .version(version, "-V, --version", "print the version")
    .option("--db <path>", "SQLite file holding the sessions (env: TRUST_DB)")
    .option("--playbooks <dir>", "a folder of your own playbooks (env: TRUST_PLAYBOOKS)")
    .option("--people <file>", "our people who own commitments, with emails and aliases (default: people.yaml in the config folder)")
    .option("--no-color", "no colour in the output (NO_COLOR is honoured too)")
    .option("--debug", "print stack traces for errors")
    .showSuggestionAfterError(true)
    // Set before the subcommands are added, which copy these settings: usage errors throw
    // to src/index.ts (exit 2) instead of exiting from inside commander.
    .exitOverride()
    .configureOutput({
      outputError: (str, write) => write(visible(str.replace(/^error: /, "trust: "))),
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
      ) + "\nExit codes: 0 ok, 1 failure, 2 usage or invalid input, 3 check failed, 4 not found, 130 interrupted.\n",
    );

  program
    .command("start")
    .description("start a session: walk through a playbook on a live call")
    .argument("[playbook]", "playbook id or YAML file", "restore-trust")
    .option("--client <name>", "the client whose trust is at stake")
    .option("--incident <text>", "what happened, in a few words")
    .addOption(new Option("--severity <level>", "how bad it was").choices(SEVERITIES))
    .option("--owner <name>", "who runs the call and owns the follow-up")
    .option("--contact <person...>", 'the client\'s people on the call, "Name <email>" (repeatable): the letter is addressed to them')
    .option("--attendee <person...>", 'our people on the call, "Name <email>" (repeatable)')
    .option("--rehearsal", "a practice run: reports leave it out unless asked")
    .option("--answers <file>", "answer from a YAML or JSON file instead of prompting (prompt id: value)")
    .option("--json", "with --answers: print the finished session as JSON")
    .option("--strict", "with --answers: a commitment owner the people file does not know is an error, not a warning")
    .addHelpText(
      "after",
      examples(
        'trust start --client "Acme" --incident "API outage 11 Nov" --severity high --owner "Dana"',
        'trust start --client Acme --contact "Priya Raman <priya@acme.example>" --attendee "Sam Lee <sam@ours.example>"',
        "trust start service-outage --client Acme",
        "trust start --answers answers.yaml --client Acme --incident outage --severity low --owner Dana",
      ),
    )
    .action(run(async (opts, playbook: string) => (await import("./commands/start.js")).start({ ...opts, playbook })));

  program
    .command("resume")
    .description("continue an unfinished session (default: the latest)")
    .argument("[session]", "session id or a unique prefix of it")
    .option("--from-step <step>", "reopen this step (id or number) and go on from there")
    .addHelpText("after", examples("trust resume", "trust resume 3f9c --from-step frame-problem"))
    .action(run(async (opts, session?: string) => (await import("./commands/resume.js")).resume({ ...opts, session })));

  program
    .command("sessions")
    .description("list sessions, newest first")
    .option("--client <name>", "only this client")
    .addOption(new Option("--status <status>", "only sessions in this state").choices(["in_progress", "completed", "abandoned"]))
    .option("--playbook <id>", "only sessions of this playbook")
    .option("--since <when>", "started on or after: 2026-11-01, 30d, 2w")
    .option("--until <when>", "started before: 2026-12-01, 7d")
    .option("--rehearsals", "include rehearsal runs")
    .option("--json", "print JSON")
    .addHelpText("after", examples("trust sessions --client Acme", "trust sessions --status in_progress --json"))
    .action(run(READ_COMMANDS.sessions));

  program
    .command("doctor")
    .description("check that trust can work with this machine's database: SQLite, schema, integrity, file modes")
    .option("--json", "print JSON")
    .addHelpText("after", examples("trust doctor", "trust doctor --db team.db --json") + "\nExit 3 when a check fails; it only reads.\n")
    .action(run(async (opts) => (await import("./commands/doctor.js")).doctor(opts)));

  program
    .command("client")
    .description("one client's page: calls, trust before and after, commitments, letters, their people")
    .argument("<name>", "the client, in any case")
    .addOption(new Option("--format <format>", "how to print it").choices(CLIENT_FORMATS).default("table"))
    .option("--json", "print JSON (short for --format json)")
    .option("--rehearsals", "include rehearsal runs")
    .addHelpText("after", examples('trust client "Acme"', 'trust client acme --format md > acme.md', "trust client Acme --json"))
    .action(run(READ_COMMANDS.client));

  program
    .command("clients")
    .description("every client on one line, the ones most at risk first (overdue commitments, low trust, long silence)")
    .option("--rehearsals", "include rehearsal runs")
    .option("--json", "print JSON")
    .addHelpText("after", examples("trust clients", "trust clients --json"))
    .action(run(READ_COMMANDS.clients));

  program
    .command("show")
    .description("show one session: its answers and its timeline")
    .argument("<session>", "session id or a unique prefix of it")
    .option("--json", "print JSON")
    .addHelpText("after", examples("trust show 3f9c", "trust show 3f9c --json | jq .answers"))
    .action(run(READ_COMMANDS.show));

  program
    .command("export")
    .description("write a summary of a session (markdown by default)")
    .argument("<session>", "session id or a unique prefix of it")
    .addOption(new Option("--format <format>", "output format").choices(["md", "json"]).default("md"))
    .addOption(new Option("--audience <who>", "team: everything; client: the letter, as `trust letter` writes it").choices(["team", "client"]).default("team"))
    .option("--redact", "hide sensitive answers, email addresses, phone numbers, card numbers and IBANs")
    .option("--out <file>", "write to this file (atomically) instead of stdout")
    .option("--force", "replace a read-only --out file")
    .option("--json", "same as --format json")
    .addHelpText("after", examples("trust export 3f9c > summary.md", "trust export 3f9c --audience client --redact --out letter.md", "trust export 3f9c --format json"))
    .action(run(READ_COMMANDS.export));

  program
    .command("letter")
    .description("draft the letter to the client after the call: what they told us, the apology, what we will do, the next update")
    .argument("<session>", "session id or a unique prefix of it")
    .addOption(new Option("--format <format>", "txt: plain, 72 columns; html: one self-contained page; eml: an email ready to send").choices(LETTER_FORMATS).default("md"))
    .option("--out <file>", "write to this file (atomically, private to you) instead of stdout")
    .option("--force", "replace a read-only --out file")
    .option("--redact", "hide sensitive answers, email addresses, phone numbers, card numbers and IBANs (not with eml)")
    .option("--edit", "open the draft in $VISUAL or $EDITOR first (markdown for md, html and eml)")
    .option("--record", "keep the final text, its sha256 and the time in the session's timeline (see `trust show`)")
    .addHelpText(
      "after",
      examples(
        "trust letter 3f9c > letter.md",
        "trust letter 3f9c --format eml --edit --record --out letter.eml",
        "trust letter 3f9c --format txt --redact",
      ),
    )
    .action(run(async (opts, session: string) => (await import("./commands/letter.js")).letter({ ...opts, session })));

  program
    .command("report")
    .description("aggregate sessions, trust ratings and follow-ups")
    .option("--since <when>", "sessions started on or after: 2026-11-01, 30d, 2w")
    .option("--until <when>", "sessions started before")
    .option("--client <name>", "only this client")
    .option("--playbook <id>", "only this playbook")
    .addOption(new Option("--status <status>", "only sessions in this state").choices(["in_progress", "completed", "abandoned"]))
    .addOption(new Option("--group-by <key>", "one row per group").choices(GROUPS))
    .addOption(new Option("--format <format>", "output format").choices(FORMATS_REPORT).default("table"))
    .option("--json", "same as --format json")
    .option("--rehearsals", "include rehearsal runs")
    .addHelpText("after", examples("trust report --since 30d", "trust report --group-by client --format md", "trust report --since 2026-01-01 --format json"))
    .action(run(READ_COMMANDS.report));

  const actions = program
    .command("actions")
    .description("list follow-up commitments; `actions done|edit|cancel|reopen <id>` changes one")
    .option("--open", "only open commitments")
    .option("--overdue", "only open commitments past their due date")
    .option("--due-within <span>", "only open commitments due within 7d, 2w... (overdue ones included)")
    .addOption(new Option("--status <status>", "only commitments in this state (default: open and done)").choices(ACTION_STATUS_CHOICES))
    .option("--owner <name>", "only this person's (any of their names in the people file)")
    .option("--client <name>", "only this client's")
    .option("--fail", "exit 3 when any listed commitment is overdue (for CI)")
    .option("--rehearsals", "include rehearsal runs")
    .addOption(new Option("--format <format>", "output format (default: table)").choices(ACTION_FORMATS))
    .option("--json", "same as --format json")
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
    .action(run(READ_COMMANDS.actions));
  actions
    .command("done")
    .description("mark a commitment done (recorded as an event; nothing is deleted)")
    .argument("<action>", "action id or a unique prefix of it")
    .option("--note <text>", "how it was done")
    .option("--json", "print the action as JSON")
    .action(run(async (opts, action: string) => (await import("./commands/action-change.js")).actionDone({ ...opts, action })));
  actions
    .command("edit")
    .description("change an open commitment's text, owner or due date (recorded as an event)")
    .argument("<action>", "action id or a unique prefix of it")
    .option("--what <text>", "what will be done")
    .option("--owner <name>", "who owns it: a name or alias from the people file")
    .option("--due <date>", "when: 2026-12-01, friday, +3d, end of month")
    .option("--strict", "an owner the people file does not know, or a group, is an error, not a warning")
    .option("--json", "print the action as JSON")
    .addHelpText("after", examples("trust actions edit 7a2e --due +1w", "trust actions edit 7a2e --owner sam --what 'Send the post-mortem'"))
    .action(run(async (opts, action: string) => (await import("./commands/action-change.js")).actionEdit({ ...opts, action })));
  actions
    .command("cancel")
    .description("call off a commitment, saying why (recorded as an event; nothing is deleted)")
    .argument("<action>", "action id or a unique prefix of it")
    .requiredOption("--reason <text>", "why it will not be done")
    .option("--json", "print the action as JSON")
    .addHelpText("after", examples("trust actions cancel 7a2e --reason 'the client chose a refund instead'"))
    .action(run(async (opts, action: string) => (await import("./commands/action-change.js")).actionCancel({ ...opts, action })));
  actions
    .command("reopen")
    .description("open a done or cancelled commitment again (recorded as an event)")
    .argument("<action>", "action id or a unique prefix of it")
    .option("--note <text>", "why")
    .option("--json", "print the action as JSON")
    .addHelpText("after", examples("trust actions reopen 7a2e --note 'the fix did not hold'"))
    .action(run(async (opts, action: string) => (await import("./commands/action-change.js")).actionReopen({ ...opts, action })));

  program
    .command("playbooks")
    .description("list the builtin playbooks and your own")
    .option("--json", "print JSON")
    .addHelpText("after", examples("trust playbooks", "trust --playbooks ./team-playbooks playbooks --json"))
    .action(run(async (opts) => (await import("./commands/playbooks.js")).playbooks(opts)));

  const playbook = program.command("playbook").description("show, check, scaffold and describe playbooks");
  playbook
    .command("show")
    .description("print a playbook's steps and prompts")
    .argument("<playbook>", "playbook id or YAML file")
    .option("--json", "print the parsed playbook as JSON")
    .addHelpText("after", examples("trust playbook show restore-trust", "trust playbook show ./outage.yaml --json"))
    .action(run(async (opts, ref: string) => (await import("./commands/playbook-show.js")).playbookShow({ ...opts, ref })));
  playbook
    .command("validate")
    .description("check playbook files; exit 2 if any is invalid")
    .argument("<files...>", "YAML files")
    .option("--json", "print the problems as JSON")
    .addHelpText("after", examples("trust playbook validate playbooks/*.yaml", "trust playbook validate outage.yaml --json"))
    .action(run(async (opts, files: string[]) => (await import("./commands/playbook-validate.js")).playbookValidate({ ...opts, files })));
  playbook
    .command("schema")
    .description("print the JSON Schema of the playbook format, for editors")
    .addHelpText("after", examples("trust playbook schema > playbook.schema.json"))
    .action(run(async (opts) => (await import("./commands/playbook-schema.js")).playbookSchema(opts)));
  playbook
    .command("new")
    .description("write a valid playbook scaffold to edit")
    .argument("<id>", "the new playbook's id, e.g. data-leak")
    .option("--out <file>", "where to write it (default: <id>.yaml; - for stdout)")
    .option("--force", "overwrite an existing file")
    .addHelpText("after", examples("trust playbook new data-leak", "trust playbook new data-leak --out - | less"))
    .action(run(async (opts, id: string) => (await import("./commands/playbook-new.js")).playbookNew({ ...opts, id })));

  return program;
}
