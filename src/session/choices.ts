import { choiceValue } from "../playbook/entries.js";
import type { Choice, PromptOf } from "../playbook/schema.js";

/** The choices of a select or checklist prompt, with a plain string choice as its own label. */

type ChoicePrompt = PromptOf<"select"> | PromptOf<"checklist">;

export interface NormalChoice {
  value: string;
  label: string;
  help?: string;
}

function normal(c: Choice): NormalChoice {
  const value = choiceValue(c);
  if (typeof c === "string") return { value, label: c };
  return c.help === undefined ? { value, label: c.label ?? value } : { value, label: c.label ?? value, help: c.help };
}

/** Every choice as { value, label, help? }, in playbook order. */
export function choiceList(prompt: ChoicePrompt): NormalChoice[] {
  return prompt.choices.map(normal);
}

/** The label shown for a stored value; the value itself when no choice has it (an older playbook). */
export function choiceLabel(prompt: ChoicePrompt, value: string): string {
  return choiceList(prompt).find((c) => c.value === value)?.label ?? value;
}

/** The choice a person meant: the exact value, else a value or label ignoring case and spaces around. */
export function matchChoice(prompt: ChoicePrompt, input: string): NormalChoice | undefined {
  const list = choiceList(prompt);
  const exact = list.find((c) => c.value === input);
  if (exact) return exact;
  const folded = input.trim().toLowerCase();
  return list.find((c) => c.value.toLowerCase() === folded) ?? list.find((c) => c.label.toLowerCase() === folded);
}
