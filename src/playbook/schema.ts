import { z } from "zod";
import { BUDGET_PATTERN, LETTER_ROLES, RELATIVE_DUE_PATTERN, SEVERITIES } from "./constants.js";
import { TEMPLATE_VARIABLES } from "./template.js";

/**
 * The playbook format. This file is the single source of truth: the TypeScript types below,
 * the JSON Schema in schema/playbook.schema.json and the shape checks of `trust playbook validate`
 * all come from it. Rules that need more than one field (unique ids, `when` referring to earlier
 * prompts, min <= max, ...) live in rules.ts.
 */

export const ID_PATTERN = /^[a-z][a-z0-9_-]*$/;

export { BUDGET_PATTERN, LETTER_ROLES, RELATIVE_DUE_PATTERN, SEVERITIES };
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

const Id = z
  .string()
  .regex(ID_PATTERN, "must start with a lowercase letter and hold only a-z, 0-9, '_' and '-'")
  .describe("Identifier, unique within the playbook");

const Text = z.string().trim().min(1, "must not be empty");

/** "{{client}}, {{incident}}, ... and {{attendees}} are filled in", for the texts template.ts fills. */
const FILLED = `${TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(", ").replace(/, ([^,]*)$/, " and $1")} are filled in`;

/** A scalar answer value a condition can compare with. */
const ConditionValue = z.union([z.string(), z.number(), z.boolean()]);

/**
 * Shows a step or prompt only when an earlier answer (or a session field) matches.
 * Exactly one of `prompt` / `session` names what is tested; at most one test is given.
 * With no test, the condition holds when the prompt was answered.
 */
export const When = z
  .strictObject({
    prompt: Id.optional().describe("An earlier prompt whose answer is tested"),
    session: z.enum(["severity"]).optional().describe("A session field that is tested"),
    equals: ConditionValue.optional(),
    in: z.array(ConditionValue).min(1).optional(),
    not_in: z.array(ConditionValue).min(1).optional(),
    includes: z.string().optional().describe("For checklists: holds when this choice was ticked"),
    min: z.number().optional().describe("For ratings and numbers: holds when the answer is >= min"),
    max: z.number().optional().describe("For ratings and numbers: holds when the answer is <= max"),
  })
  .describe("Condition on an earlier answer or a session field");
export type When = z.infer<typeof When>;

const Choice = z.union([
  Text,
  z.strictObject({
    value: Text.describe("Stored as the answer and used by conditions; never filled in"),
    label: Text.optional().describe(`Shown instead of the value; ${FILLED}`),
    help: Text.optional().describe(`A hint shown with the choice; ${FILLED}`),
  }),
]);
export type Choice = z.infer<typeof Choice>;

const common = {
  id: Id,
  message: Text.describe(`The question, as shown on the call and in exports; ${FILLED}`),
  help: Text.optional().describe(`A hint shown under the question; ${FILLED}`),
  required: z
    .boolean()
    .optional()
    .describe("A required prompt must be answered in an --answers run; on a live call it can still be skipped and filled in later"),
  when: When.optional(),
  internal: z.boolean().optional().describe("Left out of client-facing exports"),
  sensitive: z.boolean().optional().describe("Replaced by [redacted] in exports made with --redact"),
  category: z
    .enum(["fact", "feeling"])
    .optional()
    .describe("Keeps facts apart from feelings in exports"),
  letter: z
    .enum(LETTER_ROLES)
    .optional()
    .describe(
      "What the answer is in the client letter (trust letter); without it, the answer stays out of the letter. " +
        "heard: their account, quoted as theirs (text, longtext, list); feeling: how it was for them, in their words (text, longtext, list); " +
        "apology: the apology in the words said (text, longtext); agreed: the problem statement (text, longtext), used only when " +
        "the confirm also marked agreed says they agreed; doing: our commitments (actions); next: the day of the next update (date), " +
        "which becomes a commitment of the session owner",
    ),
};

export const TextPrompt = z.strictObject({
  ...common,
  type: z.literal("text"),
  default: z.string().optional(),
  max_length: z.number().int().positive().optional(),
});

export const LongTextPrompt = z.strictObject({
  ...common,
  type: z.literal("longtext"),
  default: z.string().optional(),
});

export const ConfirmPrompt = z.strictObject({
  ...common,
  type: z.literal("confirm"),
  default: z.boolean().optional(),
});

export const SelectPrompt = z.strictObject({
  ...common,
  type: z.literal("select"),
  choices: z.array(Choice).min(1),
  default: z.string().optional(),
});

export const ChecklistPrompt = z.strictObject({
  ...common,
  type: z.literal("checklist"),
  choices: z.array(Choice).min(1),
  default: z.array(z.string()).optional(),
  min: z.number().int().nonnegative().optional().describe("Fewest items that must be ticked"),
  max: z.number().int().positive().optional().describe("Most items that may be ticked"),
});

export const RatingPrompt = z.strictObject({
  ...common,
  type: z.literal("rating"),
  min: z.number().int().default(1),
  max: z.number().int().default(5),
  labels: z
    .record(z.string().regex(/^-?\d+$/, "must be a whole number"), Text)
    .optional()
    .describe(`Words for some points of the scale, e.g. { 1: 'no trust', 5: 'full trust' }; ${FILLED}`),
  metric: Id.optional().describe("Reports aggregate ratings by metric, e.g. trust_before, trust_after"),
  default: z.number().int().optional(),
});

export const NumberPrompt = z.strictObject({
  ...common,
  type: z.literal("number"),
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().optional(),
  unit: Text.optional().describe(`Shown after the number, e.g. hours, EUR; ${FILLED}`),
  default: z.number().optional(),
});

export const DatePrompt = z.strictObject({
  ...common,
  type: z.literal("date"),
  default: z.string().optional().describe("today, yesterday, +2d or YYYY-MM-DD"),
});

export const ListPrompt = z.strictObject({
  ...common,
  type: z.literal("list"),
  min: z.number().int().nonnegative().optional().describe("Fewest entries"),
  max: z.number().int().positive().optional().describe("Most entries"),
  item: Text.optional().describe(`What one entry is called, e.g. fact; ${FILLED}`),
});

export const ActionsPrompt = z.strictObject({
  ...common,
  type: z.literal("actions"),
  min: z.number().int().nonnegative().optional().describe("Fewest commitments"),
  due: z
    .string()
    .regex(RELATIVE_DUE_PATTERN, "must look like +2d or +1w")
    .optional()
    .describe("Default due date, relative to the call: +2d, +1w"),
  owner: Text.optional().describe(`Default owner of each commitment, e.g. "{{owner}}" (the session owner); ${FILLED}`),
});

export const PROMPT_TYPES = [
  "text",
  "longtext",
  "confirm",
  "select",
  "checklist",
  "rating",
  "number",
  "date",
  "list",
  "actions",
] as const;

export const Prompt = z.discriminatedUnion("type", [
  TextPrompt,
  LongTextPrompt,
  ConfirmPrompt,
  SelectPrompt,
  ChecklistPrompt,
  RatingPrompt,
  NumberPrompt,
  DatePrompt,
  ListPrompt,
  ActionsPrompt,
]);
export type Prompt = z.infer<typeof Prompt>;
export type PromptType = Prompt["type"];
export type PromptOf<T extends PromptType> = Extract<Prompt, { type: T }>;

export const Step = z.strictObject({
  id: Id,
  title: Text.describe(`Shown on the call, in the summary and in exports; ${FILLED}`),
  guidance: Text.optional().describe(`What the person on the call should do now; ${FILLED}`),
  say: z.array(Text).optional().describe(`Phrases that work on the call; ${FILLED}`),
  avoid: z.array(Text).optional().describe(`Things not to say or do; ${FILLED}`),
  budget: z
    .string()
    .regex(BUDGET_PATTERN, "must look like 90s, 3m or 1m30s")
    .refine((s) => s !== "", "must not be empty")
    .optional()
    .describe("Time this step should take on the call"),
  when: When.optional(),
  prompts: z.array(Prompt).default([]),
});
export type Step = z.infer<typeof Step>;

export const Playbook = z
  .strictObject({
    id: Id,
    title: Text.describe(`Listed by trust playbooks as written; within a session, ${FILLED}`),
    version: z.number().int().positive(),
    description: Text.describe(`When to use the playbook, shown by trust playbooks as written; within a session, ${FILLED}`),
    tags: z.array(Id).optional(),
    steps: z.array(Step).min(1),
  })
  .describe("A trust playbook for the trust CLI");
export type Playbook = z.infer<typeof Playbook>;
/** The playbook as written, before defaults are applied. */
export type PlaybookInput = z.input<typeof Playbook>;

