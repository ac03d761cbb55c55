import type { Playbook, Prompt, Step } from "../playbook/schema.js";
import { nextPosition, previousStep, visiblePrompts, visibleSteps } from "./engine.js";
import type { SessionEvent, SessionInfo, TimedEvent } from "./model.js";
import type { Outcome } from "./outcome.js";
import type { SessionState } from "./state.js";

/**
 * What the runner asks next and what an answer or a move writes: pure decisions, so the runner
 * is ask, record, advance. The timeline says what is answered; the cursor says what the
 * timeline cannot: a step being walked again (back, --from-step) and a list being continued.
 */

type Info = Pick<SessionInfo, "severity">;

export interface Cursor {
  /** The step on screen, whose step_started is recorded. */
  shown?: string;
  /** A step being walked again: its prompts are asked again, answered or not. "" marks a step with no prompts acknowledged. */
  revisit?: { step: string; asked: string[] };
  /** A list or actions prompt with entries saved but not finished: asked first, to go on adding to it. */
  unfinished?: { step: string; prompt: string };
}

export interface Question {
  step: Step;
  /** null: a step with no prompts, to acknowledge. */
  prompt: Prompt | null;
  /** The step is new on screen: record step_started and draw it. */
  entering: boolean;
  /** The step is being walked again: offer the current answers as defaults. */
  revisiting: boolean;
  /** The list being continued from its saved entries. */
  unfinished: boolean;
}

/** Where a run starts: at `fromStep` when given (it must be shown), else where the timeline left off. */
export function startCursor(pb: Playbook, state: SessionState, info: Info, events: TimedEvent[], fromStep?: string): Cursor {
  if (fromStep !== undefined) {
    nextPosition(pb, state, info, { fromStep }); // throws a UsageError when the step is not shown
    return { revisit: { step: fromStep, asked: [] } };
  }
  const unfinished = unfinishedList(pb, state, info, events);
  return unfinished ? { unfinished } : {};
}

/** The next question, or null when the session has nothing left to ask. */
export function nextQuestion(pb: Playbook, state: SessionState, info: Info, cursor: Cursor): Question | null {
  const steps = visibleSteps(pb, state, info);
  const find = (id: string) => steps.find((s) => s.id === id);
  const question = (step: Step, prompt: Prompt | null, extra: Partial<Question> = {}): Question => ({
    step,
    prompt,
    entering: cursor.shown !== step.id,
    revisiting: cursor.revisit?.step === step.id,
    unfinished: false,
    ...extra,
  });
  if (cursor.unfinished) {
    const step = find(cursor.unfinished.step);
    const prompt = step && visiblePrompts(step, state, info).find((p) => p.id === cursor.unfinished!.prompt);
    if (step && prompt) return question(step, prompt, { unfinished: true });
  }
  if (cursor.revisit) {
    const step = find(cursor.revisit.step);
    const asked = new Set(cursor.revisit.asked);
    if (step) {
      const open = visiblePrompts(step, state, info).find((p) => !asked.has(p.id));
      if (open || asked.size === 0) return question(step, open ?? null);
    }
  }
  const pos = nextPosition(pb, state, info);
  return pos ? question(pos.step, pos.prompt, { revisiting: false }) : null;
}

export interface Advance {
  /** Appended in this order, each committed before the next question. */
  events: SessionEvent[];
  cursor: Cursor;
  /** Something to tell the person ("This is the first step."). */
  say?: string;
}

/**
 * What an outcome writes and where the runner goes from there. A note is asked for by the
 * runner and passed as `note`; it moves nothing, so a list in progress goes on after it.
 */
export function advance(pb: Playbook, state: SessionState, info: Info, cursor: Cursor, q: Question, outcome: Outcome, note?: string): Advance {
  const step = q.step.id;
  const base: Cursor = { shown: step };
  const revisit = q.revisiting && cursor.revisit ? cursor.revisit : undefined;
  const asked = (id: string): Cursor => (revisit ? { ...base, revisit: { step: revisit.step, asked: [...revisit.asked, id] } } : base);
  switch (outcome.kind) {
    case "answer":
      return { events: q.prompt ? [{ type: "answered", step, prompt: q.prompt.id, value: outcome.value }] : [], cursor: asked(q.prompt?.id ?? "") };
    case "skip":
      if (!q.prompt) return { events: [], cursor: base };
      // Walking a step again, ^X passes a question by and keeps its answer (as Enter on the
      // answer shown would), as ^K does a step: confirmed again, so the step is walked past.
      const held = revisit ? state.answers.get(q.prompt.id) : undefined;
      if (held?.kind === "answered") {
        return { events: [{ type: "answered", step, prompt: q.prompt.id, value: held.value }], cursor: asked(q.prompt.id), say: `Kept the answer to: ${q.prompt.message}` };
      }
      return { events: [{ type: "skipped", step, prompt: q.prompt.id }], cursor: asked(q.prompt.id), say: `↷ Skipped: ${q.prompt.message}` };
    case "skip-step":
      // Walking a step again and moving on keeps the answers it has; only a step never
      // answered is recorded as skipped.
      if (revisit && hasAnswers(q.step, state)) {
        return { events: [{ type: "kept", step }], cursor: base, say: `Kept the answers of “${q.step.title}”.` };
      }
      return { events: [{ type: "skipped", step }], cursor: base, say: `↷ Skipped “${q.step.title}”.` };
    case "back": {
      const prev = previousStep(pb, state, info, step);
      if (!prev) return { events: [], cursor: { ...cursor, shown: step }, say: "This is the first step." };
      return {
        events: [{ type: "went_back", step, to: prev.id }],
        cursor: { shown: step, revisit: { step: prev.id, asked: [] } },
        say: `↶ Back to “${prev.title}”: its answers are shown, Enter keeps each.`,
      };
    }
    case "note":
      return { events: note ? [{ type: "note", step, text: note }] : [], cursor: { ...cursor, shown: step } };
  }
}

/** The cursor once a list or actions prompt has saved entries it has not finished. */
export function partial(cursor: Cursor, q: Question): Cursor {
  return q.prompt ? { ...cursor, shown: q.step.id, unfinished: { step: q.step.id, prompt: q.prompt.id } } : cursor;
}

function hasAnswers(step: Step, state: SessionState): boolean {
  return step.prompts.some((p) => state.answers.get(p.id)?.kind === "answered");
}

/**
 * The list or actions prompt whose entries were being typed when the session stopped: the
 * latest move is a partial save of its entries (each entry is saved as it is confirmed; the
 * finished list is saved whole, without the mark). Steps started and notes are not moves: a
 * resume starts the step again, and a note can be taken in the middle of a list.
 */
function unfinishedList(pb: Playbook, state: SessionState, info: Info, events: TimedEvent[]): Cursor["unfinished"] {
  const last = events.filter((e) => e.type === "answered" || e.type === "skipped" || e.type === "went_back" || e.type === "kept").at(-1);
  if (last?.type !== "answered" || !last.partial) return undefined;
  const step = visibleSteps(pb, state, info).find((s) => s.id === last.step);
  const prompt = step && visiblePrompts(step, state, info).find((p) => p.id === last.prompt);
  return step && prompt && (prompt.type === "list" || prompt.type === "actions") ? { step: step.id, prompt: prompt.id } : undefined;
}
