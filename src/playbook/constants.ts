/** Constants that the start-up path needs without loading zod. */
export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A step budget: `90s`, `3m`, `1m30s`. */
export const BUDGET_PATTERN = /^(?:(\d+)m)?(?:(\d+)s)?$/;
/** A relative due date: `+2d` (days), `+1w` (weeks). */
export const RELATIVE_DUE_PATTERN = /^\+(\d+)([dw])$/;
