/** Who an export is for: team, everything; client, the letter. No imports: `trust --help` and the option table load it. */
export const AUDIENCES = ["team", "client"] as const;
export type Audience = (typeof AUDIENCES)[number];
