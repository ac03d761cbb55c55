import { describe, expect, it } from "vitest";
import { MAX_ALIAS_COUNT, readYaml } from "../../src/fs/yaml-data.js";

/** A document whose aliases expand into `n` copies of one anchored value. */
function aliases(n: number): string {
  return `a: &x [1, 2]\nb: [${Array.from({ length: n }, () => "*x").join(", ")}]\n`;
}

describe("readYaml's alias limit", () => {
  it.each([
    ["well under the limit", aliases(3), true],
    ["at the limit", aliases(MAX_ALIAS_COUNT - 1), true],
    ["over the limit", aliases(MAX_ALIAS_COUNT + 5), false],
  ])("%s", (_name, text, ok) => {
    const read = readYaml(text, "playbook");
    expect(read.ok).toBe(ok);
    if (!read.ok) expect(read.problems[0]!.message).toMatch(`over ${MAX_ALIAS_COUNT} copies`);
  });
});
