import type { When } from "./schema.js";

/**
 * How a `when:` condition reads to a person, in one wording for every place that shows it
 * (`trust playbook show`, an answers file's "not asked, because ..."), so a condition the
 * author sees in the outline is the one the error message quotes.
 */

type Scalar = string | number | boolean;

/** The condition in words, e.g. `severity is high or critical`, `trust_before is at least 7`. */
export function describeCondition(when: When): string {
  const name = when.session ?? when.prompt ?? "?";
  const parts: string[] = [];
  if (when.equals !== undefined) parts.push(`is ${valueWord(when.equals)}`);
  if (when.in !== undefined) parts.push(`is ${orList(when.in)}`);
  if (when.not_in !== undefined) parts.push(`is not ${orList(when.not_in)}`);
  if (when.includes !== undefined) parts.push(`includes ${when.includes}`);
  if (when.min !== undefined && when.max !== undefined) parts.push(`is from ${when.min} to ${when.max}`);
  else if (when.min !== undefined) parts.push(`is at least ${when.min}`);
  else if (when.max !== undefined) parts.push(`is at most ${when.max}`);
  if (parts.length === 0) parts.push("is answered");
  return `${name} ${parts.join(" and ")}`;
}

/** A tested or answered value as said aloud: booleans are yes and no, as a confirm prompt asks. */
export function valueWord(v: Scalar): string {
  if (v === true) return "yes";
  if (v === false) return "no";
  return String(v);
}

function orList(values: Scalar[]): string {
  const words = values.map(valueWord);
  return words.length === 1 ? words[0]! : `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;
}
