import type { ClientCommitment } from "../clients/page.js";
import { lateBy } from "../clients/render.js";
import { truncate } from "../format/text.js";
import type { OwnerCheck } from "../people/directory.js";
import type { Prompt, PromptOf } from "../playbook/schema.js";
import { choiceList } from "../session/choices.js";
import type { ActionItem, AnswerValue } from "../session/model.js";
import type { Intent, Outcome } from "../session/outcome.js";
import { parseDueDate, toIsoDate } from "../session/time.js";
import { DEFAULT_DUE, validateAnswer } from "../session/validate.js";
import type { Asked, CallScreen, Question } from "./call-screen.js";
import { ChoiceEditor } from "./editors/choice-editor.js";
import { ConfirmEditor } from "./editors/confirm-editor.js";
import { KeyChoiceEditor } from "./editors/key-choice-editor.js";
import type { Editor } from "./editors/editor.js";
import { RatingEditor } from "./editors/rating-editor.js";
import { TextEditor } from "./editors/text-editor.js";

export interface QuestionContext {
  now: () => Date;
  /** The session owner: the default owner of a commitment. */
  owner: string;
  /** A commitment's owner as typed, checked against our people (see Directory.checkOwner). */
  checkOwner?: (typed: string) => OwnerCheck;
  /** The current answer, when a step is revisited: offered as the default. */
  current?: AnswerValue;
  /** `current` holds the saved entries of a list not yet finished: go on adding to it. */
  unfinished?: boolean;
  /** list and actions prompts grow entry by entry; each confirmed entry is saved through this at once. */
  onPartial: (value: AnswerValue) => void;
  /** Open commitments of earlier calls with the client, offered first in a commitments question. */
  carry?: CarryOffer;
}

/** What a commitments question may do with the commitments of earlier calls (src/clients/on-call.ts). */
export interface CarryOffer {
  /** Those not yet decided on this call, the longest overdue first. */
  candidates(): ClientCommitment[];
  /** Decided on this call: not offered again. */
  settle(id: string): void;
  /** Marks one done, saved at once; why it could not be, if it could not. */
  markDone(id: string): string | undefined;
  /** Whether `id` is a commitment of an earlier call (carried into this one when it is in the list). */
  fromEarlierCall(id: string): boolean;
}

/**
 * Asks one playbook prompt on the call screen (its texts already filled in) and returns the
 * checked value, or the move a hotkey asked for. Typed and file answers obey the same rules:
 * every value goes through the engine's validateAnswer before it is taken.
 */
export async function askPrompt(screen: CallScreen, prompt: Prompt, ctx: QuestionContext): Promise<Outcome> {
  if (prompt.type === "list") return askList(screen, prompt, ctx);
  if (prompt.type === "actions") return askActions(screen, prompt, ctx);
  let value: AnswerValue | undefined;
  // The day of the next update is a promise to the client, checked as a commitment's due day is.
  const late = prompt.type === "date" && prompt.letter === "next" ? pastOnce(ctx) : undefined;
  const r = await screen.ask<unknown>({
    message: prompt.type === "number" && prompt.unit ? `${prompt.message} (${prompt.unit})` : prompt.message,
    help: prompt.help,
    editor: editorFor(prompt, ctx) as Editor<unknown>,
    check: (raw) => {
      const v = validateAnswer(prompt, raw, { now: ctx.now(), owner: ctx.owner });
      if (!v.ok) return v.message;
      const warning = typeof v.value === "string" ? late?.(v.value) : undefined;
      if (warning) return warning;
      value = v.value;
      return undefined;
    },
  });
  return "intent" in r ? { kind: r.intent } : { kind: "answer", value: value! };
}

function editorFor(prompt: Prompt, ctx: QuestionContext): Editor<unknown> {
  const current = ctx.current;
  switch (prompt.type) {
    case "text":
    case "longtext":
      return new TextEditor({ multiline: prompt.type === "longtext", default: typeof current === "string" ? current : prompt.default });
    case "number":
      return new TextEditor({ default: current !== undefined ? String(current) : prompt.default?.toString() });
    case "date":
      return new TextEditor({ default: typeof current === "string" ? current : prompt.default, annotate: (typed) => resolvedDate(typed, ctx) });
    case "confirm":
      return new ConfirmEditor(typeof current === "boolean" ? current : prompt.default !== false);
    case "select":
      return new ChoiceEditor(choiceList(prompt), false, typeof current === "string" ? current : prompt.default);
    case "checklist":
      return new ChoiceEditor(choiceList(prompt), true, Array.isArray(current) ? (current as string[]) : (prompt.default ?? []));
    case "rating": {
      const opts = { min: prompt.min, max: prompt.max, ...(prompt.labels ? { labels: prompt.labels } : {}) };
      const fallback = typeof current === "number" ? current : prompt.default;
      return new RatingEditor(fallback === undefined ? opts : { ...opts, default: fallback });
    }
    case "list":
    case "actions":
      throw new Error(`${prompt.type} prompts are asked entry by entry`);
  }
}

/**
 * A value the person may well mean but should look at twice (an owner the people file does not
 * know, a due day already past) is said once, and Enter again on the same value keeps it.
 * Returns the warning for `value` the first time it is given, undefined when it is kept.
 */
function saidOnce(): (value: string, warning: string | undefined) => string | undefined {
  let warned: string | undefined;
  return (value, warning) => {
    if (warning === undefined || warned === value) return undefined;
    warned = value;
    return `${warning}. Enter again keeps it`;
  };
}

/** A due day before today, said once: most often a slip ("yesterday" for "tomorrow", last year for next), sometimes a promise already late. */
function pastOnce(ctx: QuestionContext): (date: string) => string | undefined {
  const once = saidOnce();
  return (date) => once(date, date < toIsoDate(ctx.now()) ? `${date} is already past` : undefined);
}

/** A due day as typed, checked: one that is no date is refused, one already past said once (pastOnce). */
function dueCheck(ctx: QuestionContext): (typed: string) => string | undefined {
  const late = pastOnce(ctx);
  return (typed) => {
    const d = parseDueDate(typed, ctx.now());
    return d.ok ? late(d.date) : d.message;
  };
}

/** What a date as typed means ("friday" → 2026-11-13), while typing. */
function resolvedDate(typed: string, ctx: QuestionContext): string | undefined {
  if (!typed.trim()) return undefined;
  const d = parseDueDate(typed, ctx.now());
  return d.ok ? (d.date !== typed.trim() ? `→ ${d.date}` : undefined) : undefined;
}

/**
 * Entries one by one; an empty entry ends the list. Each confirmed entry is saved before the
 * next is asked, so a pause in the middle keeps what was typed.
 */
async function askList(screen: CallScreen, prompt: PromptOf<"list">, ctx: QuestionContext): Promise<Outcome> {
  const existing = Array.isArray(ctx.current) ? (ctx.current as string[]) : [];
  const start = await startFrom(screen, prompt, existing, ctx, (e) => e);
  if (!Array.isArray(start)) return start;
  const entries = [...start];
  const noun = prompt.item ?? "entry";
  const min = prompt.min ?? 0;
  let error: string | undefined;
  while (prompt.max === undefined || entries.length < prompt.max) {
    const r = await screen.ask({
      message: prompt.message,
      help: prompt.help,
      entries,
      editor: new TextEditor({ enter: `Enter adds the ${noun} · an empty one ends the list` }),
      error,
    });
    if ("intent" in r) return entries.length > 0 && r.intent === "skip" ? keepTyped(screen, prompt, entries, noun, ctx) : { kind: r.intent };
    const text = r.value.trim();
    if (!text) {
      if (entries.length >= min) break;
      error = `at least ${min} ${noun}${min === 1 ? "" : "s"}, please (^X skips the question)`;
      continue;
    }
    error = undefined;
    entries.push(text);
    ctx.onPartial([...entries]);
  }
  return { kind: "answer", value: mustValidate(prompt, entries, ctx) };
}

async function askActions(screen: CallScreen, prompt: PromptOf<"actions">, ctx: QuestionContext): Promise<Outcome> {
  const show = (a: ActionItem) => `${a.what} (${a.owner}, due ${a.due})`;
  const existing = Array.isArray(ctx.current) ? (ctx.current as ActionItem[]) : [];
  // Starting the list over keeps what was carried from earlier calls: carrying re-confirmed it
  // with the client (its new due day is saved on the call that made it), and dropped from the
  // list it would be neither this call's nor offered again.
  const carried = (a: ActionItem) => a.id !== undefined && ctx.carry?.fromEarlierCall(a.id) === true;
  const start = await startFrom(screen, prompt, existing, ctx, show, carried);
  if (!Array.isArray(start)) return start;
  const items = [...start];
  const offered = await offerCarry(screen, prompt, items, ctx, show);
  if (offered) return offered;
  const defaultOwner = prompt.owner ?? ctx.owner;
  const min = prompt.min ?? 0;
  let error: string | undefined;
  for (;;) {
    const n = items.length + 1;
    const ask = <V>(q: Omit<Question<V>, "message" | "entries">): Promise<Asked<V>> =>
      screen.ask({ message: prompt.message, help: prompt.help, entries: items.map(show), ...q });
    const what = await ask({
      editor: withLabel(new TextEditor({ enter: "Enter goes on to its owner · an empty one ends the list" }), `commitment ${n}: what will we do? (empty to finish)`),
      error,
    });
    // ^X ends the list keeping the commitments confirmed, at any of a commitment's three fields;
    // one whose owner or due day was still being typed is not finished, and said not kept.
    const stop = (intent: Intent, unfinished?: string): Outcome => {
      if (items.length === 0 || intent !== "skip") return { kind: intent };
      if (unfinished !== undefined) screen.notice(`“${unfinished}” was not finished, so it is not kept.`);
      return keepTyped(screen, prompt, items, "commitment", ctx);
    };
    if ("intent" in what) return stop(what.intent);
    if (!what.value.trim()) {
      if (items.length >= min) break;
      error = `at least ${min} commitment${min === 1 ? "" : "s"}, please (^X skips the question)`;
      continue;
    }
    error = undefined;
    // An owner the people file does not know, or a group, is said once; Enter again keeps it.
    const unknownOwner = saidOnce();
    const owner = await ask({
      editor: withLabel(new TextEditor({ default: defaultOwner }), `who owns “${what.value.trim()}”?`),
      unconfirmedBefore: `commitment: ${what.value.trim()}`,
      field: "owner",
      check: (v: string) => {
        if (!v.trim()) return "every commitment needs a named owner";
        const checked = ctx.checkOwner?.(v);
        return checked && !checked.ok ? unknownOwner(checked.name, checked.warning) : undefined;
      },
    });
    if ("intent" in owner) return stop(owner.intent, what.value.trim());
    const ownerName = ctx.checkOwner?.(owner.value).name ?? owner.value;
    const due = await ask({
      editor: withLabel(
        new TextEditor({ default: prompt.due ?? DEFAULT_DUE, annotate: (typed) => resolvedDate(typed, ctx) }),
        `due by? (2026-12-01, friday, +3d)`,
      ),
      check: dueCheck(ctx),
      unconfirmedBefore: `commitment: ${what.value.trim()} (owner: ${ownerName})`,
      field: "due",
    });
    if ("intent" in due) return stop(due.intent, what.value.trim());
    items.push(...(mustValidate(prompt, [{ what: what.value, owner: ownerName, due: due.value }], ctx) as ActionItem[]));
    ctx.onPartial([...items]);
  }
  return { kind: "answer", value: mustValidate(prompt, items, ctx) };
}

/**
 * The open commitments of earlier calls with this client, one at a time, each decided with one
 * key: carried into this list with a new due date (it keeps its id: the store re-confirms it),
 * done (saved at once), or left as it is. `items` grows with those carried, each saved at once.
 * Keys typed ahead end the offers (see CallScreen.typedAhead): a letter typed for the next
 * commitment must never mark an earlier one done.
 */
async function offerCarry(
  screen: CallScreen,
  prompt: PromptOf<"actions">,
  items: ActionItem[],
  ctx: QuestionContext,
  show: (a: ActionItem) => string,
): Promise<Outcome | undefined> {
  const carry = ctx.carry;
  if (!carry) return undefined;
  const offers = carry.candidates().filter((c) => !items.some((i) => i.id === c.id));
  for (const [i, c] of offers.entries()) {
    if (screen.typedAhead()) {
      screen.notice(`${offers.length - i} earlier commitment${offers.length - i === 1 ? "" : "s"} left as before: keys were typed ahead`);
      return undefined;
    }
    // When it is due, and how late, before what and whose: a long promise cut at the edge keeps them.
    const late = c.overdue ? `, ${lateBy(c)}` : "";
    const r = await screen.ask({
      message: prompt.message,
      entries: items.map(show),
      editor: new KeyChoiceEditor(
        `Promised on an earlier call (${i + 1} of ${offers.length}), due ${c.due}${late}: ${c.what} · ${c.owner}`,
        [
          { key: "c", value: "carry", label: "carry it into this call, with a new due date" },
          { key: "d", value: "done", label: "done: mark it done now" },
          { key: "l", value: "leave", label: "leave it open as it is" },
        ],
        "leave",
      ),
      whenTypedAhead: "leave",
    });
    if ("intent" in r) return items.length > 0 && r.intent === "skip" ? keepTyped(screen, prompt, items, "commitment", ctx) : { kind: r.intent };
    if (r.value === "leave") continue;
    if (r.value === "done") {
      const problem = carry.markDone(c.id);
      screen.notice(problem ?? `✓ Marked done: ${c.what}`);
      continue;
    }
    const due = await screen.ask({
      message: prompt.message,
      entries: items.map(show),
      editor: withLabel(
        new TextEditor({ default: c.overdue ? (prompt.due ?? DEFAULT_DUE) : c.due, annotate: (typed) => resolvedDate(typed, ctx) }),
        `new due date for “${c.what}”? (2026-12-01, friday, +3d)`,
      ),
      check: dueCheck(ctx),
    });
    if ("intent" in due) return { kind: due.intent };
    const [item] = mustValidate(prompt, [{ id: c.id, what: c.what, owner: c.owner, due: due.value }], ctx) as ActionItem[];
    items.push(item!);
    carry.settle(c.id);
    ctx.onPartial([...items]);
    screen.notice(`↻ Carried into this call, now due ${item!.due}: ${c.what}`);
  }
  return undefined;
}

/** A text editor with a label row above its input, for the fields of one commitment. */
function withLabel(editor: TextEditor, label: string): Editor<string> {
  return {
    key: (k) => editor.key(k),
    unconfirmed: () => editor.unconfirmed(),
    view: (cols, rows, paint) => {
      const v = editor.view(cols, Math.max(1, rows - 1), paint);
      return { lines: [paint.cyan(truncate(`  ${label}`, cols)), ...v.lines], cursor: v.cursor ? { line: v.cursor.line + 1, col: v.cursor.col } : undefined, hint: v.hint };
    },
  };
}

/**
 * When a list is revisited: keep it as it is, add to it, or start over; an unfinished one
 * goes on where it stopped. Hotkeys work here too.
 */
async function startFrom<T>(
  screen: CallScreen,
  prompt: PromptOf<"list"> | PromptOf<"actions">,
  existing: T[],
  ctx: QuestionContext,
  show: (e: T) => string,
  stays: (e: T) => boolean = () => false,
): Promise<T[] | Outcome> {
  if (existing.length === 0 || ctx.unfinished) return existing;
  const staying = existing.filter(stays);
  const r = await screen.ask({
    message: `${prompt.message} These are saved. What now?`,
    entries: existing.map(show),
    editor: new ChoiceEditor(
      [
        { value: "keep", label: "keep them as they are" },
        { value: "add", label: "keep them and add more" },
        { value: "restart", label: staying.length ? `start the list over (the ${staying.length} carried from earlier calls stay)` : "start the list over" },
      ],
      false,
    ),
  });
  if ("intent" in r) return { kind: r.intent };
  if (r.value === "keep") return { kind: "answer", value: existing as AnswerValue };
  return r.value === "add" ? existing : staying;
}

/**
 * ^X in a list that already has entries: they are kept and the list is done, rather than the
 * entries thrown away (^X on an empty list skips it). Too few for the prompt's minimum: skipped.
 */
function keepTyped(screen: CallScreen, prompt: PromptOf<"list"> | PromptOf<"actions">, entries: AnswerValue, noun: string, ctx: QuestionContext): Outcome {
  const r = validateAnswer(prompt, entries, { now: ctx.now(), owner: ctx.owner });
  if (!r.ok) return { kind: "skip" };
  const n = Array.isArray(entries) ? entries.length : 0;
  screen.notice(`Kept the ${n} ${noun}${n === 1 ? "" : "s"} typed; the list is done.`);
  return { kind: "answer", value: r.value };
}

function mustValidate(prompt: Prompt, raw: unknown, ctx: QuestionContext): AnswerValue {
  const r = validateAnswer(prompt, raw, { now: ctx.now(), owner: ctx.owner });
  if (!r.ok) throw new Error(`validated input was refused: ${r.message}`);
  return r.value;
}
