import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, runCli } from "../helpers/cli.js";
import { brokenFixtures, GENERATED, VALID_DIR } from "../playbook/corpus.js";

const env = { XDG_CONFIG_HOME: "/nonexistent-trust-test-config" };
const STACK = /\n\s+at /;
const VALID = join(ROOT, "playbooks", "restore-trust.yaml");

describe("trust playbook validate: the broken corpus through the built CLI", () => {
  it("rejects every broken file with exactly its expected lines, exit 2 and no stack trace", async () => {
    // One run for the whole corpus: the listing keeps the order of the files given.
    const fixtures = brokenFixtures();
    const r = await runCli(["playbook", "validate", ...fixtures.map((f) => f.file)], { env });
    expect(r.code).toBe(2);
    expect(r.stdout.split("\n")).toEqual([...fixtures.flatMap((f) => f.expected), ""]);
    expect(r.stderr).toBe(`trust: ${fixtures.length} of ${fixtures.length} playbooks invalid\n`);
    expect(r.stdout + r.stderr).not.toMatch(STACK);
  });

  it("rejects one broken file on its own the same way", async () => {
    const [fixture] = brokenFixtures().filter((f) => f.name === "when-refers-to-later-prompt.yaml");
    const r = await runCli(["playbook", "validate", fixture!.file], { env });
    expect([r.code, r.stdout, r.stderr]).toEqual([2, fixture!.expected.join("\n") + "\n", "trust: 1 of 1 playbook invalid\n"]);
  });

  describe("generated files", () => {
    const dir = mkdtempSync(join(tmpdir(), "trust-validate-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it.each(Object.entries(GENERATED))("%s", async (name, { bytes, expect: line }) => {
      const file = join(dir, name);
      writeFileSync(file, bytes());
      const r = await runCli(["playbook", "validate", file], { env });
      expect([r.code, r.stdout, r.stderr]).toEqual([2, `${file}:${line}\n`, "trust: 1 of 1 playbook invalid\n"]);
    });
  });
});

describe("trust playbook validate", () => {
  const valid = [`${VALID_DIR}/every-prompt-type.yaml`, `${VALID_DIR}/minimal.yaml`];
  const broken = "tests/fixtures/playbooks/broken/misspelt-prompt-type.yaml";

  it("exits 0 and lists each valid file; one that marks nothing for the letter gets a warning at its steps", async () => {
    const r = await runCli(["playbook", "validate", ...valid], { env });
    expect([r.code, r.stdout, r.stderr]).toEqual([
      0,
      valid.map((f) => `ok  ${f}`).join("\n") + "\n",
      `trust: warning: ${valid[1]}:5:1 steps: no prompt is marked for the client letter (letter: heard, feeling, apology, agreed, doing or next), so \`trust letter\` can only write a greeting and a signature\n`,
    ]);
  });

  it("warns for nothing in a playbook that marks prompts for the letter", async () => {
    const r = await runCli(["playbook", "validate", valid[0]!], { env });
    expect([r.code, r.stderr]).toEqual([0, ""]);
  });

  it("accepts every builtin playbook", async () => {
    const r = await runCli(["playbook", "validate", "playbooks/restore-trust.yaml", "playbooks/service-outage.yaml"], { env });
    expect(r.code).toBe(0);
  });

  it("exits 2 when any file is invalid, listing files in the order given", async () => {
    const r = await runCli(["playbook", "validate", valid[0]!, broken, "no-such.yaml"], { env });
    expect(r.code).toBe(2);
    expect(r.stdout.split("\n")).toEqual([
      `ok  ${valid[0]}`,
      `${broken}:11:15 steps[0].prompts[0].type: unknown prompt type "rate" (did you mean "rating"?)`,
      "no-such.yaml:1:1 no such file",
      "",
    ]);
    expect(r.stderr).toBe("trust: 2 of 3 playbooks invalid\n");
  });

  it("prints the problems as JSON with --json, still exiting 2", async () => {
    const r = await runCli(["playbook", "validate", "--json", valid[1]!, broken], { env });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({
      valid: false,
      files: [
        { file: valid[1], valid: true, problems: [] },
        {
          file: broken,
          valid: false,
          problems: [{ file: broken, line: 11, col: 15, path: "steps[0].prompts[0].type", message: 'unknown prompt type "rate" (did you mean "rating"?)' }],
        },
      ],
    });
  });

  it("says valid: true in JSON when all are", async () => {
    const r = await runCli(["playbook", "validate", valid[1]!, "--json"], { env });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).valid).toBe(true);
  });

  it("reads a playbook from standard input for -, naming it <stdin> in each problem", async () => {
    const r = await runCli(["playbook", "validate", "-"], { env, input: "id: x\ntitle: X\nversion: 1\nsteps: []\n" });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("<stdin>:1:1 description: is required\n<stdin>:4:8 steps: must not be an empty list\n");
    const twice = await runCli(["playbook", "validate", "-", "-"], { env });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain("- (standard input) is given more than once");
    const valid = await runCli(["playbook", "validate", "-", "--json"], { env, input: readFileSync(VALID, "utf8") });
    expect(JSON.parse(valid.stdout)).toMatchObject({ valid: true, files: [{ file: "<stdin>", valid: true }] });
  });
});
