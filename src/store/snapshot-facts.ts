import type { Database, Statement } from "better-sqlite3";
import { playbookFacts } from "../playbook/facts.js";

/**
 * What the store keeps of each playbook snapshot besides its text (snapshot_facts): its step
 * order and the prompts that carry the trust ratings. Parsing a snapshot's YAML costs far more
 * than anything else about it, and a report over many snapshots paid for it on every run; so each
 * is read once, when it is first stored (or by migration 3 for those stored before).
 */

/** The prompts of a snapshot whose answers are the trust rating before and after the call. */
export interface MetricPrompts {
  before: string | null;
  after: string | null;
}

export const INSERT_FACTS = `INSERT OR IGNORE INTO snapshot_facts (hash, playbook_id, steps, trust_before_prompt, trust_after_prompt)
  VALUES (?, ?, ?, ?, ?)`;
export const METRICS_OF = "SELECT trust_before_prompt AS before, trust_after_prompt AS after FROM snapshot_facts WHERE hash = ?";

/** Reads a snapshot's source and stores its facts; returns its metric prompts. */
export function describeSnapshot(insert: Statement, hash: string, source: string): MetricPrompts {
  const facts = playbookFacts(source);
  const metrics = { before: facts.metrics.trust_before ?? null, after: facts.metrics.trust_after ?? null };
  insert.run(hash, facts.id, JSON.stringify(facts.steps), metrics.before, metrics.after);
  return metrics;
}

/** Stores the facts of every snapshot that has none yet: migration 3's step. */
export function describeSnapshots(db: Database): void {
  const insert = db.prepare(INSERT_FACTS);
  const missing = db
    .prepare("SELECT hash, source FROM playbook_snapshots WHERE hash NOT IN (SELECT hash FROM snapshot_facts)")
    .all() as Array<{ hash: string; source: string }>;
  for (const { hash, source } of missing) describeSnapshot(insert, hash, source);
}

/** Every snapshot's metric prompts, by hash. */
export function allMetricPrompts(db: Database): Map<string, MetricPrompts> {
  const rows = db.prepare(`SELECT hash, trust_before_prompt AS before, trust_after_prompt AS after FROM snapshot_facts`).all() as Array<MetricPrompts & { hash: string }>;
  return new Map(rows.map(({ hash, before, after }) => [hash, { before, after }]));
}
