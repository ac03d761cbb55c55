import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { choiceValues } from "../../src/playbook/entries.js";
import { parsePlaybook } from "../../src/playbook/load.js";
import type { Playbook, Prompt } from "../../src/playbook/schema.js";
import { nextPosition } from "../../src/session/engine.js";
import type { ActionItem, ActionRecord, SessionEvent, SessionRecord, TimedEvent } from "../../src/session/model.js";
import { replay, type SessionState } from "../../src/session/state.js";
import { validateAnswer } from "../../src/session/validate.js";

/**
 * A whole session run on a playbook by the engine, answering every prompt it shows with a valid
 * value, for tests that look at everything a session produces (exports, the summary). "low" picks
 * the first choice, the bottom of each scale and "yes"; "high" the last choice, the top and "no",
 * so that between them most conditional steps are shown. Fixed times, no database.
 */

export type Variant = "low" | "high";

export interface AutoSession {
  playbook: Playbook;
  session: SessionRecord;
  events: TimedEvent[];
  state: SessionState;
  actions: ActionRecord[];
}

const PLAYBOOKS_DIR = fileURLToPath(new URL("../../playbooks/", import.meta.url));

/** The builtin playbooks, by file name, parsed. */
export function builtinPlaybooks(): Array<[string, Playbook]> {
  return readdirSync(PLAYBOOKS_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((name) => {
      const parsed = parsePlaybook(readFileSync(join(PLAYBOOKS_DIR, name), "utf8"), name);
      if (!parsed.ok) throw new Error(`builtin playbook ${name} is invalid`);
      return [name, parsed.playbook];
    });
}

/** Tuesday 10 November 2026, 09:00 UTC. */
const T0 = Date.UTC(2026, 10, 10, 9, 0, 0);

/** A raw answer the prompt accepts; validateAnswer turns it into the stored value. */
function rawAnswer(prompt: Prompt, variant: Variant): unknown {
  const low = variant === "low";
  switch (prompt.type) {
    case "text":
      return "Short answer".slice(0, prompt.max_length ?? 100);
    case "longtext":
      return "A longer answer.\nOn two lines.";
    case "confirm":
      return low;
    case "select":
      return low ? choiceValues(prompt)[0] : choiceValues(prompt).at(-1);
    case "checklist": {
      const values = choiceValues(prompt);
      const count = low ? Math.max(prompt.min ?? 0, 1) : (prompt.max ?? values.length);
      return values.slice(0, Math.min(count, values.length));
    }
    case "rating":
      return low ? prompt.min : prompt.max;
    case "number":
      return low ? (prompt.min ?? 0) : (prompt.max ?? 12);
    case "date":
      return "2026-11-20";
    case "list":
      return Array.from({ length: Math.max(prompt.min ?? 0, low ? 1 : Math.min(prompt.max ?? 3, 3)) }, (_, i) => `Fact ${i + 1}`);
    case "actions":
      return Array.from({ length: Math.max(prompt.min ?? 0, 2) }, (_, i) => ({ what: `Follow-up ${i + 1}`, due: "+1w" }));
  }
}

/** Runs `playbook` to the end, as the given session, answering every prompt shown. */
export function autoSession(playbook: Playbook, variant: Variant, info: Partial<SessionRecord> = {}): AutoSession {
  const base: SessionRecord = {
    id: "5e55104a5e55104a5e55104a5e55104a",
    client: "Northwind Traders",
    incident: "Checkout outage on 11 Nov",
    severity: variant === "low" ? "low" : "critical",
    owner: "Dana Whitfield",
    attendees: variant === "low" ? [] : [{ name: "Dana Whitfield" }, { name: "Marcus Lee" }],
    contacts: variant === "low" ? [] : [{ name: "Sam Ortiz", email: "sam@client.example" }],
    rehearsal: false,
    playbookId: playbook.id,
    playbookVersion: playbook.version,
    playbookHash: "0".repeat(64),
    playbookSource: "",
    status: "in_progress",
    source: "live",
    startedAt: T0,
    updatedAt: T0,
    completedAt: null,
  };
  const session = { ...base, ...info };
  const events: TimedEvent[] = [];
  const push = (e: SessionEvent) => events.push({ ...e, seq: events.length + 1, at: T0 + events.length * 30_000 });

  for (let guard = 0; guard < 1000; guard++) {
    const state = replay(events);
    const at = nextPosition(playbook, state, session);
    if (!at) break;
    const { step, prompt } = at;
    if (!state.stepStarted.has(step.id)) {
      push({ type: "step_started", step: step.id });
      push({ type: "note", step: step.id, text: `A note on ${step.id}` });
      if (!prompt) continue;
    }
    if (!prompt) throw new Error(`step ${step.id} started but still open`);
    const checked = validateAnswer(prompt, rawAnswer(prompt, variant), { now: new Date(T0), owner: session.owner });
    if (!checked.ok) throw new Error(`auto answer to ${prompt.id} is invalid: ${checked.message}`);
    push({ type: "answered", step: step.id, prompt: prompt.id, value: checked.value });
  }
  push({ type: "completed" });

  const end = events.at(-1)!.at;
  const done: SessionRecord = { ...session, status: "completed", updatedAt: end, completedAt: end };
  const actions = events.flatMap((e) =>
    e.type === "answered" && Array.isArray(e.value) && typeof e.value[0] === "object"
      ? (e.value as ActionItem[]).map(
          (a, position): ActionRecord => ({
            ...a,
            id: `${e.prompt}-${position}`.padEnd(32, "0"),
            sessionId: done.id,
            prompt: e.prompt,
            position,
            status: "open",
            createdAt: e.at,
            doneAt: null,
            doneNote: null,
            cancelledAt: null,
            cancelReason: null,
          }),
        )
      : [],
  );
  return { playbook, session: done, events, state: replay(events), actions };
}
