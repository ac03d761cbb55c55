import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import type { CommandOptions } from "./options.js";
import { shellQuote } from "../format/shell.js";
import { visibleLine } from "../format/visible.js";
import { UsageError } from "../errors.js";
import { writeOutFile } from "../fs/out-file.js";
import { schemaFile } from "../playbook/package-root.js";
import { scaffold } from "../playbook/scaffold.js";
import { ID_PATTERN } from "../playbook/schema.js";
import { writeStdout } from "../standard-streams.js";

export type PlaybookNewOptions = CommandOptions<"playbook new"> & { id: string };

/**
 * How the new file names the schema: a short relative path when the schema is nearby (a checkout
 * of trust), else its absolute path (a global install), which yaml-language-server accepts too.
 */
export function schemaReference(fromDir: string, schema: string): string {
  const rel = relative(fromDir, schema);
  const ups = rel.split(sep).filter((part) => part === "..").length;
  if (isAbsolute(rel) || ups > 2) return schema;
  return rel.split(sep).join("/");
}

/** `trust playbook new <id>`: writes a valid scaffold to edit; never overwrites without --force. */
export async function playbookNew(opts: PlaybookNewOptions): Promise<void> {
  if (!ID_PATTERN.test(opts.id)) {
    throw new UsageError(`"${opts.id}" cannot be a playbook id: it must start with a lowercase letter and hold only a-z, 0-9, '_' and '-'`, {
      hint: "for example: trust playbook new data-leak",
    });
  }
  const out = opts.out ?? `${opts.id}.yaml`;
  const toStdout = out === "-";
  const text = toStdout ? scaffold(opts.id) : scaffold(opts.id, schemaReference(dirname(resolve(out)), schemaFile()));
  if (toStdout) {
    writeStdout(text);
    return;
  }
  // Readable by the team like any source file (the umask decides), unlike exports.
  writeOutFile(out, text, { force: opts.force === true, noClobber: true, mode: 0o666 });
  // The name as typed, shown (controls as signs) and, in the command to run next, shell-quoted.
  writeStdout(`Wrote ${visibleLine(out)}. Edit it, then check it with: trust playbook validate ${visibleLine(shellQuote(out))}\n`);
}
