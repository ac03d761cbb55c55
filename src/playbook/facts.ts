import { readYaml } from "../fs/yaml-data.js";

/**
 * What a report needs from a stored playbook snapshot: its step order, and which prompts hold the
 * trust_before / trust_after ratings. Snapshots were validated when their session started, so
 * this reads the YAML without the full schema (zod), and treats anything unexpected as absent.
 */

export interface PlaybookFacts {
  /** The playbook id, or "" when the source has none. */
  id: string;
  steps: string[];
  /** metric name -> prompt id, for rating prompts that carry a metric. */
  metrics: Record<string, string>;
  /** The date prompt marked `letter: next` (the day of the next update to the client), or null. */
  nextUpdate: string | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Step ids and metric prompts of one playbook source; empty when it cannot be read. */
export function playbookFacts(source: string): PlaybookFacts {
  const facts: PlaybookFacts = { id: "", steps: [], metrics: {}, nextUpdate: null };
  // The same parser options and alias limit as when the playbook was first loaded.
  const read = readYaml(source, "playbook");
  if (!read.ok) return facts;
  const doc = read.data;
  if (!isRecord(doc) || !Array.isArray(doc.steps)) return facts;
  if (typeof doc.id === "string") facts.id = doc.id;
  for (const step of doc.steps) {
    if (!isRecord(step) || typeof step.id !== "string") continue;
    facts.steps.push(step.id);
    for (const prompt of Array.isArray(step.prompts) ? step.prompts : []) {
      if (isRecord(prompt) && prompt.letter === "next" && prompt.type === "date" && typeof prompt.id === "string") facts.nextUpdate ??= prompt.id;
      if (!isRecord(prompt) || prompt.type !== "rating") continue;
      if (typeof prompt.id === "string" && typeof prompt.metric === "string" && !(prompt.metric in facts.metrics)) {
        facts.metrics[prompt.metric] = prompt.id;
      }
    }
  }
  return facts;
}
