import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, runCli } from "./helpers/cli.js";

const readme = readFileSync(join(ROOT, "README.md"), "utf8");
const dir = mkdtempSync(join(tmpdir(), "trust-readme-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The first ```yaml block after a heading, as a new user would copy it. */
function yamlAfter(heading: string): string {
  const at = readme.indexOf(heading);
  expect(at, `README has "${heading}"`).toBeGreaterThan(-1);
  const m = /```yaml\n([\s\S]*?)```/.exec(readme.slice(at));
  expect(m, `a yaml block follows "${heading}"`).not.toBeNull();
  return m![1]!;
}

describe("the README's examples work as written", () => {
  it("the playbook example is a valid playbook", async () => {
    const file = join(dir, "example.yaml");
    writeFileSync(file, yamlAfter("## Writing a playbook"));
    const r = await runCli(["playbook", "validate", file]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("the answers file example runs the default playbook", async () => {
    const file = join(dir, "answers.yaml");
    writeFileSync(file, yamlAfter("### Non-interactive runs"));
    const r = await runCli(["start", "--answers", file, "--client", "Acme", "--incident", "API outage", "--db", join(dir, "t.db")]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("completed");
  });
});
