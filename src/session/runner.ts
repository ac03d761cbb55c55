import { InterruptedError } from "../errors.js";
import type { Playbook, Prompt, Step } from "../playbook/schema.js";
import { fillPlaybook, templateValues } from "../playbook/template.js";
import { visibleSteps } from "./engine.js";
import { advance, nextQuestion, partial, startCursor } from "./flow.js";
import type { AnswerValue, SessionEvent, SessionRecord, TimedEvent } from "./model.js";
import { shortId } from "./id-format.js";
import type { Outcome } from "./outcome.js";
import { answerOf, callElapsed, replay, stepElapsed, type SessionState } from "./state.js";
import { parseBudget } from "./time.js";
import type { StepView } from "./view.js";

/** The part of the store the runner needs: append-only and read back. */
export interface SessionLog {
  append(sessionId: string, event: SessionEvent, at: number): TimedEvent;
  events(sessionId: string): TimedEvent[];
}

/** Everything the runner does to the screen, so tests can drive it with a queue of answers. */
export interface RunnerIo {
  showStep(view: StepView): void;
  /** Asks one prompt; its texts come with the session's variables filled in. */
  ask(
    prompt: Prompt,
    ctx: {
      current?: AnswerValue;
      /** `current` holds the saved entries of a list not yet finished: go on adding to it. */
      unfinished?: boolean;
      onPartial: (v: AnswerValue) => void;
      /** Saves a note for the step now: a screen that takes ^N over the question uses it instead of the "note" outcome. */
      onNote?: (text: string) => void;
    },
  ): Promise<Outcome>;
  /** For a step with no prompts: Enter goes on; hotkeys still work. `onNote` as for ask. */
  acknowledge(ctx?: { onNote?: (text: string) => void }): Promise<Outcome>;
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
 * Walks a session to its end: ask, record, advance. What to ask and what an outcome writes
 * are decided by the pure flow (flow.ts); every event is appended (and so committed) before
 * the next question. Ctrl-C appends `paused` and rethrows, exit 130.
 */
export async function runSession(opts: RunOptions): Promise<SessionState> {
  const { log, session, io, clock } = opts;
  const pb = fillPlaybook(opts.playbook, templateValues(session));
  let state = replay(log.events(session.id));
  const record = (event: SessionEvent) => {
    log.append(session.id, event, clock());
    state = replay(log.events(session.id));
  };
  let cursor = startCursor(pb, state, session, log.events(session.id), opts.fromStep);

  try {
    for (let q = nextQuestion(pb, state, session, cursor); q; q = nextQuestion(pb, state, session, cursor)) {
      if (q.entering) {
        record({ type: "step_started", step: q.step.id });
        cursor = { ...cursor, shown: q.step.id };
        io.showStep(stepView(pb, q.step, state, session, clock()));
      }
      const asked = q;
      // Saved at once, like every answer; the question it was typed over goes on as it was left.
      const onNote = (text: string) => record({ type: "note", step: asked.step.id, text });
      const outcome = asked.prompt
        ? await io.ask(asked.prompt, {
            current: asked.revisiting || asked.unfinished ? answerOf(state, asked.prompt.id) : undefined,
            unfinished: asked.unfinished,
            onPartial: (value) => {
              record({ type: "answered", step: asked.step.id, prompt: asked.prompt!.id, value, partial: true });
              cursor = partial(cursor, asked);
            },
            onNote,
          })
        : await io.acknowledge({ onNote });
      const note = outcome.kind === "note" ? await io.askNote() : undefined;
      const next = advance(pb, state, session, cursor, asked, outcome, note);
      for (const event of next.events) record(event);
      cursor = next.cursor;
      if (next.say) io.say(next.say, "info");
    }
    record({ type: "completed" });
    return state;
  } catch (err) {
    if (err instanceof InterruptedError) {
      record({ type: "paused" });
      const short = shortId(session.id);
      throw new InterruptedError(`Session ${short} paused: every confirmed answer is saved.`, {
        hint: `continue it with: trust resume ${short}`,
        // Typed and not confirmed is not saved: shown here, so it can be copied and typed again.
        details: err.unconfirmed === undefined ? undefined : ["typed but not confirmed, so not saved:", ...err.unconfirmed.split("\n").map((line) => `  ${line}`)],
        signal: err.signal,
      });
    }
    throw err;
  }
}

/** What the screen shows of a step; `pb` comes with its texts filled in. */
function stepView(pb: Playbook, step: Step, state: SessionState, s: SessionRecord, now: number): StepView {
  const steps = visibleSteps(pb, state, s);
  return {
    client: s.client,
    incident: s.incident,
    stepIndex: Math.max(0, steps.findIndex((x) => x.id === step.id)),
    stepCount: steps.length,
    title: step.title,
    guidance: step.guidance,
    say: step.say,
    avoid: step.avoid,
    budgetMs: step.budget ? parseBudget(step.budget) : undefined,
    callMs: callElapsed(state, now),
    stepMs: stepElapsed(state, step.id, now),
    rehearsal: s.rehearsal,
  };
}
