/**
 * Someone on a call: a name, and an email address when one is known. Typed the way mail
 * clients show people, `Priya Raman <priya@client.example>`, or just a name or an address.
 */

/** An email address as trust takes one: no spaces, brackets or separators, and no control or invisible character (\p{C}). */
export const EMAIL = /^[^\s@<>()",;\p{C}]+@[^\s@<>()",;\p{C}]+\.[^\s@<>()",;\p{C}]+$/u;

export interface Person {
  name: string;
  email?: string;
}

/** `Name <email>`, `email` or `Name`; an error message when it cannot be one person. */
export function parsePerson(text: string): Person | { error: string } {
  const s = text.trim().replace(/\s+/g, " ");
  if (s === "") return { error: "a person needs a name" };
  const angle = /^([^<>]*?)\s*<([^<>]*)>$/.exec(s);
  if (angle) {
    const email = angle[2]!.trim();
    if (!EMAIL.test(email)) return { error: `"${email}" is not an email address` };
    // The quotes of a mail client's display name ("Müller, Hans" <…>, "Quoted" Name <…>) are not
    // part of it; inside them a backslash quotes the next character ("O\"Neil, Pat" is O"Neil, Pat).
    const name = displayName(angle[1]!);
    return { name: name === "" ? email : name, email };
  }
  if (/[<>]/.test(s)) return { error: `"${s}" is not a name or "Name <email>"` };
  if (EMAIL.test(s)) return { name: s, email: s };
  if (s.includes("@")) return { error: `"${s}" is not an email address` };
  return { name: s };
}

/** A display name as a mail client writes it: its quotes taken away, a backslash-quoted character inside them kept. */
function displayName(text: string): string {
  let out = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === "\\" && i + 1 < text.length) out += text[++i];
    else if (ch === '"') quoted = !quoted;
    else out += ch;
  }
  return out.trim();
}

/** Several people from one line: commas between them, none inside a quoted name or <address>. */
export function parsePeople(text: string): Person[] | { error: string } {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  let angled = false;
  let escaped = false;
  for (const ch of text) {
    if (escaped) escaped = false;
    else if (quoted && ch === "\\") escaped = true;
    else if (ch === '"') quoted = !quoted;
    if (ch === "<") angled = true;
    if (ch === ">") angled = false;
    if (ch === "," && !quoted && !angled) {
      parts.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  parts.push(current);
  const out: Person[] = [];
  for (const part of parts) {
    if (part.trim() === "") continue;
    const p = parsePerson(part);
    if ("error" in p) return p;
    out.push(p);
  }
  return out;
}

/** How a person is shown: `Priya Raman <priya@client.example>`, or the name alone. */
export function formatPerson(p: { name: string; email?: string | null }): string {
  return p.email && p.email !== p.name ? `${p.name} <${p.email}>` : p.name;
}
