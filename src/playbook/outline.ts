import { counted } from "../format/count.js";
import type { Paint } from "../format/paint.js";
import { describeCondition } from "./condition-words.js";
import { choiceValue } from "./entries.js";
import type { Playbook, Prompt, Step } from "./schema.js";

/**
 * The readable outline `trust playbook show` prints: steps with their budgets and guidance,
 * prompts with type, flags and conditions. Pure: returns a string, colours via `paint`.
 */

/** What a prompt accepts, in a few words: the scale, the choices, the range. */
function promptDetails(prompt: Prompt): string[] {
  switch (prompt.type) {
    case "rating": {
      const labels = Object.entries(prompt.labels ?? {}).map(([k, v]) => `${k} ${v}`);
      return [`scale ${prompt.min}..${prompt.max}${labels.length ? ` (${labels.join(", ")})` : ""}`, ...(prompt.metric ? [`metric ${prompt.metric}`] : [])];
    }
    case "select":
    case "checklist":
      return [`choices: ${prompt.choices.map(choiceValue).join(", ")}`];
    case "number": {
      const range = prompt.min !== undefined || prompt.max !== undefined ? [`range ${prompt.min ?? ""}..${prompt.max ?? ""}`] : [];
      return [...range, ...(prompt.unit ? [`unit ${prompt.unit}`] : [])];
    }
    case "actions":
      return [...(prompt.due ? [`due ${prompt.due}`] : []), ...(prompt.owner ? [`owner ${prompt.owner}`] : [])];
    case "list":
      return prompt.item ? [`entries: ${prompt.item}`] : [];
    default:
      return [];
  }
}

function promptFlags(prompt: Prompt): string[] {
  const flags: string[] = [prompt.type];
  if (prompt.required) flags.push("required");
  if (prompt.internal) flags.push("internal");
  if (prompt.sensitive) flags.push("sensitive");
  if (prompt.category) flags.push(prompt.category);
  if (prompt.letter) flags.push(`letter: ${prompt.letter}`);
  return flags;
}

function indent(text: string, by: string): string[] {
  return text.trimEnd().split("\n").map((l) => (l === "" ? "" : by + l));
}

function renderStep(step: Step, n: number, total: number, paint: Paint): string[] {
  const budget = step.budget ? paint.dim(` · ${step.budget}`) : "";
  const lines = [paint.cyan(paint.bold(`${n}/${total}. ${step.title}`)) + paint.dim(` (${step.id})`) + budget];
  if (step.when) lines.push(paint.yellow(`   only when ${describeCondition(step.when)}`));
  if (step.guidance) lines.push(...indent(step.guidance, "   "));
  if (step.say?.length) lines.push(paint.green("   Say:"), ...step.say.map((s) => `     - ${s}`));
  if (step.avoid?.length) lines.push(paint.yellow("   Avoid:"), ...step.avoid.map((s) => `     - ${s}`));
  for (const prompt of step.prompts) {
    lines.push(`   ${paint.bold("?")} ${prompt.message} ${paint.dim(`[${prompt.id}: ${promptFlags(prompt).join(", ")}]`)}`);
    const details = promptDetails(prompt);
    if (details.length) lines.push(paint.dim(`       ${details.join(" · ")}`));
    if (prompt.when) lines.push(paint.yellow(`       only when ${describeCondition(prompt.when)}`));
    if (prompt.help) lines.push(paint.dim(`       ${prompt.help}`));
  }
  return lines;
}

/** The whole playbook as an outline for the terminal. */
export function renderOutline(playbook: Playbook, paint: Paint): string {
  const prompts = playbook.steps.reduce((n, s) => n + s.prompts.length, 0);
  const head = [
    `${paint.bold(playbook.title)} ${paint.dim(`(${playbook.id}, version ${playbook.version}; ${counted(playbook.steps.length, "step")}, ${counted(prompts, "prompt")})`)}`,
    ...indent(playbook.description, ""),
    ...(playbook.tags?.length ? [paint.dim(`tags: ${playbook.tags.join(", ")}`)] : []),
  ];
  const steps = playbook.steps.map((step, i) => renderStep(step, i + 1, playbook.steps.length, paint).join("\n"));
  return [head.join("\n"), ...steps].join("\n\n") + "\n";
}
