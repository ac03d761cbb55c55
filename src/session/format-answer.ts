import type { Prompt } from "../playbook/schema.js";
import { choiceLabel } from "./choices.js";
import type { ActionItem, AnswerValue } from "./model.js";

/**
 * An answer as a person reads it, as plain text (no markup): labels instead of choice values,
 * Yes/No, a rating with its scale. Renderers that need markup escape this themselves.
 */
export function formatAnswer(prompt: Prompt, value: AnswerValue): string {
  switch (prompt.type) {
    case "confirm":
      return value ? "Yes" : "No";
    case "select":
      return choiceLabel(prompt, String(value));
    case "checklist":
      return (value as string[]).map((v) => choiceLabel(prompt, v)).join(", ") || "(none ticked)";
    case "rating": {
      const label = prompt.labels?.[String(value)];
      return `${value} / ${prompt.max}${label ? ` (${label})` : ""}`;
    }
    case "number":
      return prompt.unit ? `${value} ${prompt.unit}` : String(value);
    case "list":
      return (value as string[]).map((v) => `- ${v}`).join("\n");
    case "actions":
      return (value as ActionItem[]).map((a) => `- ${a.what} (${a.owner}, due ${a.due})`).join("\n");
    default:
      return String(value);
  }
}
