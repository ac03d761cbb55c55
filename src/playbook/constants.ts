/** Constants that the start-up path needs without loading zod. */
export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A step budget: `90s`, `3m`, `1m30s`. */
export const BUDGET_PATTERN = /^(?:(\d+)m)?(?:(\d+)s)?$/;
/** A relative due date: `+2d` (days), `+1w` (weeks). */
export const RELATIVE_DUE_PATTERN = /^\+(\d+)([dw])$/;

/**
 * What a prompt's answer is to the client letter (`letter:` in a playbook): their account
 * (heard), how it was for them (feeling), the apology as said (apology), the problem statement
 * and whether they agreed with it (agreed), our commitments (doing), the next update (next).
 */
export const LETTER_ROLES = ["heard", "feeling", "apology", "agreed", "doing", "next"] as const;
export type LetterRole = (typeof LETTER_ROLES)[number];
