import type { AnswerValue } from "./model.js";

/** What a person can do at any question besides answering it. */
export type Intent = "skip" | "skip-step" | "back" | "note";

/** What came of asking one question: an answer, or one of the moves. */
export type Outcome = { kind: "answer"; value: AnswerValue } | { kind: Intent };
