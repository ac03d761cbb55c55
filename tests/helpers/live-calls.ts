import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { SessionEvent, SessionSource } from "../../src/session/model.js";
import { openStore } from "../../src/store/index.js";
import { ROOT } from "./cli.js";

/**
 * Calls with real timelines, written through the store into a real SQLite file. `trust start
 * --answers` answers everything at one instant (a file run, with no call or step times), so the
 * report's timing figures need sessions whose steps start minutes apart, as on a live call.
 *
 * Both builtin playbooks used here share their step ids (prepare, get-facts, handle-problem,
 * accountability), rate trust in prepare and accountability and take commitments in handle-problem.
 */

const MIN = 60_000;
const SOURCES = new Map<string, string>();

function playbookSource(id: string): string {
  let source = SOURCES.get(id);
  if (source === undefined) {
    source = readFileSync(join(ROOT, "playbooks", `${id}.yaml`), "utf8");
    SOURCES.set(id, source);
  }
  return source;
}

export interface TimedCall {
  /** The day of the call; it starts at 10:00 UTC. */
  day: string;
  client: string;
  playbook?: "restore-trust" | "service-outage";
  owner?: string;
  incident?: string;
  trust: [number, number];
  actions: Array<{ what: string; owner: string; due: string }>;
  /** Minutes spent in prepare, get-facts, handle-problem and accountability. */
  minutes?: [number, number, number, number];
  /** "file": every event at the start instant, as `trust start --answers` stores it. */
  source?: SessionSource;
}

/** Records one completed call; returns its session id. */
export function timedCall(db: string, c: TimedCall): string {
  const playbookId = c.playbook ?? "restore-trust";
  const store = openStore(db);
  try {
    const t0 = Date.parse(`${c.day}T10:00:00Z`);
    const s = store.createSession({
      info: { client: c.client, incident: c.incident ?? "Checkout down", severity: "high", owner: c.owner ?? "Dana", attendees: [], contacts: [], rehearsal: false },
      playbookId,
      playbookVersion: 1,
      playbookSource: playbookSource(playbookId),
      at: t0,
      source: c.source ?? "live",
    });
    const [prepare, facts, problem, accountability] = c.source === "file" ? [0, 0, 0, 0] : (c.minutes ?? [4, 2, 3, 3]);
    let at = t0;
    const events: Array<[number, SessionEvent]> = [];
    const step = (id: string, minutes: number, answers: Array<[string, unknown]>) => {
      events.push([at, { type: "step_started", step: id }]);
      for (const [prompt, value] of answers) events.push([at, { type: "answered", step: id, prompt, value } as SessionEvent]);
      at += minutes * MIN;
    };
    step("prepare", prepare, [["trust_before", c.trust[0]]]);
    step("get-facts", facts, []);
    step("handle-problem", problem, [["actions", c.actions]]);
    step("accountability", accountability, [["trust_after", c.trust[1]]]);
    events.push([at, { type: "completed" }]);
    for (const [when, e] of events) store.append(s.id, e, when);
    return s.id;
  } finally {
    store.close();
  }
}

/** Marks the commitment that says `what` done at `at`. */
export function markDone(db: string, what: string, at: string): void {
  const store = openStore(db);
  try {
    const action = store.listActions({}).find((a) => a.what === what);
    if (!action) throw new Error(`no commitment says ${JSON.stringify(what)}`);
    store.changeAction(action.id, { kind: "done" }, Date.parse(at));
  } finally {
    store.close();
  }
}
