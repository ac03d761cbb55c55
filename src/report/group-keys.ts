/**
 * What `trust report --group-by` groups by: sessions by client, playbook, month or the session's
 * owner (who ran the call); `owner` groups commitments by their own owner. No imports, so the
 * command line can name them without loading the report's maths.
 */
export const GROUP_KEYS = ["client", "playbook", "month", "owner", "session-owner"] as const;
export type GroupKey = (typeof GROUP_KEYS)[number];
