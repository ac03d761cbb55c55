import { CLIENTS_VERSION } from "../clients/overview.js";
import { CLIENT_PAGE_VERSION } from "../clients/page.js";
import { PROMPT_TYPES } from "../playbook/schema.js";
import { EXPORT_FORMAT, EXPORT_VERSION } from "../report/export-model.js";
import { REPORT_FORMAT, REPORT_VERSION } from "../report/render-report.js";
import { EVENT_FIELDS } from "../session/records.js";

/**
 * Every `--json` output of trust and the fields of each entity in it, written once: the README's
 * "JSON output" section is rendered from this table (tests/json/shapes.test.ts fails when the two
 * differ, and rewrites the section with UPDATE_README=1), and the same tests hold each serializer
 * in src/json/ and each command's output to the fields listed here, in order.
 */

export interface Field {
  name: string;
  about: string;
}

const f = (name: string, about = ""): Field => ({ name, about });

/** The entities more than one output holds: each printed by one serializer in src/json/. */
export const ENTITIES = {
  session: {
    title: "Session",
    serializer: "src/json/session.ts",
    fields: [
      f("id", "32 hex characters; any unique prefix of 4 or more names it on the command line"),
      f("client"),
      f("incident"),
      f("severity", "low, medium, high or critical"),
      f("owner", "who ran the call"),
      f("attendees", "our people on the call, each `{ name, email }`, email null when not given"),
      f("contacts", "the client's people on the call, the same way"),
      f("rehearsal", "true for a practice run"),
      f("status", "in_progress or completed"),
      f("source", "live (walked through on the call screen) or file (recorded from an answers file by `trust start --answers`)"),
      f("playbook", "`{ id, version, hash }`: the playbook as it was when the call started; hash is the sha256 of its source"),
      f("startedAt"),
      f("updatedAt"),
      f("completedAt", "null until completed"),
    ],
  },
  commitment: {
    title: "Commitment",
    serializer: "src/json/commitment.ts",
    fields: [
      f("id", "32 hex characters"),
      f("session", "the id of the call that made it"),
      f("client"),
      f("incident"),
      f("prompt", "the id of the prompt that recorded it"),
      f("what"),
      f("owner"),
      f("due", "a day, YYYY-MM-DD"),
      f("status", "open, done, cancelled, or superseded: replaced when the answer was changed on the call"),
      f("overdue", "open and due before today, on your local calendar"),
      f("createdAt"),
      f("doneAt"),
      f("doneNote"),
      f("cancelledAt"),
      f("cancelReason"),
    ],
  },
  answer: {
    title: "Answer",
    serializer: "src/json/session-detail.ts",
    fields: [
      f("step", "the step's id"),
      f("prompt", "the prompt's id"),
      f("type", `the prompt's type: ${PROMPT_TYPES.join(", ")}`),
      f("message", "the question as the playbook asks it"),
      f("skipped"),
      f("value", "as the prompt type gives it: a string, number, boolean, list of strings, or list of `{ id, what, owner, due }`; null when skipped"),
      f("at"),
    ],
  },
  note: {
    title: "Note",
    serializer: "src/json/session-detail.ts",
    fields: [f("step", "the step it was taken on, or null"), f("text"), f("at")],
  },
  letter: {
    title: "Letter recorded",
    serializer: "src/json/session-detail.ts",
    fields: [f("at"), f("format", "md, txt, html or eml"), f("sha256", "of the text the timeline keeps")],
  },
} as const satisfies Record<string, { title: string; serializer: string; fields: readonly Field[] }>;

export type EntityName = keyof typeof ENTITIES;

/** How an output may change: versioned (a `version` that goes up when a field changes meaning or goes) or stable (fields are only ever added). */
type Stability = { versioned: { format?: string; version: number; section: string } } | { stable: true };

export interface JsonOutput {
  command: string;
  stability: Stability;
  /** What the output is: a list or one of an entity, or an object with these fields. */
  shape: { listOf: EntityName } | { one: EntityName } | { fields: readonly Field[] } | { see: string };
}

export const JSON_OUTPUTS: readonly JsonOutput[] = [
  { command: "trust sessions --json", stability: { stable: true }, shape: { listOf: "session" } },
  {
    command: "trust show <session> --json",
    stability: { stable: true },
    shape: {
      fields: [
        f("session", "a session"),
        f("activeMs", "the call's running time, pauses left out"),
        f("answers", "answers, in the order the playbook shows them"),
        f("notes", "notes"),
        f("actions", "commitments"),
        f("letters", "letters recorded"),
        f("timeline", "every event: `seq`, `type`, the fields of its type, below, and `at`"),
      ],
    },
  },
  { command: "trust actions --json", stability: { stable: true }, shape: { listOf: "commitment" } },
  { command: "trust actions done|edit|cancel|reopen <id> --json", stability: { stable: true }, shape: { one: "commitment" } },
  {
    command: "trust start --answers FILE --json",
    stability: { stable: true },
    shape: {
      fields: [
        f("id"),
        f("status"),
        f("client"),
        f("incident"),
        f("severity"),
        f("owner"),
        f("playbook", "`{ id, version }`"),
        f("answered", "how many prompts were answered"),
        f("skipped", "how many were skipped"),
        f("notes", "how many notes were taken"),
        f("activeMs"),
        f("metrics", "the latest rating of each metric, e.g. `{ trust_before: 2, trust_after: 4 }`"),
        f("missingRequired", "required prompts left unanswered, each `{ step, prompt }`"),
        f("actions", "commitments, superseded ones left out"),
      ],
    },
  },
  { command: "trust report --json", stability: { versioned: { format: REPORT_FORMAT, version: REPORT_VERSION, section: "#trust-report" } }, shape: { see: "the report (`trust report`)" } },
  {
    command: "trust export <session> --format json",
    stability: { versioned: { format: EXPORT_FORMAT, version: EXPORT_VERSION, section: "#trust-export" } },
    shape: { see: "the export (`trust export`)" },
  },
  { command: "trust client <name> --json", stability: { versioned: { version: CLIENT_PAGE_VERSION, section: "#json-shapes" } }, shape: { see: "one client's page" } },
  { command: "trust clients --json", stability: { versioned: { version: CLIENTS_VERSION, section: "#json-shapes" } }, shape: { see: "one line per client, the riskiest first" } },
  {
    command: "trust doctor --json",
    stability: { stable: true },
    shape: {
      fields: [
        f("database", "the file checked"),
        f("ok", "every check passed"),
        f("checks", "each `{ name, ok, detail }`, with `fix` when not ok, and `warning: true` (with `fix`) on one that is ok but worth knowing"),
        f("config", "`{ file, found }`: the config file looked for"),
        f("settings", "each `{ key, variable, source, value }`: `source` is flag, environment, config file or default"),
      ],
    },
  },
  {
    command: "trust import <file> --json",
    stability: { stable: true },
    shape: {
      fields: [
        f("from", "the file imported"),
        f("dryRun"),
        f("sessionsInFile"),
        f("eventsInFile"),
        f("new", "`{ sessions, events, rebuilt }`: what this file lacked; rebuilt: sessions that held events from both files, put back in order"),
        f("seconds"),
      ],
    },
  },
  {
    command: "trust sync --json",
    stability: { stable: true },
    shape: {
      fields: [
        f("remote", "the server's URL, password masked"),
        f("server", "the server's id"),
        f("pushed", "`{ sessions, events }` new on the server, or null with --pull"),
        f("pulled", "`{ sessions, events, rebuilt }` new in this file, or null with --push"),
        f("seconds"),
      ],
    },
  },
  {
    command: "trust sync --dry-run --json",
    stability: { stable: true },
    shape: { fields: [f("remote"), f("server"), f("dryRun"), f("toPush", "events a push would send, or null"), f("toPull", "events a pull would bring, or null")] },
  },
  {
    command: "trust sync --status --json",
    stability: { stable: true },
    shape: {
      fields: [
        f("remote"),
        f("reachable"),
        f("server"),
        f("lastSync", "when this file last synced with it, or null; when it is not reachable, with the one server this file has synced with, or null when there were several"),
        f("toPush", "null when the server is not reachable and this file has synced with several"),
        f("toPull", "null when the server is not reachable"),
        f("problem", "why it is not reachable (only then)"),
      ],
    },
  },
  {
    command: "trust playbooks --json",
    stability: { stable: true },
    shape: {
      see: "a list of playbooks, each `{ id, title, version, description, steps, prompts, origin, file }`: `origin` is builtin or user, `overrides` is true on a user playbook with a builtin's id, and an invalid one has `problems` instead of its title and counts",
    },
  },
  { command: "trust playbook show <playbook> --json", stability: { stable: true }, shape: { see: "the playbook as parsed, in the format of schema/playbook.schema.json" } },
  {
    command: "trust playbook validate <files...> --json",
    stability: { stable: true },
    shape: { fields: [f("valid", "every file is"), f("files", "each `{ file, valid, problems }`; a problem is `{ file, line, col, path, message }`")] },
  },
];

const code = (s: string) => `\`${s}\``;
const described = (x: Field) => (x.about === "" ? code(x.name) : `${code(x.name)}: ${x.about}`);

/** The README's "JSON output" section, without its heading. */
export function renderJsonSection(): string {
  const lines = [
    "Every data command prints JSON with `--json`. Times are UTC ISO 8601, days are YYYY-MM-DD, `null` means none. A **stable** output only ever gains fields; a **versioned** one carries `version` (and `format`), which goes up when a field changes meaning or goes. Each entity has one shape wherever it appears, printed by one function in `src/json/`; this section is rendered from `src/json/shapes.ts`, and tests hold both the section and every serializer to it.",
    "",
    "| command | prints | |",
    "|---|---|---|",
  ];
  for (const out of JSON_OUTPUTS) {
    const s = out.shape;
    const prints =
      "listOf" in s
        ? `a list of ${ENTITIES[s.listOf].title.toLowerCase()}s`
        : "one" in s
          ? `one ${ENTITIES[s.one].title.toLowerCase()}`
          : "see" in s
            ? s.see
            : s.fields.map(described).join("; ");
    const stability =
      "stable" in out.stability
        ? "stable"
        : `versioned: ${out.stability.versioned.format ? `${code(`"format": "${out.stability.versioned.format}"`)}, ` : ""}${code(`"version": ${out.stability.versioned.version}`)} ([fields](${out.stability.versioned.section}))`;
    lines.push(`| ${code(out.command).replace(/\|/g, "\\|")} | ${prints.replace(/\|/g, "\\|")} | ${stability} |`);
  }
  lines.push("");
  for (const entity of Object.values(ENTITIES)) {
    lines.push(`**${entity.title}**, in this order: ${entity.fields.map(described).join("; ")}.`, "");
  }
  const events = Object.entries(EVENT_FIELDS).map(([type, fields]) => (fields.length ? `${code(type)} (${fields.map(code).join(", ")})` : code(type)));
  lines.push(`**Event** types in a timeline, with the fields each always has (some have more, optional ones): ${events.join(", ")}.`);
  return lines.join("\n") + "\n";
}
