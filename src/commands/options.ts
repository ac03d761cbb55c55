import { now } from "../clock.js";
import { UsageError } from "../errors.js";
import { CLIENT_FORMATS } from "../clients/formats.js";
import { SEVERITIES } from "../playbook/constants.js";
import { AUDIENCES } from "../report/audiences.js";
import { GROUP_KEYS } from "../report/group-keys.js";
import { LETTER_FORMATS } from "../report/letter-formats.js";
import { SESSION_STATUSES, SOURCE_CHOICES } from "../session/records.js";

/**
 * Every option of every command, once: src/cli.ts registers commander's options from this table
 * (and the quick way in, src/fast/, reads them off commander at build time), parseOptions checks
 * what a command is handed against it, and each command's options type is derived from it
 * (CommandOptions<"report">), so an allowed value, a default or a key is written in one place.
 *
 * Plain data and no zod: the read commands parse their options with it inside their
 * dist/read-<verb>.cjs, kept free of zod and yaml to start fast (issue 11,
 * tests/commands/import-budget.test.ts).
 */

/** `--json`: on or not given. */
interface FlagSpec {
  kind: "flag";
  flags: string;
  help: string;
}
/** `--no-color`: true unless given. */
interface NegatedSpec {
  kind: "negated";
  flags: string;
  help: string;
}
/**
 * `--client <name>`: one value. `path`: it names a file or folder; `names`: it chooses what is
 * listed by a name. Either way empty is refused: an unset variable in a script would otherwise
 * mean the default, or choose nothing and let `--fail` pass.
 */
interface TextSpec {
  kind: "text";
  flags: string;
  help: string;
  path?: boolean;
  names?: boolean;
  required?: boolean;
}
/** `--contact <person...>`: one or more values. */
interface ListSpec {
  kind: "list";
  flags: string;
  help: string;
}
/** `--format <format>`: one of a fixed list. */
interface ChoiceSpec<V extends string = string> {
  kind: "choice";
  flags: string;
  help: string;
  choices: readonly V[];
  default?: V;
}
export type OptionSpec = FlagSpec | NegatedSpec | TextSpec | ListSpec | ChoiceSpec;

const flag = (flags: string, help: string) => ({ kind: "flag", flags, help }) as const;
const text = (flags: string, help: string) => ({ kind: "text", flags, help }) as const;
const path = (flags: string, help: string) => ({ kind: "text", flags, help, path: true }) as const;
const names = (flags: string, help: string) => ({ kind: "text", flags, help, names: true }) as const;
const required = (flags: string, help: string) => ({ kind: "text", flags, help, required: true }) as const;
const list = (flags: string, help: string) => ({ kind: "list", flags, help }) as const;
function choice<const V extends string>(flags: string, help: string, choices: readonly V[]): { kind: "choice"; flags: string; help: string; choices: readonly V[] };
function choice<const V extends string, const D extends V>(
  flags: string,
  help: string,
  choices: readonly V[],
  fallback: D,
): { kind: "choice"; flags: string; help: string; choices: readonly V[]; default: D };
function choice(flags: string, help: string, choices: readonly string[], fallback?: string): ChoiceSpec {
  return fallback === undefined ? { kind: "choice", flags, help, choices } : { kind: "choice", flags, help, choices, default: fallback };
}

/** The values of the options only one command has; the others belong to what they choose (a letter's formats, a session's states). */
export const REPORT_FORMATS = ["table", "md", "html", "json", "csv"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const EXPORT_FORMATS = ["md", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const ACTION_FORMATS = ["table", "json", "csv", "ics"] as const;
export type ActionFormat = (typeof ACTION_FORMATS)[number];
/** `actions --status`: one state, or `all` (cancelled and superseded ones too). Without it: open and done. */
export const ACTION_STATUS_CHOICES = ["open", "done", "cancelled", "all"] as const;
export type ActionStatusChoice = (typeof ACTION_STATUS_CHOICES)[number];

/** Options every command takes, before or after its verb. */
export const GLOBAL_OPTIONS = {
  db: path("--db <path>", "SQLite file holding the sessions (env: TRUST_DB)"),
  playbooks: path("--playbooks <dir>", "a folder of your own playbooks (env: TRUST_PLAYBOOKS)"),
  people: path("--people <file>", "our people who own commitments, with emails and aliases (default: people.yaml in the config folder)"),
  color: { kind: "negated", flags: "--no-color", help: "no colour in the output (NO_COLOR is honoured too)" },
  debug: flag("--debug", "print stack traces for errors"),
} as const;

const SESSION_STATUS = choice("--status <status>", "only sessions in this state", SESSION_STATUSES);
const SOURCE = choice("--source <how>", "sessions run live on the call, from an answers file, or all", SOURCE_CHOICES, "all");
const SINCE = "started on or after: 2026-11-01, 30d, 2w";
const REHEARSALS = flag("--rehearsals", "include rehearsal runs");
const LOCALE = text("--locale <tag>", "write dates the way this locale does, e.g. en-US (default: TRUST_LOCALE, the config file's, Tue 1 Dec 2026)");
const OUT_FORCE = flag("--force", "replace a read-only --out file");
const SAME_AS_JSON = flag("--json", "same as --format json");
const PRINT_JSON = flag("--json", "print JSON");
const ACTION_JSON = flag("--json", "print the action as JSON");

/** Each command's own options, keyed as commander keys them (`--due-within` is dueWithin), in the order help lists them. */
export const COMMAND_OPTIONS = {
  start: {
    client: text("--client <name>", "the client whose trust is at stake"),
    incident: text("--incident <text>", "what happened, in a few words"),
    severity: choice("--severity <level>", "how bad it was", SEVERITIES),
    owner: text("--owner <name>", "who runs the call and owns the follow-up"),
    contact: list("--contact <person...>", 'the client\'s people on the call, "Name <email>" (repeatable): the letter is addressed to them'),
    attendee: list("--attendee <person...>", 'our people on the call, "Name <email>" (repeatable)'),
    rehearsal: flag("--rehearsal", "a practice run: reports leave it out unless asked"),
    answers: path("--answers <file>", "answer from a YAML or JSON file instead of prompting (prompt id: value)"),
    json: flag("--json", "with --answers: print the finished session as JSON"),
    strict: flag("--strict", "with --answers: a commitment owner the people file does not know is an error, not a warning"),
  },
  resume: {
    fromStep: text("--from-step <step>", "reopen this step (id or number) and go on from there"),
  },
  sessions: {
    client: names("--client <name>", "only this client"),
    status: SESSION_STATUS,
    playbook: names("--playbook <id>", "only sessions of this playbook"),
    since: text("--since <when>", SINCE),
    until: text("--until <when>", "started before: 2026-12-01, 7d"),
    source: SOURCE,
    rehearsals: REHEARSALS,
    json: PRINT_JSON,
  },
  doctor: {
    json: PRINT_JSON,
  },
  client: {
    format: choice("--format <format>", "how to print it", CLIENT_FORMATS, "table"),
    json: flag("--json", "print JSON (short for --format json)"),
    rehearsals: REHEARSALS,
  },
  clients: {
    rehearsals: REHEARSALS,
    json: PRINT_JSON,
  },
  show: {
    json: PRINT_JSON,
  },
  export: {
    format: choice("--format <format>", "output format", EXPORT_FORMATS, "md"),
    audience: choice("--audience <who>", "team: everything; client: the letter, as `trust letter` writes it", AUDIENCES, "team"),
    redact: flag("--redact", "hide sensitive answers, email addresses, phone numbers, card numbers and IBANs"),
    out: path("--out <file>", "write to this file (atomically) instead of stdout"),
    force: OUT_FORCE,
    json: SAME_AS_JSON,
    tz: text("--tz <zone>", "the time zone for times in the summary, e.g. Europe/Berlin (default: TZ, the config file's, the system's)"),
    locale: LOCALE,
  },
  letter: {
    format: choice("--format <format>", "txt: plain, 72 columns; html: one self-contained page; eml: an email ready to send", LETTER_FORMATS, "md"),
    out: path("--out <file>", "write to this file (atomically, private to you) instead of stdout"),
    force: OUT_FORCE,
    redact: flag("--redact", "hide sensitive answers, email addresses, phone numbers, card numbers and IBANs (not with eml)"),
    edit: flag("--edit", "open the draft in $VISUAL or $EDITOR first (markdown for md, html and eml)"),
    record: flag("--record", "keep the final text, its sha256 and the time in the session's timeline (see `trust show`)"),
    locale: LOCALE,
  },
  report: {
    since: text("--since <when>", `sessions ${SINCE}`),
    until: text("--until <when>", "sessions started before"),
    client: names("--client <name>", "only this client"),
    playbook: names("--playbook <id>", "only this playbook"),
    status: SESSION_STATUS,
    source: SOURCE,
    groupBy: choice("--group-by <key>", "one row per group (owner: commitments by their owner; session-owner: sessions by who ran them)", GROUP_KEYS),
    format: choice("--format <format>", "output format (html: one self-contained page with charts)", REPORT_FORMATS, "table"),
    out: path("--out <file>", "write to this file (atomically, private to you) instead of stdout"),
    force: OUT_FORCE,
    json: SAME_AS_JSON,
    rehearsals: REHEARSALS,
  },
  actions: {
    open: flag("--open", "only open commitments"),
    overdue: flag("--overdue", "only open commitments past their due date"),
    dueWithin: text("--due-within <span>", "only open commitments due within 7d, 2w... (overdue ones included)"),
    status: choice("--status <status>", "only commitments in this state (default: open and done)", ACTION_STATUS_CHOICES),
    owner: names("--owner <name>", "only this person's (any of their names in the people file)"),
    client: names("--client <name>", "only this client's"),
    fail: flag("--fail", "exit 3 when any listed commitment is overdue (for CI)"),
    rehearsals: REHEARSALS,
    format: choice("--format <format>", "output format (default: table)", ACTION_FORMATS),
    json: SAME_AS_JSON,
  },
  "actions done": {
    note: text("--note <text>", "how it was done"),
    json: ACTION_JSON,
  },
  "actions edit": {
    what: text("--what <text>", "what will be done"),
    owner: text("--owner <name>", "who owns it: a name or alias from the people file"),
    due: text("--due <date>", "when: 2026-12-01, friday, +3d, end of month"),
    strict: flag("--strict", "an owner the people file does not know, or a group, is an error, not a warning"),
    json: ACTION_JSON,
  },
  "actions cancel": {
    reason: required("--reason <text>", "why it will not be done"),
    json: ACTION_JSON,
  },
  "actions reopen": {
    note: text("--note <text>", "why"),
    json: ACTION_JSON,
  },
  playbooks: {
    json: PRINT_JSON,
  },
  "playbook show": {
    json: flag("--json", "print the parsed playbook as JSON"),
  },
  "playbook validate": {
    json: flag("--json", "print the problems as JSON"),
  },
  "playbook schema": {},
  "playbook new": {
    out: path("--out <file>", "where to write it (default: <id>.yaml; - for stdout)"),
    force: flag("--force", "overwrite an existing file"),
  },
  import: {
    dryRun: flag("--dry-run", "say what would be imported, and write nothing"),
    json: PRINT_JSON,
  },
  sync: {
    push: flag("--push", "only send this file's new events to the team server"),
    pull: flag("--pull", "only bring the team's new events into this file (a read-only role is enough)"),
    dryRun: flag("--dry-run", "say how many events would move, and write nothing on either side"),
    status: flag("--status", "what waits to be pushed and pulled, and when this file last synced"),
    remote: text("--remote <url>", "the team's PostgreSQL server, postgres://user@host/db (env: TRUST_REMOTE)"),
    json: PRINT_JSON,
  },
  completion: {},
  __complete: {},
} as const satisfies Record<string, Record<string, OptionSpec>>;

export type CommandName = keyof typeof COMMAND_OPTIONS;

/** What a command line gives for one option. */
type ValueOf<S> = S extends { kind: "flag" }
  ? boolean | undefined
  : S extends { kind: "negated" }
    ? boolean
    : S extends { kind: "list" }
      ? string[] | undefined
      : S extends { kind: "choice"; choices: readonly (infer V)[]; default: unknown }
        ? V
        : S extends { kind: "choice"; choices: readonly (infer V)[] }
          ? V | undefined
          : S extends { required: true }
            ? string
            : string | undefined;

type OptionsOf<T> = { readonly [K in keyof T]: ValueOf<T[K]> };

export type GlobalOptions = OptionsOf<typeof GLOBAL_OPTIONS>;
/** What `command` runs with: its own options and the global ones, checked. */
export type CommandOptions<C extends CommandName> = GlobalOptions & OptionsOf<(typeof COMMAND_OPTIONS)[C]>;

/**
 * `raw` (commander's opts(), or the quick parser's, defaults filled in; `given`: the keys of the
 * options typed on the line, where known) checked against `command`'s table: each value
 * of the type its option gives, a choice among its choices, a path not empty (an unset variable in
 * a script would otherwise silently mean the default). commander has checked the choices already
 * on its way in; the quick way in and a test calling a command have not. Also refuses a TRUST_NOW
 * that cannot be used before the command starts, not half way through it (after a file is
 * written, or inside the call screen's timers).
 */
export function parseOptions<C extends CommandName>(command: C, raw: Readonly<Record<string, unknown>>, given?: ReadonlySet<string>): CommandOptions<C> {
  now();
  const specs: Record<string, OptionSpec> = { ...GLOBAL_OPTIONS, ...COMMAND_OPTIONS[command] };
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) out[key] = checked(spec, raw[key]);
  // `--json` is short for `--format json`: with another format on the line, it asks for two. The
  // parsers fill in defaults, so `given` (the options typed) tells a default from a format asked for.
  const formatGiven = given ? given.has("format") : raw.format !== undefined;
  if (out.json === true && "format" in specs && formatGiven && out.format !== "json") {
    throw new UsageError(`--json and --format ${String(out.format)} ask for two formats: give one`);
  }
  for (const [key, value] of Object.entries(raw)) {
    if (key in specs || value === undefined) continue;
    // A parent's option given to a subcommand (`actions --open done 7a2e`): commander takes it,
    // but the subcommand has no use for it, and silently dropping it would surprise.
    const owner = Object.values(COMMAND_OPTIONS).find((table) => key in table) as Readonly<Record<string, OptionSpec>> | undefined;
    // Only a bug can get here: commander hands only the options registered from these tables.
    if (owner === undefined) throw new Error(`trust ${command} was handed an option no command has: ${key}`);
    throw new UsageError(`${owner[key]!.flags.split(" ")[0]!} is not an option of \`trust ${command}\``, { hint: `see \`trust ${command} --help\`` });
  }
  return out as CommandOptions<C>;
}

function checked(spec: OptionSpec, value: unknown): unknown {
  const name = spec.flags.split(" ")[0]!;
  const wrong = (what: string) => new UsageError(`${name} ${what}`);
  switch (spec.kind) {
    case "flag":
      if (value !== undefined && typeof value !== "boolean") throw wrong("takes no value");
      return value;
    case "negated":
      if (value !== undefined && typeof value !== "boolean") throw wrong("takes no value");
      return value ?? true;
    case "list":
      if (value !== undefined && !(Array.isArray(value) && value.every((v) => typeof v === "string"))) throw wrong("needs one or more values");
      return value;
    case "choice": {
      const given = value ?? spec.default;
      if (given === undefined) return undefined;
      if (typeof given !== "string" || !spec.choices.includes(given)) {
        throw new UsageError(`${name} must be one of ${spec.choices.join(", ")}, not "${String(given)}"`);
      }
      return given;
    }
    case "text":
      if (value === undefined) {
        if (spec.required) throw wrong("is required");
        return undefined;
      }
      if (typeof value !== "string") throw wrong("needs a value");
      if (spec.path && value.trim() === "") throw new UsageError(`${name} is empty`, { hint: `give ${name} a path, or leave it out` });
      if (spec.names && value.trim() === "") throw new UsageError(`${name} needs a name`, { hint: `give ${name} a name, or leave it out for all of them` });
      return value;
  }
}
