import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, runCli } from "../helpers/cli.js";

const tmp = mkdtempSync(join(tmpdir(), "trust-playbooks-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const env = { XDG_CONFIG_HOME: join(tmp, "no-config") };

const userDir = join(tmp, "team");
mkdirSync(userDir);
writeFileSync(join(userDir, "vendor-breach.yaml"), "id: vendor-breach\ntitle: A vendor leaked data\nversion: 1\ndescription: Ours.\nsteps:\n  - { id: one, title: One }\n  - { id: two, title: Two }\n");
writeFileSync(join(userDir, "restore-trust.yaml"), "id: restore-trust\ntitle: Our restore call\nversion: 7\ndescription: Ours.\nsteps:\n  - { id: one, title: One }\n");
writeFileSync(join(userDir, "broken.yaml"), "id: broken\ntitle: Broken\nversion: 1\ndescription: x\nsteps: []\n");

interface Entry {
  id: string;
  title?: string;
  steps?: number;
  origin: string;
  file: string;
  overrides?: boolean;
  problems?: { line: number; col: number; path: string; message: string }[];
}

describe("trust playbooks", () => {
  it("--json lists builtin and user playbooks from --playbooks, an override replacing its builtin", async () => {
    const r = await runCli(["--playbooks", userDir, "playbooks", "--json"], { env });
    expect([r.code, r.stderr]).toEqual([0, ""]);
    const list = JSON.parse(r.stdout) as Entry[];
    expect(list.find((e) => e.id === "vendor-breach")).toMatchObject({ title: "A vendor leaked data", steps: 2, origin: "user", file: join(userDir, "vendor-breach.yaml") });
    expect(list.filter((e) => e.id === "restore-trust")).toEqual([expect.objectContaining({ origin: "user", overrides: true, title: "Our restore call" })]);
    expect(list.find((e) => e.id === "broken")?.problems).toEqual([
      { file: join(userDir, "broken.yaml"), line: 5, col: 8, path: "steps", message: "must not be an empty list" },
    ]);
    expect(list.some((e) => e.origin === "builtin" && e.file === join(ROOT, "playbooks", "service-outage.yaml"))).toBe(true);
  });

  it("reads TRUST_PLAYBOOKS when --playbooks is not given", async () => {
    const r = await runCli(["playbooks", "--json"], { env: { ...env, TRUST_PLAYBOOKS: userDir } });
    expect((JSON.parse(r.stdout) as Entry[]).some((e) => e.id === "vendor-breach")).toBe(true);
  });

  it("finds the builtin playbooks from any working folder", async () => {
    const r = await runCli(["playbooks", "--json"], { env, cwd: tmp });
    const list = JSON.parse(r.stdout) as Entry[];
    expect(list.map((e) => e.id)).toContain("restore-trust");
    expect(list.every((e) => e.origin === "builtin" && !e.problems)).toBe(true);
  });

  it("prints a plain table to a pipe, with invalid files explained on stderr", async () => {
    const r = await runCli(["playbooks", "--playbooks", userDir], { env });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID +TITLE +STEPS +ORIGIN$/);
    expect(lines.find((l) => l.startsWith("vendor-breach"))).toMatch(/^vendor-breach +A vendor leaked data +2 +user$/);
    expect(lines.find((l) => l.startsWith("restore-trust"))).toMatch(/Our restore call +1 +user \(overrides builtin\)$/);
    expect(lines.find((l) => l.startsWith("broken"))).toMatch(/^broken +\(invalid: 1 problem\) +- +user, invalid$/);
    expect(r.stdout).not.toMatch(/\x1b\[/);
    expect(r.stderr).toBe(`${join(userDir, "broken.yaml")} is invalid and cannot be used:\n  ${join(userDir, "broken.yaml")}:5:8 steps: must not be an empty list\n`);
  });

  it("colours a pipe when FORCE_COLOR asks, as a CI log that renders colour wants", async () => {
    const r = await runCli(["playbooks", "--playbooks", userDir], { env: { ...env, FORCE_COLOR: "1" } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\x1b\[1mID/);
  });

  it("exits 2 when the --playbooks folder does not exist", async () => {
    const r = await runCli(["playbooks", "--playbooks", join(tmp, "nope")], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`trust: the playbooks folder ${join(tmp, "nope")} does not exist\nhint: check --playbooks\n`);
  });
});
