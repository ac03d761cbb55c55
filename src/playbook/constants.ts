/** Constants that the start-up path needs without loading zod. */
export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The session fields a playbook's text may use as {{variables}}. */
export const TEMPLATE_VARIABLES = ["client", "incident", "owner", "severity"] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

/** A step budget: `90s`, `3m`, `1m30s`. */
export const BUDGET_PATTERN = /^(?:(\d+)m)?(?:(\d+)s)?$/;
/** A relative due date: `+2d` (days), `+1w` (weeks). */
export const RELATIVE_DUE_PATTERN = /^\+(\d+)([dw])$/;
