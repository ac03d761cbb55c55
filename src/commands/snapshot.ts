import { ExitCode, TrustError } from "../errors.js";
import { formatProblem } from "../playbook/problem.js";
import { parsePlaybook } from "../playbook/load.js";
import type { Playbook } from "../playbook/schema.js";
import type { SessionRecord } from "../session/model.js";
import { shortId } from "../session/model.js";

/** The playbook a session was started with, from the snapshot stored with it. */
export function snapshotPlaybook(session: SessionRecord): Playbook {
  const parsed = parsePlaybook(session.playbookSource, `${session.playbookId} (snapshot of session ${shortId(session.id)})`);
  if (!parsed.ok) {
    throw new TrustError(`the playbook stored with session ${shortId(session.id)} can no longer be read`, ExitCode.failure, {
      details: parsed.problems.map(formatProblem),
    });
  }
  return parsed.playbook;
}
