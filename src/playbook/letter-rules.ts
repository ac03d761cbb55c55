import type { LetterRole } from "./constants.js";
import { promptEntries, type PromptEntry } from "./entries.js";
import type { PathSegment, RuleProblem } from "./problem.js";
import { formatPath } from "./problem.js";
import type { Playbook, PromptType } from "./schema.js";

/**
 * The rules of the `letter:` key: which prompt types can say what in the client letter, and
 * which parts the letter needs exactly one of. A letter is read by the client, so a prompt
 * marked `internal` cannot be in it.
 */

/** The prompt types each part of the letter can be taken from. */
const LETTER_TYPES: Record<LetterRole, readonly PromptType[]> = {
  heard: ["text", "longtext", "list"],
  feeling: ["text", "longtext", "list"],
  apology: ["text", "longtext"],
  agreed: ["text", "longtext", "confirm"],
  doing: ["actions"],
  next: ["date"],
};

/** Parts the letter takes from one prompt only: which apology, which date, which statement. */
const ONE_OF: Array<{ role: LetterRole; confirm?: boolean; what: string }> = [
  { role: "apology", what: "the apology" },
  { role: "next", what: "the next update" },
  { role: "agreed", confirm: false, what: "the problem statement" },
  { role: "agreed", confirm: true, what: "whether the client agreed" },
];

function article(type: string): string {
  return /^[aeiou]/.test(type) ? "an" : "a";
}

function typeList(types: readonly string[]): string {
  return types.length === 1 ? types[0]! : `${types.slice(0, -1).join(", ")} or ${types.at(-1)}`;
}

/** What is wrong with a marked prompt's `letter:` on its own: a type its part cannot use, or internal. */
function fitProblem({ prompt, path }: PromptEntry): RuleProblem | undefined {
  const role = prompt.letter;
  if (role === undefined) return undefined;
  const types = LETTER_TYPES[role];
  if (!types.includes(prompt.type)) {
    return { path: [...path, "letter"], message: `letter: ${role} takes ${article(types[0]!)} ${typeList(types)} prompt, not ${article(prompt.type)} ${prompt.type}` };
  }
  if (prompt.internal) {
    return { path: [...path, "letter"], message: "a prompt marked internal: true never reaches the client, so it cannot be in the letter: drop one of the two" };
  }
  return undefined;
}

/** At most one prompt for each part the letter takes from one prompt only. */
function uniqueProblems(entries: PromptEntry[]): RuleProblem[] {
  return ONE_OF.flatMap(({ role, confirm, what }) => {
    const marked = entries.filter((e) => e.prompt.letter === role && (confirm === undefined || (e.prompt.type === "confirm") === confirm));
    return marked.slice(1).map((e): RuleProblem => ({
      path: [...e.path, "letter"],
      message: `${what} is already taken from ${formatPath(marked[0]!.path)}: the letter takes it from one prompt only`,
    }));
  });
}

/** A problem statement marked `agreed` comes with the confirm that says whether they agreed, and the other way round. */
function agreedPairProblems(entries: PromptEntry[]): RuleProblem[] {
  const agreed = entries.filter((e) => e.prompt.letter === "agreed");
  const statement = agreed.find((e) => e.prompt.type !== "confirm");
  const confirm = agreed.find((e) => e.prompt.type === "confirm");
  const at = (e: PromptEntry): PathSegment[] => [...e.path, "letter"];
  if (statement && !confirm) {
    return [{ path: at(statement), message: "the letter uses the problem statement only when the client agreed with it: mark the confirm prompt that asks whether they did with letter: agreed too" }];
  }
  if (confirm && !statement) {
    return [{ path: at(confirm), message: "this confirm says whether the client agreed with the problem statement: mark the statement (a text or longtext prompt) with letter: agreed too" }];
  }
  return [];
}

/** The `letter:` rules, run with the playbook's other rules: each finding makes the playbook invalid. */
export function letterProblems(playbook: Playbook): RuleProblem[] {
  const entries = promptEntries(playbook);
  const unfit = new Map<PromptEntry, RuleProblem>();
  for (const e of entries) {
    const problem = fitProblem(e);
    if (problem) unfit.set(e, problem);
  }
  // A part taken from two fitting prompts is said at once, beside a prompt of the wrong type
  // elsewhere; the pairing of statement and confirm is worth reading only once every type fits.
  const fitting = entries.filter((e) => !unfit.has(e));
  return [...unfit.values(), ...uniqueProblems(fitting), ...(unfit.size > 0 ? [] : agreedPairProblems(entries))];
}

/** A playbook that marks nothing for the letter is valid, but its letter holds only a greeting and a signature. */
export function letterWarnings(playbook: Playbook): RuleProblem[] {
  if (promptEntries(playbook).some((e) => e.prompt.letter !== undefined)) return [];
  return [
    {
      path: ["steps"],
      atKey: true,
      message: "no prompt is marked for the client letter (letter: heard, feeling, apology, agreed, doing or next), so `trust letter` can only write a greeting and a signature",
    },
  ];
}
