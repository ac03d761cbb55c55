/**
 * A path or word as a POSIX shell reads it back unchanged, for the commands trust suggests in
 * hints (`chmod 600 …`, `sqlite3 … .recover`): a file named `x; rm -rf ~` pasted from a hint must
 * stay one argument. Plain names are left bare, everything else is single-quoted.
 */
export function shellQuote(word: string): string {
  if (word !== "" && /^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
