import { isoTimestamp } from "../report/dates.js";
import type { SessionRecord } from "../session/records.js";
import { personJson } from "./person.js";

/** A session as JSON: each element of `trust sessions --json`, and `session` in `trust show --json`. */
export function sessionJson(s: SessionRecord) {
  return {
    id: s.id,
    client: s.client,
    incident: s.incident,
    severity: s.severity,
    owner: s.owner,
    attendees: s.attendees.map(personJson),
    contacts: s.contacts.map(personJson),
    rehearsal: s.rehearsal,
    status: s.status,
    source: s.source,
    playbook: { id: s.playbookId, version: s.playbookVersion, hash: s.playbookHash },
    startedAt: isoTimestamp(s.startedAt),
    updatedAt: isoTimestamp(s.updatedAt),
    completedAt: s.completedAt === null ? null : isoTimestamp(s.completedAt),
  };
}
export type SessionJson = ReturnType<typeof sessionJson>;
