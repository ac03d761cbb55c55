import { playbookJsonSchema } from "../playbook/json-schema.js";

export interface PlaybookSchemaOptions {}

/** Prints the JSON Schema generated from the zod playbook schema. */
export async function playbookSchema(_opts: PlaybookSchemaOptions): Promise<void> {
  process.stdout.write(JSON.stringify(playbookJsonSchema(), null, 2) + "\n");
}
