import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parsePlaybook } from "../../src/playbook/load.js";
import type { Playbook } from "../../src/playbook/schema.js";

/** A playbook as sessions ran it: the parsed form and the exact text the store keeps a snapshot of. */
export interface RunPlaybook {
  playbook: Playbook;
  source: string;
  /** Relative share of sessions run with it. */
  weight: number;
  /** The builtin it was made from: what kind of incident it is for. */
  kind: string;
}

/**
 * The builtin playbooks, each also as a later version (a team edits its playbooks over time), and
 * a few team copies under their own ids: many playbook ids and snapshots, all valid.
 */
export function benchPlaybooks(root: string): RunPlaybook[] {
  const dir = join(root, "playbooks");
  const builtins = readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort();
  const out: RunPlaybook[] = [];
  for (const file of builtins) {
    const source = readFileSync(join(dir, file), "utf8");
    const weight = file.startsWith("restore-trust") || file.startsWith("service-outage") ? 3 : 1;
    const kind = file.replace(/\.yaml$/, "");
    out.push(parse(source, file, weight, kind));
    out.push(parse(source.replace(/^version: 1$/m, "version: 2"), file, weight, kind));
  }
  for (const [file, id] of [["restore-trust.yaml", "team-escalation"], ["service-outage.yaml", "platform-incident"], ["billing-error.yaml", "finance-dispute"]] as const) {
    const source = readFileSync(join(dir, file), "utf8").replace(/^id: [a-z-]+$/m, `id: ${id}`);
    out.push(parse(source, `${id}.yaml`, 0.5, file.replace(/\.yaml$/, "")));
  }
  return out;
}

function parse(source: string, file: string, weight: number, kind: string): RunPlaybook {
  const parsed = parsePlaybook(source, file);
  if (!parsed.ok) throw new Error(`bench playbook ${file} is invalid: ${JSON.stringify(parsed.problems[0])}`);
  return { playbook: parsed.playbook, source, weight, kind };
}
