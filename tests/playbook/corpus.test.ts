import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatProblem, loadPlaybookFile, parsePlaybook } from "../../src/playbook/load.js";
import { brokenFixtures, GENERATED, ROOT } from "./corpus.js";

const fixtures = brokenFixtures();

describe("the broken playbook corpus, through parsePlaybook", () => {
  it("holds at least 25 files, each with at least one expected problem", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(25);
    for (const f of fixtures) expect(f.expected.length, f.name).toBeGreaterThan(0);
  });

  it.each(fixtures.map((f) => [f.name, f] as const))("%s", (_, fixture) => {
    const result = parsePlaybook(readFileSync(join(ROOT, fixture.file), "utf8"), fixture.file);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual(fixture.expected);
  });
});

describe("generated broken files, through loadPlaybookFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "trust-corpus-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(Object.entries(GENERATED))("%s", async (name, { bytes, expect: line }) => {
    const file = join(dir, name);
    writeFileSync(file, bytes());
    const result = await loadPlaybookFile(file);
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([`${file}:${line}`]);
  });
});
