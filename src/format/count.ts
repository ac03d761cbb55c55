/**
 * Counts in messages, as "1,930 events": digits grouped by commas by hand, since the first
 * toLocaleString loads ICU's number data, some 14 ms of a command that prints one line.
 */
export function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** `n` and the noun, plural unless n is 1: "1 session", "3,412 events". */
export function counted(n: number, noun: string): string {
  return `${grouped(n)} ${noun}${n === 1 ? "" : "s"}`;
}
