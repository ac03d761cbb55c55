import { z } from "zod";
import { Playbook } from "./schema.js";

/** The JSON Schema editors use to complete and check playbooks (schema/playbook.schema.json). */
export function playbookJsonSchema(): Record<string, unknown> {
  return {
    ...(forYamlKeys(z.toJSONSchema(Playbook, { target: "draft-2020-12", io: "input" })) as Record<string, unknown>),
    $id: "https://trust.invalid/playbook.schema.json",
    title: "trust playbook",
  };
}

/**
 * In JSON every key is a string, so zod writes `propertyNames: { type: "string", pattern }` for a
 * record such as a rating's labels. YAML reads `1:` as the number 1, and yaml-language-server
 * checks the key as that number: "Incorrect type. Expected string" on every labelled rating. The
 * pattern alone still checks the key's digits (JSON Schema applies `pattern` to strings only, and
 * trust reads such keys as text), so the type is dropped there, and only there.
 */
function forYamlKeys(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forYamlKeys);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "propertyNames" && value !== null && typeof value === "object" && (value as { type?: unknown }).type === "string") {
      const { type: _string, ...rest } = value as Record<string, unknown>;
      out[key] = rest;
    } else {
      out[key] = forYamlKeys(value);
    }
  }
  return out;
}
