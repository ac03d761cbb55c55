import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatProblem, loadPlaybookFile } from "../../src/playbook/load.js";
import { ROOT } from "./corpus.js";

const dir = join(ROOT, "playbooks");
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();

describe("builtin playbooks", () => {
  it.each(files)("%s is valid and its id matches its file name", async (name) => {
    const result = await loadPlaybookFile(join(dir, name));
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
    if (result.ok) expect(`${result.playbook.id}.yaml`).toBe(name);
  });

  it("include restore-trust, the default of `trust start`", () => {
    expect(files).toContain("restore-trust.yaml");
  });
});
