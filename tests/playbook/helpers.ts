import { Playbook, type PlaybookInput } from "../../src/playbook/schema.js";

type StepInput = PlaybookInput["steps"][number];

/** A shape-valid playbook around the given steps, for testing rules one at a time. */
export function playbookWith(steps: StepInput[]): Playbook {
  return Playbook.parse({ id: "test", title: "Test", version: 1, description: "For tests.", steps });
}

/** One step holding the given prompts. */
export function oneStep(prompts: NonNullable<StepInput["prompts"]>, extra: Partial<StepInput> = {}): Playbook {
  return playbookWith([{ id: "one", title: "One", prompts, ...extra }]);
}
