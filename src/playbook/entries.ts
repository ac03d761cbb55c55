import type { Choice, Playbook, Prompt } from "./schema.js";
import type { PathSegment } from "./problem.js";

/** A prompt with its place in the playbook, for rules that look across steps. */
export interface PromptEntry {
  prompt: Prompt;
  stepIndex: number;
  promptIndex: number;
  path: PathSegment[];
}

/** Every prompt of a playbook in order, with its path (`steps[i].prompts[j]`). */
export function promptEntries(playbook: Playbook): PromptEntry[] {
  return playbook.steps.flatMap((step, stepIndex) =>
    step.prompts.map((prompt, promptIndex) => ({ prompt, stepIndex, promptIndex, path: ["steps", stepIndex, "prompts", promptIndex] })),
  );
}

/** The value a choice stands for: the string itself, or its `value`. */
export function choiceValue(choice: Choice): string {
  return typeof choice === "string" ? choice : choice.value;
}

/** The choice values of a select or checklist prompt; empty for other types. */
export function choiceValues(prompt: Prompt): string[] {
  return prompt.type === "select" || prompt.type === "checklist" ? prompt.choices.map(choiceValue) : [];
}
