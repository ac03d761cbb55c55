import type { Command } from "commander";
import { completionScript, type Shell } from "../completion/scripts.js";
import { completionTree } from "../completion/tree.js";
import type { CommandOptions } from "./options.js";
import type { Printed } from "./printed.js";

export type CompletionOptions = CommandOptions<"completion">;

/** `trust completion bash|zsh|fish`: the script, from the program's own command tree. */
export async function completion(_opts: CompletionOptions, shell: Shell, program: Command): Promise<Printed> {
  return { stdout: completionScript(shell, completionTree(program)) };
}
