/**
 * The formats `trust letter` writes, and a recorded letter event names: the one list that the
 * command line, the command and the timeline's schema all use. No imports, so the command line
 * can name them without loading anything.
 */
export const LETTER_FORMATS = ["md", "txt", "html", "eml"] as const;
