/** Every JSON trust prints or writes: two-space indents and a final newline, so a diff of two outputs reads line by line. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}
