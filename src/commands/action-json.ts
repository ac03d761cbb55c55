import { isOverdue } from "../session/commitments.js";
import type { ListedAction } from "../store/read.js";

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

/**
 * A commitment as JSON: the one shape `trust actions --json`, the verbs' `--json`, the CSV columns
 * and `trust show --json` all print. `overdue` is worked out against today's date; times are UTC ISO 8601.
 */
export function actionJson(a: ListedAction, today: string) {
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
    createdAt: iso(a.createdAt),
    doneAt: iso(a.doneAt),
    doneNote: a.doneNote,
    cancelledAt: iso(a.cancelledAt),
    cancelReason: a.cancelReason,
  };
}
export type ActionJson = ReturnType<typeof actionJson>;
