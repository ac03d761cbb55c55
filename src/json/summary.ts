import type { Playbook } from "../playbook/schema.js";
import { missingRequired } from "../session/engine.js";
import type { SessionRecord } from "../session/records.js";
import type { SessionState } from "../session/state.js";
import { counts, metricValues } from "../session/summary.js";
import type { ListedAction } from "../store/read.js";
import { commitmentJson } from "./commitment.js";

/**
 * `trust start --json` (and `resume`): the summary printed when a session ends. Its commitments
 * are in the one commitment shape (src/json/commitment.ts); they used to be a shape of their own
 * with five of its fields, which a script reading `trust actions --json` could not share code with.
 */
export function summaryJson(pb: Playbook, session: SessionRecord, state: SessionState, actions: readonly ListedAction[], today: string) {
  return {
    id: session.id,
    status: session.status,
    client: session.client,
    incident: session.incident,
    severity: session.severity,
    owner: session.owner,
    playbook: { id: pb.id, version: pb.version },
    ...counts(state),
    activeMs: state.activeMs,
    metrics: metricValues(pb, state),
    missingRequired: missingRequired(pb, state, session),
    actions: actions.filter((a) => a.status !== "superseded").map((a) => commitmentJson(a, today)),
  };
}
