import type { GlobalOptions } from "../cli.js";
import { styler } from "../output.js";
import { findPlaybook } from "../playbook/catalog.js";
import { renderOutline } from "../playbook/outline.js";

export interface PlaybookShowOptions extends GlobalOptions {
  /** A playbook id, or a path to a YAML file. */
  ref: string;
  json?: boolean;
}

/** `trust playbook show`: a playbook's steps and prompts as an outline, or the parsed playbook with --json. */
export async function playbookShow(opts: PlaybookShowOptions): Promise<void> {
  const found = await findPlaybook(opts.ref, { userDir: opts.playbooks });
  if (opts.json) {
    process.stdout.write(JSON.stringify(found.playbook, null, 2) + "\n");
    return;
  }
  process.stdout.write(renderOutline(found.playbook, styler(process.stdout, opts)));
}
