import type { PlannedStep } from "../session/answers-file.js";
import type { ActionItem } from "../session/model.js";
import type { Directory } from "./directory.js";

/**
 * The commitments of an answers file with each owner as the people file names them ("sam" is
 * Sam Whitfield), and a warning for each owner it does not know or that names a group.
 */
export function checkPlannedOwners(steps: PlannedStep[], people: Directory): { steps: PlannedStep[]; warnings: string[] } {
  const warnings: string[] = [];
  const checked = steps.map((step) => ({
    ...step,
    answers: step.answers.map((a) => {
      if (!Array.isArray(a.value) || !a.value.every((v) => typeof v === "object" && v !== null)) return a;
      const value = (a.value as ActionItem[]).map((item, i) => {
        const owner = people.checkOwner(item.owner);
        if (!owner.ok) warnings.push(`${a.prompt}, commitment ${i + 1} ("${item.what}"): ${owner.warning}`);
        return { ...item, owner: owner.name };
      });
      return { ...a, value };
    }),
  }));
  return { steps: checked, warnings };
}
