import type { Severity } from "../../src/playbook/schema.js";
import { openStore } from "../../src/store/index.js";
import { benchPlaybooks, type RunPlaybook } from "./playbooks.js";
import { Prng } from "./prng.js";
import { seedIds } from "./seeded-ids.js";
import { planSession } from "./session-plan.js";
import { INCIDENTS, clientNames, ownerNames } from "./vocabulary.js";

/**
 * Fills a database through the project's own store (openStore, createSession, append,
 * changeAction): the same validation, transactions and action bookkeeping as a live call,
 * batched so that 100,000 sessions do not pay one fsync per event.
 */

/** Bump when the generated data changes, so a cached database is made again. */
export const GENERATOR_VERSION = 3;

/** The generator's "now": every time is relative to it, never to the wall clock. Run the CLI with TRUST_NOW set to it. */
export const BENCH_NOW = Date.UTC(2026, 10, 1, 9, 0, 0);
export const BENCH_NOW_ISO = new Date(BENCH_NOW).toISOString();

const DAY = 86_400_000;
/** Sessions spread over two years before BENCH_NOW. */
const SPAN = 730 * DAY;
const SESSIONS_PER_BATCH = 500;

export interface GenerateOptions {
  db: string;
  sessions: number;
  seed?: number;
  /** The repository root (for playbooks/). */
  root: string;
  onProgress?: (done: number, total: number) => void;
}

export interface GenerateResult {
  sessions: number;
  events: number;
  actions: number;
  actionsDone: number;
  ms: number;
}

/** Generates `sessions` sessions into `db` (a new file). Same seed and count: same data, ids included. */
export function generateDatabase(opts: GenerateOptions): GenerateResult {
  const started = performance.now();
  const rng = new Prng(opts.seed ?? 20261101);
  const idRng = new Prng((opts.seed ?? 20261101) ^ 0x5eed);
  seedIds((size) => idRng.bytes(size));
  const playbooks = benchPlaybooks(opts.root);
  const totalWeight = playbooks.reduce((sum, p) => sum + p.weight, 0);
  // More clients as the history grows, as a growing team would have.
  const clients = clientNames(Math.max(20, Math.min(5000, Math.round(opts.sessions / 40))));
  const owners = ownerNames(Math.max(5, Math.min(120, Math.round(opts.sessions / 800))));
  const store = openStore(opts.db);
  const result = { sessions: 0, events: 0, actions: 0, actionsDone: 0 };
  try {
    for (let first = 0; first < opts.sessions; first += SESSIONS_PER_BATCH) {
      const last = Math.min(opts.sessions, first + SESSIONS_PER_BATCH);
      store.batch(() => {
        for (let i = first; i < last; i++) {
          const pb = pickPlaybook(rng, playbooks, totalWeight);
          // Evenly spread in time with some jitter, in order, so newer sessions have higher keys as in real use.
          const startedAt = BENCH_NOW - SPAN + Math.floor((i + rng.next() * 0.9) * (SPAN / opts.sessions));
          const owner = rng.pick(owners);
          const info = {
            // A few clients have many sessions, most have a handful.
            client: clients[Math.floor(clients.length * rng.next() ** 2)]!,
            incident: rng.pick(INCIDENTS[pb.kind] ?? INCIDENTS["restore-trust"]!),
            severity: rng.weighted<Severity>({ low: 25, medium: 40, high: 25, critical: 10 }),
            owner,
            attendees: rng.chance(0.6) ? rng.sample(owners, rng.int(1, 3)).filter((a) => a !== owner).map((name) => ({ name })) : [],
            contacts: [],
            rehearsal: rng.chance(0.02),
          };
          const plan = planSession({ rng, playbook: pb.playbook, info, owners, startedAt, end: BENCH_NOW });
          // One completed session in twenty was run from an answers file: every event at the start
          // instant, as `trust start --answers` writes them, so the report must leave it out of call times.
          const fileRun = plan.events.at(-1)?.event.type === "completed" && rng.chance(0.05);
          const session = store.createSession({
            info,
            playbookId: pb.playbook.id,
            playbookVersion: pb.playbook.version,
            playbookSource: pb.source,
            at: startedAt,
            source: fileRun ? "file" : "live",
          });
          for (const { event, at } of plan.events) {
            store.append(session.id, event, fileRun ? startedAt : at);
            if (event.type === "answered" && Array.isArray(event.value) && typeof event.value[0] === "object") result.actions += event.value.length;
          }
          result.events += plan.events.length;
          if (plan.done.length > 0) {
            const open = store.listActions({ sessionId: session.id, open: true });
            for (const done of plan.done) {
              const action = open.find((a) => a.position === done.position);
              if (!action) continue;
              store.changeAction(action.id, { kind: "done", note: done.note }, done.at);
              result.events += 1;
              result.actionsDone += 1;
            }
          }
          result.sessions += 1;
        }
      });
      opts.onProgress?.(last, opts.sessions);
    }
  } finally {
    store.close();
    seedIds(undefined);
  }
  return { ...result, ms: performance.now() - started };
}

function pickPlaybook(rng: Prng, playbooks: RunPlaybook[], total: number): RunPlaybook {
  let r = rng.next() * total;
  for (const p of playbooks) {
    r -= p.weight;
    if (r < 0) return p;
  }
  return playbooks[playbooks.length - 1]!;
}
