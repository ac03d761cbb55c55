import { ExitCode, TrustError } from "../errors.js";
import type { Playbook } from "../playbook/schema.js";
import { shortId } from "../session/id-format.js";
import type { SessionRecord } from "../session/records.js";
import type { Store } from "../store/index.js";

/**
 * The playbook a session was started with, as the store keeps it checked (snapshot_facts): no
 * YAML parsed and no schema built on the way. Only a snapshot that no longer checks is parsed
 * again, to say what is wrong with it.
 */
export async function snapshotPlaybook(store: Store, session: SessionRecord): Promise<Playbook> {
  const stored = store.snapshotPlaybook(session);
  if (stored !== null) return stored;
  const [{ parsePlaybook }, { formatProblem }] = await Promise.all([import("../playbook/load.js"), import("../playbook/problem.js")]);
  const parsed = parsePlaybook(session.playbookSource, `${session.playbookId} (snapshot of session ${shortId(session.id)})`);
  // Checked again by this build: a snapshot a later trust can read is used as it reads it.
  if (parsed.ok) return parsed.playbook;
  throw new TrustError(`the playbook stored with session ${shortId(session.id)} can no longer be read`, ExitCode.failure, {
    details: parsed.problems.map(formatProblem),
  });
}
