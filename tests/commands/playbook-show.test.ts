import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePlaybook } from "../../src/playbook/load.js";
import { ROOT, runCli } from "../helpers/cli.js";

const env = { XDG_CONFIG_HOME: "/nonexistent-trust-test-config" };
const fixture = "tests/fixtures/playbooks/valid/every-prompt-type.yaml";

describe("trust playbook show", () => {
  it("prints a builtin playbook as an outline", async () => {
    const r = await runCli(["playbook", "show", "restore-trust"], { env });
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.stdout.split("\n")[0]).toMatch(/^Restore a client's trust \(restore-trust, version \d+; \d+ steps, \d+ prompts\)$/);
    expect(r.stdout).toMatch(/^1\/\d+\. .+ \(prepare\)/m);
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });

  it("prints a file's budgets, conditions and prompt flags", async () => {
    const r = await runCli(["playbook", "show", fixture], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("1/3. Prepare for {{client}} (prepare) · 1m30s\n");
    expect(r.stdout).toContain("   only when severity is high or critical\n");
    expect(r.stdout).toContain("   ? Ready? [ready: confirm, required]\n");
  });

  it("prints the parsed playbook, defaults applied, with --json", async () => {
    const r = await runCli(["playbook", "show", fixture, "--json"], { env });
    expect(r.code).toBe(0);
    const parsed = parsePlaybook(readFileSync(join(ROOT, fixture), "utf8"), fixture);
    expect(parsed.ok && JSON.parse(r.stdout)).toEqual(parsed.ok && JSON.parse(JSON.stringify(parsed.playbook)));
    expect(JSON.parse(r.stdout).steps[2].prompts[1]).toMatchObject({ type: "rating", min: 1, max: 5 });
  });

  it("exits 4 for an unknown id, listing the ids there are", async () => {
    const r = await runCli(["playbook", "show", "restore-trst"], { env });
    expect(r.code).toBe(4);
    const [first, hint] = r.stderr.split("\n");
    expect(first).toBe('trust: no playbook with the id "restore-trst" (did you mean "restore-trust"?)');
    expect(hint).toMatch(/^hint: available: .*restore-trust.*\(`trust playbooks` lists them\)$/);
  });

  it("exits 4 for a missing file and 2 for an invalid one, with each problem on its own line", async () => {
    expect((await runCli(["playbook", "show", "missing.yaml"], { env })).code).toBe(4);
    const broken = "tests/fixtures/playbooks/broken/unknown-top-level-key.yaml";
    const r = await runCli(["playbook", "show", broken], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `trust: playbook ${broken} is invalid\n` +
        `  ${broken}:3:1 description: is required\n` +
        `  ${broken}:6:1 descripton: unknown key "descripton" (did you mean "description"?)\n`,
    );
  });
});
