import { checkbox, confirm, input, select } from "@inquirer/prompts";
import type { Context } from "@inquirer/type";
import { InterruptedError } from "../errors.js";
import type { Prompt, PromptOf } from "../playbook/schema.js";
import type { ActionItem, AnswerValue } from "../session/model.js";
import { parseDueDate } from "../session/time.js";
import { choiceList } from "../session/choices.js";
import { validateAnswer } from "../session/validate.js";
import { CHECKLIST_PAGE_SIZE, SELECT_PAGE_SIZE } from "../session/view.js";
import { withHotkeys, type Intent } from "./hotkeys.js";
import rating from "./rating.js";

/** What came of asking one prompt. */
export type Outcome = { kind: "answer"; value: AnswerValue } | { kind: Intent };

export interface AskContext {
  /** The prompt's message with its variables already filled in. */
  message: string;
  now: () => Date;
  /** The session owner: the default owner of a commitment. */
  owner: string;
  /** The current answer, when a step is revisited: offered as the default. */
  current?: AnswerValue;
  /** `current` holds the saved entries of a list not yet finished: go on adding to it. */
  unfinished?: boolean;
  /** list and actions prompts grow entry by entry; each confirmed entry is saved through this at once. */
  onPartial: (value: AnswerValue) => void;
  /** Clears the screen and draws the step above the prompt, leaving `rows` rows for it (lists redraw for each entry). */
  redraw: (rows: number) => void;
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
}

/**
 * The only place that talks to @inquirer/prompts: asks one playbook prompt and returns the
 * validated value, or the hotkey the person pressed. Ctrl-C becomes an InterruptedError.
 */
export async function ask(prompt: Prompt, ctx: AskContext): Promise<Outcome> {
  try {
    switch (prompt.type) {
      case "list":
        return await askList(prompt, ctx);
      case "actions":
        return await askActions(prompt, ctx);
      default: {
        const r = await withHotkeys(ctx.input, (signal) => askOne(prompt, ctx, { input: ctx.input, output: ctx.output, signal }));
        return "intent" in r ? { kind: r.intent } : { kind: "answer", value: r.answer };
      }
    }
  } catch (err) {
    throw asInterrupt(err);
  }
}

/** Asks a free-text question with the same hotkeys; used for notes and session details. */
export async function askText(
  message: string,
  ctx: Pick<AskContext, "input" | "output">,
  opts: { default?: string; required?: boolean } = {},
): Promise<string> {
  try {
    const value = await input(
      { message, default: opts.default, required: opts.required },
      { input: ctx.input, output: ctx.output },
    );
    return value.trim();
  } catch (err) {
    throw asInterrupt(err);
  }
}

function asInterrupt(err: unknown): unknown {
  return err instanceof Error && err.name === "ExitPromptError" ? new InterruptedError() : err;
}

/** Runs inquirer's validation through the engine, so typed and file answers obey the same rules. */
function validator(prompt: Prompt, ctx: AskContext) {
  return (raw: unknown) => {
    const r = validateAnswer(prompt, raw, { now: ctx.now(), owner: ctx.owner });
    return r.ok ? true : r.message;
  };
}

function mustValidate(prompt: Prompt, raw: unknown, ctx: AskContext): AnswerValue {
  const r = validateAnswer(prompt, raw, { now: ctx.now(), owner: ctx.owner });
  if (!r.ok) throw new Error(`validated input was refused: ${r.message}`);
  return r.value;
}

async function askOne(prompt: Prompt, ctx: AskContext, context: Context): Promise<AnswerValue> {
  const message = ctx.message;
  const current = ctx.current;
  switch (prompt.type) {
    case "text":
    case "longtext": {
      const raw = await input(
        { message, default: typeof current === "string" ? current : prompt.default, validate: validator(prompt, ctx) },
        context,
      );
      return mustValidate(prompt, raw, ctx);
    }
    case "number": {
      const raw = await input(
        {
          message: prompt.unit ? `${message} (${prompt.unit})` : message,
          default: current !== undefined ? String(current) : prompt.default?.toString(),
          validate: validator(prompt, ctx),
        },
        context,
      );
      return mustValidate(prompt, raw, ctx);
    }
    case "date": {
      const raw = await input(
        {
          message,
          default: typeof current === "string" ? current : prompt.default,
          validate: validator(prompt, ctx),
          transformer: (v) => resolvedDate(v, ctx),
        },
        context,
      );
      return mustValidate(prompt, raw, ctx);
    }
    case "confirm":
      return confirm({ message, default: typeof current === "boolean" ? current : prompt.default }, context);
    case "select": {
      const fallback = typeof current === "string" ? current : prompt.default;
      return select(
        {
          message,
          choices: choices(prompt),
          default: fallback,
          pageSize: SELECT_PAGE_SIZE,
        },
        context,
      );
    }
    case "checklist": {
      const ticked = new Set(Array.isArray(current) ? (current as string[]) : (prompt.default ?? []));
      const picked = await checkbox(
        {
          message,
          choices: choices(prompt).map((c) => ({ ...c, checked: ticked.has(c.value) })),
          pageSize: CHECKLIST_PAGE_SIZE,
          validate: (items) => validator(prompt, ctx)(items.map((i) => i.value)),
        },
        context,
      );
      return mustValidate(prompt, picked, ctx);
    }
    case "rating":
      return rating(
        {
          message,
          min: prompt.min,
          max: prompt.max,
          default: typeof current === "number" ? current : prompt.default,
          labels: prompt.labels,
        },
        context,
      );
  }
  throw new Error(`no adapter for prompt type ${prompt.type}`);
}

function choices(prompt: PromptOf<"select"> | PromptOf<"checklist">) {
  return choiceList(prompt).map((c) => ({ value: c.value, name: c.label, ...(c.help ? { description: c.help } : {}) }));
}

/**
 * Entries one by one; an empty entry ends the list. Each confirmed entry is saved before the
 * next is asked, so Ctrl-C in the middle keeps what was typed.
 */
async function askList(prompt: PromptOf<"list">, ctx: AskContext): Promise<Outcome> {
  const show = (e: string) => `  - ${e}`;
  const entries = await startFrom(Array.isArray(ctx.current) ? (ctx.current as string[]) : [], ctx, show);
  if (entries === "keep") return { kind: "answer", value: ctx.current as string[] };
  const noun = prompt.item ?? "entry";
  let warning: string | undefined;
  for (;;) {
    if (prompt.max !== undefined && entries.length >= prompt.max) break;
    showSoFar(ctx, entries.map(show), 2, warning);
    const r = await withHotkeys(ctx.input, (signal) =>
      input(
        { message: `${noun} ${entries.length + 1} (empty to finish):` },
        { input: ctx.input, output: ctx.output, signal },
      ),
    );
    if ("intent" in r) return { kind: r.intent };
    const text = r.answer.trim();
    if (!text) {
      if (entries.length >= (prompt.min ?? 0)) break;
      warning = `  at least ${prompt.min} ${noun}${prompt.min === 1 ? "" : "s"}, please (or ^X to skip)`;
      continue;
    }
    warning = undefined;
    entries.push(text);
    ctx.onPartial([...entries]);
  }
  return { kind: "answer", value: mustValidate(prompt, entries, ctx) };
}

async function askActions(prompt: PromptOf<"actions">, ctx: AskContext): Promise<Outcome> {
  const show = (a: ActionItem) => `  - ${a.what} (${a.owner}, due ${a.due})`;
  const existing = Array.isArray(ctx.current) ? (ctx.current as ActionItem[]) : [];
  const items = await startFrom(existing, ctx, show);
  if (items === "keep") return { kind: "answer", value: existing };
  const defaultOwner = prompt.owner ? prompt.owner.replaceAll("{{owner}}", ctx.owner) : ctx.owner;
  let warning: string | undefined;
  for (;;) {
    const n = items.length + 1;
    showSoFar(ctx, items.map(show), 4, warning);
    const what = await withHotkeys(ctx.input, (signal) =>
      input({ message: `commitment ${n}, what will we do? (empty to finish):` }, { input: ctx.input, output: ctx.output, signal }),
    );
    if ("intent" in what) return { kind: what.intent };
    if (!what.answer.trim()) {
      if (items.length >= (prompt.min ?? 0)) break;
      warning = `  at least ${prompt.min} commitment${prompt.min === 1 ? "" : "s"}, please (or ^X to skip)`;
      continue;
    }
    warning = undefined;
    const owner = await withHotkeys(ctx.input, (signal) =>
      input({ message: "  who owns it?", default: defaultOwner, required: true }, { input: ctx.input, output: ctx.output, signal }),
    );
    if ("intent" in owner) return { kind: owner.intent };
    const due = await withHotkeys(ctx.input, (signal) =>
      input(
        {
          message: "  due by? (2026-12-01, friday, +3d)",
          default: prompt.due,
          required: true,
          validate: (v) => {
            const d = parseDueDate(v, ctx.now());
            return d.ok ? true : d.message;
          },
          transformer: (v) => resolvedDate(v, ctx),
        },
        { input: ctx.input, output: ctx.output, signal },
      ),
    );
    if ("intent" in due) return { kind: due.intent };
    const item = mustValidate(prompt, [{ what: what.answer, owner: owner.answer, due: due.answer }], ctx) as ActionItem[];
    items.push(...item);
    ctx.onPartial([...items]);
  }
  return { kind: "answer", value: mustValidate(prompt, items, ctx) };
}

/**
 * Redraws the step with the list's message and its entries so far under it, before the next
 * entry is asked: the entries stay in view and the header does not scroll away as they grow.
 */
function showSoFar(ctx: AskContext, lines: string[], rows: number, warning: string | undefined): void {
  const all = [ctx.message, ...lines, ...(warning ? [warning] : [])];
  ctx.redraw(all.length + rows);
  ctx.output.write(all.map((l) => `${l}\n`).join(""));
}

/** A date as typed, with what a word like "friday" or "+2d" means, while typing and once confirmed. */
function resolvedDate(typed: string, ctx: AskContext): string {
  const d = typed.trim() ? parseDueDate(typed, ctx.now()) : undefined;
  return d?.ok && d.date !== typed.trim() ? `${typed} → ${d.date}` : typed;
}

/** When a list is revisited: keep it as it is, add to it, or start over; an unfinished one goes on. */
async function startFrom<T>(existing: T[], ctx: AskContext, show: (e: T) => string): Promise<T[] | "keep"> {
  if (existing.length === 0 || ctx.unfinished) return [...existing];
  ctx.output.write(`${ctx.message}\n${existing.map(show).join("\n")}\n`);
  const choice = await select(
    {
      message: "These are saved. What now?",
      choices: [
        { value: "keep", name: "keep them as they are" },
        { value: "add", name: "keep them and add more" },
        { value: "restart", name: "start the list over" },
      ],
    },
    { input: ctx.input, output: ctx.output },
  );
  if (choice === "keep") return "keep";
  return choice === "add" ? [...existing] : [];
}
