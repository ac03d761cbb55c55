import type { Database } from "better-sqlite3";
import { playbookFacts } from "../playbook/facts.js";
import { parsePlaybook } from "../playbook/load.js";
import type { Playbook } from "../playbook/schema.js";
import type { SnapshotFacts } from "./snapshot-facts.js";

/**
 * Reads a playbook snapshot's source once, when a writer stores it: its facts (src/store/
 * snapshot-facts.ts) from the YAML, and the playbook as checked. Only writers load this module,
 * and with it the YAML parser and zod; readers take what it stored.
 */
export function describeSource(source: string, parsed?: Playbook): SnapshotFacts {
  return { ...yamlFacts(source), playbook: parsed ?? checked(source) };
}

/** The facts from the YAML alone, so a snapshot that no longer checks still has its steps and ratings. */
function yamlFacts(source: string): Omit<SnapshotFacts, "playbook"> {
  const facts = playbookFacts(source);
  return {
    playbookId: facts.id,
    steps: facts.steps,
    metrics: { before: facts.metrics.trust_before ?? null, after: facts.metrics.trust_after ?? null },
    nextUpdate: facts.nextUpdate,
  };
}

function checked(source: string): Playbook | null {
  const result = parsePlaybook(source, "snapshot");
  return result.ok ? result.playbook : null;
}

/** Migration 3's step: the facts of every snapshot that has none yet, in the columns migration 3 made. */
export function describeSnapshots(db: Database): void {
  const insert = db.prepare(`INSERT OR IGNORE INTO snapshot_facts (hash, playbook_id, steps, trust_before_prompt, trust_after_prompt) VALUES (?, ?, ?, ?, ?)`);
  const missing = db
    .prepare("SELECT hash, source FROM playbook_snapshots WHERE hash NOT IN (SELECT hash FROM snapshot_facts)")
    .all() as Array<{ hash: string; source: string }>;
  for (const { hash, source } of missing) {
    const facts = yamlFacts(source);
    insert.run(hash, facts.playbookId, JSON.stringify(facts.steps), facts.metrics.before, facts.metrics.after);
  }
}

/** Migration 11's step: the next update's prompt and the checked playbook of every snapshot stored before. */
export function describePlaybooks(db: Database): void {
  const update = db.prepare("UPDATE snapshot_facts SET next_update_prompt = ?, playbook = ? WHERE hash = ?");
  const rows = db.prepare("SELECT hash, source FROM playbook_snapshots").all() as Array<{ hash: string; source: string }>;
  for (const { hash, source } of rows) {
    const facts = describeSource(source);
    update.run(facts.nextUpdate, facts.playbook === null ? null : JSON.stringify(facts.playbook), hash);
  }
}
