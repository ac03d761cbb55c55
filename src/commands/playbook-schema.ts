import { playbookJsonSchema } from "../playbook/json-schema.js";
import type { CommandOptions } from "./options.js";
import { printJson, type Printed } from "./printed.js";

export type PlaybookSchemaOptions = CommandOptions<"playbook schema">;

/** Prints the JSON Schema generated from the zod playbook schema. */
export async function playbookSchema(_opts: PlaybookSchemaOptions): Promise<Printed> {
  return printJson(playbookJsonSchema());
}
