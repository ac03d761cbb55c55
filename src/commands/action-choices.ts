/**
 * The values `trust actions` options accept: one definition, for commander's choices in cli.ts
 * and for the command's own checks. No imports, so loading it costs `trust --help` nothing.
 */

export const ACTION_FORMATS = ["table", "json", "csv", "ics"] as const;
export type ActionFormat = (typeof ACTION_FORMATS)[number];

/** `--status`: one state, or `all` (cancelled and superseded ones too). Without it: open and done. */
export const ACTION_STATUS_CHOICES = ["open", "done", "cancelled", "all"] as const;
export type ActionStatusChoice = (typeof ACTION_STATUS_CHOICES)[number];
