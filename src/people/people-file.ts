import { z } from "zod";
import type { RuleProblem } from "../playbook/problem.js";
import { EMAIL } from "../session/person.js";
import { ownerKey } from "./owner-key.js";

/**
 * The people file: who on our side can own a commitment, with their email and the other names
 * they go by. Optional; `people.yaml` in trust's config folder, or `--people FILE`.
 *
 *   people:
 *     - name: Sam Whitfield
 *       email: sam@ours.example
 *       aliases: [Sam, S. Whitfield]
 */

export const PeopleEntry = z.strictObject({
  name: z.string().trim().min(1).describe("The person's name, as commitments name their owner"),
  email: z.string().regex(EMAIL, "must be an email address like sam@example.com").optional().describe("Where calendar invitations and letters reach them"),
  aliases: z.array(z.string().trim().min(1)).default([]).describe("Other names people type for them: a first name, initials"),
});
export type PeopleEntry = z.infer<typeof PeopleEntry>;

export const PeopleFile = z.strictObject({
  people: z.array(PeopleEntry).describe("Our people who can own commitments"),
});
export type PeopleFile = z.infer<typeof PeopleFile>;

/** A name or alias may point at one person only, or an owner typed as it would be ambiguous. */
export function peopleRules(file: PeopleFile): RuleProblem[] {
  const seen = new Map<string, number>();
  const problems: RuleProblem[] = [];
  file.people.forEach((p, i) => {
    [p.name, ...p.aliases].forEach((n, k) => {
      const key = ownerKey(n);
      const before = seen.get(key);
      if (before !== undefined && before !== i) {
        problems.push({ path: k === 0 ? ["people", i, "name"] : ["people", i, "aliases", k - 1], message: `"${n}" is already a name of ${file.people[before]!.name}` });
      } else {
        seen.set(key, i);
      }
    });
  });
  return problems;
}
