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

type Item = { what: string; due: string };
type Status = "open" | "done" | "cancelled";
/** A commitment as the letter set it down: still to do, or done. */
type Promised = Item & { done: boolean };

/** Which letter: the session's own, or (for commitments carried into another call) the one of the call that made them. */
export interface LetterOf {
  /** Only these commitments (those a later call carried), or all. */
  only?: ReadonlySet<string>;
  /** The session, named in the warning when it is not the one the new letter is for. */
  session?: string;
}

/** Warnings for the promises of a session's last recorded letter that have since been broken or moved. */
export function promisesSinceLetter(events: readonly TimedEvent[], actions: readonly ActionRecord[], scope: LetterScope, of: LetterOf = {}): string[] {
  const ordered = [...events].sort((a, b) => a.seq - b.seq);
  const letter = ordered.findLast((e) => e.type === "letter");
  if (letter === undefined) return [];
  const promised = promisedBy(ordered.filter((e) => e.seq < letter.seq), actions, letter.at, scope);
  const day = toIsoDate(new Date(letter.at));
  const where = of.session === undefined ? "" : ` for the call of session ${shortId(of.session)}`;
  const now = new Map(actions.map((a) => [a.id, a]));
  const warnings: string[] = [];
  // In the order the letter set them down: soonest due first.
  const byDue = [...promised].sort(([, a], [, b]) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
  for (const [id, then] of byDue) {
    const a = now.get(id);
    if (a === undefined || (of.only !== undefined && !of.only.has(id))) continue;
    if (then.done) {
      // "What we have done" said it was done; reopened since, it is to do again.
      if (a.status === "open") warnings.push(`the letter recorded on ${day}${where} said "${oneLine(then.what)}" was done, and it has since been reopened: say what is still to do, and by when, with --edit before you send this`);
      continue;
    }
    const was = `the letter recorded on ${day}${where} promised "${oneLine(then.what)}" by ${then.due}`;
    if (a.status === "cancelled") {
      const why = a.cancelReason ? ` (${oneLine(a.cancelReason)})` : "";
      warnings.push(`${was}, and it has since been cancelled${why}: this letter leaves it out, so tell them why with --edit before you send this`);
    } else if (a.status === "superseded") {
      warnings.push(`${was}, and it has since been dropped from the answer on the call: this letter leaves it out, so tell them why with --edit before you send this`);
    } else if (a.status === "open" && a.due > then.due) {
      warnings.push(`${was}; it is now due ${a.due}: say that the day moved, and why, with --edit before you send this`);
    }
  }
  return warnings;
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
