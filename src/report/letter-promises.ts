import { oneLine } from "./letter-text-clean.js";
import type { ActionRecord, TimedEvent } from "../session/records.js";
import { shortId } from "../session/id-format.js";
import { toIsoDate } from "../session/time.js";

/**
 * A letter sent to the client is a promise in writing. When the session already has a letter
 * recorded (trust letter --record) and one of the commitments that letter set down as still to do
 * has since been cancelled, dropped from the answer, or moved to a later day, or one it said was
 * done has been reopened, the next letter would leave it out, give the new day or list it as to
 * do again without a word: the client, who has the first letter,
 * sees a promise quietly broken (LETTERS.md: say when they will hear from us next, and keep it;
 * close the loop on each commitment). These are said as warnings, as everything else the letter
 * cannot write for the user is.
 *
 * Pure: the session's events (which hold its letters and every change to its commitments) and
 * its commitments as they are now.
 */

/** Which of the session's commitments a letter sets down: those of `listed` prompts, and the next update's. */
export interface LetterScope {
  listed: (prompt: string) => boolean;
  /** The prompt marked `letter: next`, whose day is a commitment of the session owner. */
  nextPrompt: string | undefined;
}

/** A playbook as far as its letter goes: its prompts' ids and `letter:` marks (the checked playbook, or its stored JSON). */
export interface LetterMarks {
  steps: ReadonlyArray<{ prompts: ReadonlyArray<{ id: string; letter?: string | undefined }> }>;
}

/** Which commitments a letter from this playbook sets down, as buildLetter chooses them: those of `doing` prompts, or all when nothing is marked. */
export function letterScope(playbook: LetterMarks): LetterScope {
  const prompts = playbook.steps.flatMap((step) => step.prompts);
  const doing = new Set(prompts.filter((p) => p.letter === "doing").map((p) => p.id));
  const marked = prompts.some((p) => p.letter !== undefined);
  return { listed: (prompt) => !marked || doing.has(prompt), nextPrompt: prompts.find((p) => p.letter === "next")?.id };
}

type Item = { what: string; due: string };
type Status = "open" | "done" | "cancelled";
/** A commitment as the letter set it down: still to do, or done. */
type Promised = Item & { done: boolean };

/** What became of one commitment a letter set down. */
export interface PromiseChange {
  /** The commitment's id. */
  commitment: string;
  /** What it was, as the letter set it down. */
  what: string;
  /** moved: due later than the letter said; cancelled; dropped: from a changed answer; reopened: the letter said it was done. */
  change: "moved" | "cancelled" | "dropped" | "reopened";
  /** Its due day in the letter. */
  was: string;
  /** Its due day now, when it is open again or still. */
  now: string | null;
  /** Why it was cancelled. */
  reason: string | null;
}

/** A session's last recorded letter, and what has become of its promises since. */
export interface SinceLetter {
  /** When the letter was recorded, epoch ms. */
  at: number;
  /** In the order the letter set them down: soonest due first. */
  changes: PromiseChange[];
}

/** Which letter: the session's own, or (for commitments carried into another call) the one of the call that made them. */
export interface LetterOf {
  /** Only these commitments (those a later call carried), or all. */
  only?: ReadonlySet<string>;
  /** The session, named in the warning when it is not the one the new letter is for. */
  session?: string;
}

/** The session's last recorded letter and what has become of its promises since; undefined when it has no letter. */
export function sinceLastLetter(events: readonly TimedEvent[], actions: readonly ActionRecord[], scope: LetterScope, only?: ReadonlySet<string>): SinceLetter | undefined {
  const ordered = [...events].sort((a, b) => a.seq - b.seq);
  const letter = ordered.findLast((e) => e.type === "letter");
  if (letter === undefined) return undefined;
  const promised = promisedBy(ordered.filter((e) => e.seq < letter.seq), actions, letter.at, scope);
  const now = new Map(actions.map((a) => [a.id, a]));
  const changes: PromiseChange[] = [];
  const byDue = [...promised].sort(([, a], [, b]) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
  for (const [id, then] of byDue) {
    const a = now.get(id);
    if (a === undefined || (only !== undefined && !only.has(id))) continue;
    const change = changeOf(then, a);
    if (change) changes.push({ commitment: id, what: then.what, change, was: then.due, now: a.status === "open" ? a.due : null, reason: change === "cancelled" ? a.cancelReason : null });
  }
  return { at: letter.at, changes };
}

function changeOf(then: Promised, a: ActionRecord): PromiseChange["change"] | undefined {
  // "What we have done" said it was done; reopened since, it is to do again.
  if (then.done) return a.status === "open" ? "reopened" : undefined;
  if (a.status === "cancelled") return "cancelled";
  if (a.status === "superseded") return "dropped";
  return a.status === "open" && a.due > then.due ? "moved" : undefined;
}

/** A change as the warning a new letter gives before it goes out. */
export function promiseWarning(c: PromiseChange, letterAt: number, session?: string): string {
  const letter = `the letter recorded on ${toIsoDate(new Date(letterAt))}${session === undefined ? "" : ` for the call of session ${shortId(session)}`}`;
  const was = `${letter} promised "${oneLine(c.what)}" by ${c.was}`;
  switch (c.change) {
    case "reopened":
      return `${letter} said "${oneLine(c.what)}" was done, and it has since been reopened: say what is still to do, and by when, with --edit before you send this`;
    case "cancelled":
      return `${was}, and it has since been cancelled${c.reason ? ` (${oneLine(c.reason)})` : ""}: this letter leaves it out, so tell them why with --edit before you send this`;
    case "dropped":
      return `${was}, and it has since been dropped from the answer on the call: this letter leaves it out, so tell them why with --edit before you send this`;
    case "moved":
      return `${was}; it is now due ${c.now}: say that the day moved, and why, with --edit before you send this`;
  }
}

/** Warnings for the promises of a session's last recorded letter that have since been broken or moved. */
export function promisesSinceLetter(events: readonly TimedEvent[], actions: readonly ActionRecord[], scope: LetterScope, of: LetterOf = {}): string[] {
  const since = sinceLastLetter(events, actions, scope, of.only);
  return since ? since.changes.map((c) => promiseWarning(c, since.at, of.session)) : [];
}

/** The commitments the letter set down (open or done then, not cancelled), as they stood then, by id, from the events before it. */
function promisedBy(before: readonly TimedEvent[], actions: readonly ActionRecord[], letterAt: number, scope: LetterScope): Map<string, Promised> {
  // Each commitments prompt's list as last answered; the next update's day as last answered.
  const lists = new Map<string, Map<string, Item>>();
  const status = new Map<string, Status>();
  let next: { due: string; seq: number } | undefined;
  const nextEdits = new Map<string, { due: string; seq: number }>();
  for (const e of before) {
    switch (e.type) {
      case "answered":
        if (Array.isArray(e.value)) {
          const items = new Map<string, Item>();
          for (const item of e.value) if (typeof item === "object" && item.id !== undefined) items.set(item.id, { what: item.what, due: item.due });
          lists.set(e.prompt, items);
        } else if (e.prompt === scope.nextPrompt && typeof e.value === "string") {
          next = { due: e.value, seq: e.seq };
        }
        break;
      case "skipped":
        if (e.prompt !== undefined) lists.delete(e.prompt);
        if (e.prompt !== undefined && e.prompt === scope.nextPrompt) next = undefined;
        break;
      case "action_edited":
        for (const items of lists.values()) {
          const item = items.get(e.action);
          if (item) items.set(e.action, { what: e.what ?? item.what, due: e.due ?? item.due });
        }
        if (e.due !== undefined) nextEdits.set(e.action, { due: e.due, seq: e.seq });
        break;
      case "action_done":
        status.set(e.action, "done");
        break;
      case "action_cancelled":
        status.set(e.action, "cancelled");
        break;
      case "action_reopened":
        status.set(e.action, "open");
        break;
      default:
        break;
    }
  }
  const state = (id: string) => status.get(id) ?? "open";
  const open = (id: string) => state(id) === "open";
  const promised = new Map<string, Promised>();
  for (const [prompt, items] of lists) {
    if (prompt === scope.nextPrompt || !scope.listed(prompt)) continue;
    for (const [id, item] of items) if (state(id) !== "cancelled") promised.set(id, { ...item, done: state(id) === "done" });
  }
  // The next update's commitment is kept by the store, not named in the answer: the one of that
  // prompt made by then and still open then, at the day last answered or edited since.
  if (next !== undefined && scope.nextPrompt !== undefined) {
    const tracked = actions.filter((a) => a.prompt === scope.nextPrompt && a.createdAt <= letterAt && open(a.id)).sort((a, b) => b.createdAt - a.createdAt)[0];
    if (tracked) {
      const edit = nextEdits.get(tracked.id);
      promised.set(tracked.id, { what: tracked.what, due: edit !== undefined && edit.seq > next.seq ? edit.due : next.due, done: false });
    }
  }
  return promised;
}
