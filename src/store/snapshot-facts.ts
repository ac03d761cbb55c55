import type { Database } from "better-sqlite3";
import type { Playbook } from "../playbook/schema.js";

/**
 * What the store keeps of each playbook snapshot besides its text (snapshot_facts): its step
 * order, the prompts that carry the trust ratings and the next update's date, and the playbook
 * itself as checked, in JSON. Parsing a snapshot's YAML and checking it costs far more than
 * anything else a read does, so each snapshot is read once, in the transaction that stores it
 * (src/store/describe-snapshot.ts, or the migrations for those stored before), and reads take
 * what they need from here without loading the YAML parser or zod.
 */

/** The prompts of a snapshot whose answers are the trust rating before and after the call. */
export interface MetricPrompts {
  before: string | null;
  after: string | null;
}

/** Everything stored for one snapshot. */
export interface SnapshotFacts {
  /** The id in the source ("" when it cannot be read). */
  playbookId: string;
  steps: string[];
  metrics: MetricPrompts;
  /** The date prompt marked `letter: next`, or null. */
  nextUpdate: string | null;
  /** The playbook as checked when stored; null for a source that does not check (only tests store such). */
  playbook: Playbook | null;
}

export const INSERT_FACTS = `INSERT OR IGNORE INTO snapshot_facts (hash, playbook_id, steps, trust_before_prompt, trust_after_prompt, next_update_prompt, playbook)
  VALUES (?, ?, ?, ?, ?, ?, ?)`;
export const METRICS_OF = "SELECT trust_before_prompt AS before, trust_after_prompt AS after FROM snapshot_facts WHERE hash = ?";
export const NEXT_UPDATE_OF = "SELECT next_update_prompt AS prompt FROM snapshot_facts WHERE hash = ?";
export const PLAYBOOK_OF = "SELECT playbook FROM snapshot_facts WHERE hash = ?";

/** The arguments of INSERT_FACTS for one snapshot. */
export function factsRow(hash: string, facts: SnapshotFacts): unknown[] {
  return [
    hash,
    facts.playbookId,
    JSON.stringify(facts.steps),
    facts.metrics.before,
    facts.metrics.after,
    facts.nextUpdate,
    facts.playbook === null ? null : JSON.stringify(facts.playbook),
  ];
}

/** Every snapshot's metric prompts, by hash. */
export function allMetricPrompts(db: Database): Map<string, MetricPrompts> {
  const rows = db.prepare(`SELECT hash, trust_before_prompt AS before, trust_after_prompt AS after FROM snapshot_facts`).all() as Array<MetricPrompts & { hash: string }>;
  return new Map(rows.map(({ hash, before, after }) => [hash, { before, after }]));
}
