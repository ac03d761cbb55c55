import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { schemaReference } from "../../src/commands/playbook-new.js";
import { ROOT, runCli } from "../helpers/cli.js";

const tmp = mkdtempSync(join(tmpdir(), "trust-new-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const env = { XDG_CONFIG_HOME: join(tmp, "no-config") };

describe("trust playbook new", () => {
  it("writes <id>.yaml, which validates and points at the package's schema", async () => {
    const r = await runCli(["playbook", "new", "data-leak"], { env, cwd: tmp });
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toBe("Wrote data-leak.yaml. Edit it, then check it with: trust playbook validate data-leak.yaml\n");
    const file = join(tmp, "data-leak.yaml");
    const first = readFileSync(file, "utf8").split("\n")[0]!;
    const ref = first.replace("# yaml-language-server: $schema=", "");
    expect(first).not.toBe(ref);
    expect(resolve(dirname(file), ref)).toBe(join(ROOT, "schema", "playbook.schema.json"));
    const v = await runCli(["playbook", "validate", "data-leak.yaml"], { env, cwd: tmp });
    expect([v.code, v.stdout]).toEqual([0, "ok  data-leak.yaml\n"]);
    const show = await runCli(["playbook", "show", "data-leak.yaml", "--json"], { env, cwd: tmp });
    expect(JSON.parse(show.stdout)).toMatchObject({ id: "data-leak", title: "Data leak" });
  });

  it("refuses to overwrite without --force", async () => {
    const file = join(tmp, "keep.yaml");
    writeFileSync(file, "mine\n");
    const r = await runCli(["playbook", "new", "keep", "--out", file], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`trust: ${file} already exists\nhint: pass --force to overwrite it, or --out to choose another file\n`);
    expect(readFileSync(file, "utf8")).toBe("mine\n");
    const forced = await runCli(["playbook", "new", "keep", "--out", file, "--force"], { env });
    expect(forced.code).toBe(0);
    expect(readFileSync(file, "utf8")).toMatch(/^id: keep /m);
  });

  it("prints to stdout with --out -, with no modeline: no path to the schema holds there", async () => {
    const r = await runCli(["playbook", "new", "to-stdout", "--out", "-"], { env, cwd: tmp });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("yaml-language-server");
    expect(r.stdout).toMatch(/^id: to-stdout /m);
    expect(existsSync(join(tmp, "to-stdout.yaml"))).toBe(false);
  });

  it.each(["Data-Leak", "1st", "data leak", "-x"])("exits 2 for the id %j", async (id) => {
    const r = await runCli(["playbook", "new", "--", id], { env, cwd: tmp });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot be a playbook id: it must start with a lowercase letter/);
  });

  it("exits 2 when the target folder does not exist", async () => {
    const r = await runCli(["playbook", "new", "x", "--out", join(tmp, "no", "x.yaml")], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/its folder does not exist/);
  });
});

describe("schemaReference", () => {
  it("is relative when the schema is near, absolute when it is far", () => {
    expect(schemaReference("/repo/playbooks", "/repo/schema/playbook.schema.json")).toBe("../schema/playbook.schema.json");
    expect(schemaReference("/home/me/team/playbooks", "/usr/lib/node_modules/trust-cli/schema/playbook.schema.json")).toBe(
      "/usr/lib/node_modules/trust-cli/schema/playbook.schema.json",
    );
  });
});
