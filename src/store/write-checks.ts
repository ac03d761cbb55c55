import { TrustError } from "../errors.js";
import type { Playbook } from "../playbook/schema.js";
import { SessionEvent, SessionInfo } from "../session/model.js";
import { describeSource } from "./describe-snapshot.js";
import type { SnapshotFacts } from "./snapshot-facts.js";

/**
 * What a store checks and works out before it writes: a new session's details and each event
 * against their schemas, and a new snapshot's facts. A writable store is opened with these
 * (src/store/open.ts); a store opened for reading has none, so reading never loads zod or the
 * YAML parser they need.
 */
export interface WriteChecks {
  info(input: SessionInfo): SessionInfo;
  event(event: SessionEvent): SessionEvent;
  /** `parsed`: the playbook as the caller already checked it, which spares parsing the source again. */
  snapshot(source: string, parsed?: Playbook): SnapshotFacts;
}

export const WRITE_CHECKS: WriteChecks = {
  info: (input) => SessionInfo.parse(input),
  event(event) {
    const result = SessionEvent.safeParse(event);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    throw new TrustError(`cannot save a "${String(event?.type)}" event: ${issue?.path.join(".") ?? ""} ${issue?.message ?? ""}`.trim());
  },
  snapshot: describeSource,
};
