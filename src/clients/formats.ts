/** How `trust client` prints a page: the one list the option, its check and the help use. */
export const CLIENT_FORMATS = ["table", "md", "json"] as const;
export type ClientFormat = (typeof CLIENT_FORMATS)[number];
