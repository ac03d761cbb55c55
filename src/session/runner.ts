import { InterruptedError } from "../errors.js";
import type { Playbook, Prompt, Step } from "../playbook/schema.js";
import type { Outcome } from "../prompts/ask.js";
import { interpolate, nextPosition, previousStep, visiblePrompts, visibleSteps } from "./engine.js";
import type { AnswerValue, SessionEvent, SessionRecord, TimedEvent } from "./model.js";
import { answerOf, callElapsed, replay, stepElapsed, type SessionState } from "./state.js";
import { parseBudget } from "./time.js";
import type { StepView } from "./view.js";
import { shortId } from "./model.js";

/** The part of the store the runner needs: append-only and read back. */
export interface SessionLog {
  append(sessionId: string, event: SessionEvent, at: number): TimedEvent;
  events(sessionId: string): TimedEvent[];
}

/** Everything the runner does to the screen, so tests can drive it with a queue of answers. */
export interface RunnerIo {
  showStep(view: StepView): void;
  ask(
    prompt: Prompt,
    ctx: {
      message: string;
      current?: AnswerValue;
      /** `current` holds the saved entries of a list not yet finished: go on adding to it. */
      unfinished?: boolean;
      onPartial: (v: AnswerValue) => void;
    },
  ): Promise<Outcome>;
  /** For a step with no prompts: Enter goes on; hotkeys still work. */
  acknowledge(): Promise<Outcome>;
  /** Asks for a free note; an empty string means none. */
  askNote(): Promise<string>;
  say(line: string, tone?: "info" | "warn"): void;
}

export interface RunOptions {
  log: SessionLog;
  session: SessionRecord;
  playbook: Playbook;
  io: RunnerIo;
  clock: () => number;
  /** Reopen this step first (resume --from-step). */
  fromStep?: string;
}

/**
 * Walks a session to its end. Every answer, skip, note and move is appended to the log (and so
 * committed) before the next prompt shows. Ctrl-C appends `paused` and rethrows, exit 130.
 */
export async function runSession(opts: RunOptions): Promise<SessionState> {
  const { log, session, playbook, io, clock } = opts;
  const info = session;
  let state = replay(log.events(session.id));
  const record = (event: SessionEvent) => {
    log.append(session.id, event, clock());
    state = replay(log.events(session.id));
  };

  // A step being revisited (back, --from-step): its prompts are asked again, answered or not.
  let revisit: { step: Step; asked: Set<string> } | null = null;
  if (opts.fromStep) {
    const step = visibleSteps(playbook, state, info).find((s) => s.id === opts.fromStep);
    if (step) revisit = { step, asked: new Set() };
  }
  // A list or actions prompt with entries saved but not finished (a note was taken in the
  // middle of it, or the session stopped there): asked again first, to go on adding entries.
  let unfinished: { step: Step; prompt: Prompt } | null = opts.fromStep
    ? null
    : unfinishedList(playbook, state, info, log.events(session.id));
  let shownStep: string | null = null;

  try {
    for (;;) {
      let step: Step;
      let prompt: Prompt | null;
      if (unfinished) {
        ({ step, prompt } = unfinished);
      } else if (revisit) {
        const open = visiblePrompts(revisit.step, state, info).find((p) => !revisit!.asked.has(p.id));
        if (!open && revisit.asked.size > 0) {
          revisit = null;
          continue;
        }
        step = revisit.step;
        prompt = open ?? null;
      } else {
        const pos = nextPosition(playbook, state, info);
        if (!pos) break;
        step = pos.step;
        prompt = pos.prompt;
      }

      if (step.id !== shownStep) {
        record({ type: "step_started", step: step.id });
        shownStep = step.id;
        io.showStep(stepView(playbook, step, state, session, clock()));
      } else {
        const budget = step.budget ? parseBudget(step.budget) : undefined;
        if (budget !== undefined && stepElapsed(state, step.id, clock()) > budget) {
          io.say(`⏱ This step has taken longer than its ${step.budget} budget: time to move on?`, "warn");
        }
      }

      const outcome: Outcome = prompt
        ? await io.ask(prompt, {
            message: interpolate(prompt.message, session),
            current: revisit || unfinished ? answerOf(state, prompt.id) : undefined,
            unfinished: unfinished !== null,
            onPartial: (value) => {
              record({ type: "answered", step: step.id, prompt: prompt!.id, value });
              unfinished = { step, prompt: prompt! };
            },
          })
        : await io.acknowledge();
      if (outcome.kind !== "note") unfinished = null;

      switch (outcome.kind) {
        case "answer":
          if (prompt) record({ type: "answered", step: step.id, prompt: prompt.id, value: outcome.value });
          else if (revisit) revisit.asked.add("");
          if (prompt && revisit) revisit.asked.add(prompt.id);
          break;
        case "skip":
          if (prompt) record({ type: "skipped", step: step.id, prompt: prompt.id });
          if (prompt && revisit) revisit.asked.add(prompt.id);
          else if (revisit) revisit = null;
          break;
        case "skip-step":
          record({ type: "skipped", step: step.id });
          revisit = null;
          break;
        case "back": {
          const prev = previousStep(playbook, state, info, step.id);
          if (!prev) {
            io.say("This is the first step.", "info");
            break;
          }
          record({ type: "went_back", step: step.id, to: prev.id });
          revisit = { step: prev, asked: new Set() };
          break;
        }
        case "note": {
          const text = await io.askNote();
          if (text) record({ type: "note", step: step.id, text });
          break;
        }
      }
    }
    record({ type: "completed" });
    return state;
  } catch (err) {
    if (err instanceof InterruptedError) {
      record({ type: "paused" });
      const short = shortId(session.id);
      throw new InterruptedError(`Session ${short} paused: every confirmed answer is saved.`, {
        hint: `continue it with: trust resume ${short}`,
      });
    }
    throw err;
  }
}

/**
 * The list or actions prompt whose entries were being typed when the session stopped. Each
 * entry is saved as it is confirmed, and a finished list saves its whole value once more, so
 * an unfinished one is a latest move that is a non-empty list answer unlike the prompt's
 * answer before it. Steps started and notes do not count as moves: a resume starts the step
 * again, and a note can be taken in the middle of a list.
 */
function unfinishedList(
  pb: Playbook,
  state: SessionState,
  info: SessionRecord,
  events: TimedEvent[],
): { step: Step; prompt: Prompt } | null {
  const moves = events.filter((e) => e.type === "answered" || e.type === "skipped" || e.type === "went_back");
  const last = moves.at(-1);
  if (last?.type !== "answered" || !Array.isArray(last.value) || last.value.length === 0) return null;
  const before = moves.slice(0, -1).reverse().find((e) => e.type === "answered" && e.prompt === last.prompt);
  if (before?.type === "answered" && JSON.stringify(before.value) === JSON.stringify(last.value)) return null;
  const step = visibleSteps(pb, state, info).find((s) => s.id === last.step);
  const prompt = step && visiblePrompts(step, state, info).find((p) => p.id === last.prompt);
  return step && prompt && (prompt.type === "list" || prompt.type === "actions") ? { step, prompt } : null;
}

function stepView(pb: Playbook, step: Step, state: SessionState, s: SessionRecord, now: number): StepView {
  const steps = visibleSteps(pb, state, s);
  return {
    client: s.client,
    incident: s.incident,
    stepIndex: Math.max(0, steps.findIndex((x) => x.id === step.id)),
    stepCount: steps.length,
    title: interpolate(step.title, s),
    guidance: step.guidance ? interpolate(step.guidance, s) : undefined,
    say: step.say?.map((t) => interpolate(t, s)),
    avoid: step.avoid?.map((t) => interpolate(t, s)),
    budgetMs: step.budget ? parseBudget(step.budget) : undefined,
    callMs: callElapsed(state, now),
    stepMs: stepElapsed(state, step.id, now),
    rehearsal: s.rehearsal,
  };
}
