/** What `trust report --group-by` groups sessions by. No imports, so the command line can name them without loading the report's maths. */
export const GROUP_KEYS = ["client", "playbook", "month", "owner"] as const;
export type GroupKey = (typeof GROUP_KEYS)[number];
