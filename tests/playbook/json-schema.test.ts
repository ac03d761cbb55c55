import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { playbookJsonSchema } from "../../src/playbook/json-schema.js";
import { PROMPT_TYPES } from "../../src/playbook/schema.js";
import { ROOT } from "./corpus.js";

describe("schema/playbook.schema.json", () => {
  it("is exactly what `trust playbook schema` prints today (else: npm run build && node scripts/write-schema.mjs)", () => {
    const committed = readFileSync(join(ROOT, "schema", "playbook.schema.json"), "utf8");
    expect(committed).toBe(JSON.stringify(playbookJsonSchema(), null, 2) + "\n");
  });

  it("describes the format: required top-level keys, no unknown keys, every prompt type", () => {
    const schema = playbookJsonSchema() as { required: string[]; additionalProperties: boolean };
    expect(schema.required).toEqual(expect.arrayContaining(["id", "title", "version", "description", "steps"]));
    expect(schema.additionalProperties).toBe(false);
    const text = JSON.stringify(schema);
    for (const type of PROMPT_TYPES) expect(text).toContain(`"const":"${type}"`);
  });
});
