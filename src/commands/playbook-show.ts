import { visibleDeep } from "../format/visible.js";
import { paintFor } from "../output.js";
import { findPlaybook } from "../playbook/catalog.js";
import { renderOutline } from "../playbook/outline.js";
import type { CommandOptions } from "./options.js";
import { printJson, type Printed } from "./printed.js";
import { stdoutTerminal } from "../standard-streams.js";

export type PlaybookShowOptions = CommandOptions<"playbook show"> & { /** A playbook id, or a path to a YAML file. */ ref: string };

/** `trust playbook show`: a playbook's steps and prompts as an outline, or the parsed playbook with --json. */
export async function playbookShow(opts: PlaybookShowOptions): Promise<Printed> {
  const found = await findPlaybook(opts.ref, { userDir: opts.playbooks, stdin: true });
  if (opts.json) return printJson(found.playbook);
  // The outline prints every field of someone's file on a terminal: controls are shown, not obeyed.
  return { stdout: renderOutline(visibleDeep(found.playbook), await paintFor(stdoutTerminal(), opts)) };
}
