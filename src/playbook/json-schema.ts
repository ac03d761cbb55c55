import { z } from "zod";
import { Playbook } from "./schema.js";

/** The JSON Schema editors use to complete and check playbooks (schema/playbook.schema.json). */
export function playbookJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(Playbook, { target: "draft-2020-12", io: "input" }),
    $id: "https://trust.invalid/playbook.schema.json",
    title: "trust playbook",
  };
}
