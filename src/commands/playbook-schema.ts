import { playbookJsonSchema } from "../playbook/json-schema.js";
import type { CommandOptions } from "./options.js";

export type PlaybookSchemaOptions = CommandOptions<"playbook schema">;

/** Prints the JSON Schema generated from the zod playbook schema. */
export async function playbookSchema(_opts: PlaybookSchemaOptions): Promise<void> {
  process.stdout.write(JSON.stringify(playbookJsonSchema(), null, 2) + "\n");
}
