import { isoTimestamp } from "../report/dates.js";
import { isOverdue } from "../session/commitments.js";
import type { ListedAction } from "../store/read.js";

const isoOrNull = (t: number | null) => (t === null ? null : isoTimestamp(t));

/**
 * A commitment as JSON: the one shape `trust actions --json`, the verbs' `--json`, the CSV
 * columns, `trust show --json` and `trust start --json` all print (src/json/shapes.ts documents
 * it). `overdue` is worked out against `today`; times are UTC ISO 8601.
 */
export function commitmentJson(a: ListedAction, today: string) {
  return {
    id: a.id,
    session: a.sessionId,
    client: a.client,
    incident: a.incident,
    prompt: a.prompt,
    what: a.what,
    owner: a.owner,
    due: a.due,
    status: a.status,
    overdue: isOverdue(a, today),
    createdAt: isoTimestamp(a.createdAt),
    doneAt: isoOrNull(a.doneAt),
    doneNote: a.doneNote,
    cancelledAt: isoOrNull(a.cancelledAt),
    cancelReason: a.cancelReason,
  };
}
export type CommitmentJson = ReturnType<typeof commitmentJson>;
