import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { NotFoundError, UsageError } from "../../src/errors.js";
import { findPlaybook, isFileReference, listPlaybooks, userPlaybooksDir } from "../../src/playbook/catalog.js";
import { builtinPlaybooksDir, packageRoot, schemaFile } from "../../src/playbook/package-root.js";
import { ROOT } from "./corpus.js";

const root = ROOT.replace(/\/$/, "");
const tmp = mkdtempSync(join(tmpdir(), "trust-catalog-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A fresh user folder for each test; env without TRUST_PLAYBOOKS and with an empty config home. */
let userDir: string;
let env: NodeJS.ProcessEnv;
let n = 0;
beforeEach(() => {
  userDir = join(tmp, `user-${++n}`);
  mkdirSync(userDir);
  env = { XDG_CONFIG_HOME: join(tmp, `config-${n}`), HOME: join(tmp, `home-${n}`) };
});

const valid = (id: string, title = "Mine") => `id: ${id}\ntitle: ${title}\nversion: 2\ndescription: A user playbook.\nsteps:\n  - { id: one, title: One }\n`;

describe("packageRoot", () => {
  it("finds the package from src/ (vitest) and from dist/ (the bundle) alike", () => {
    expect(packageRoot()).toBe(root);
    expect(packageRoot(pathToFileURL(join(root, "dist", "chunk-ABC.js")).href)).toBe(root);
    expect(builtinPlaybooksDir()).toBe(join(root, "playbooks"));
    expect(schemaFile()).toBe(join(root, "schema", "playbook.schema.json"));
  });

  it("fails plainly outside any trust-cli package", () => {
    expect(() => packageRoot(pathToFileURL(join(tmp, "x.js")).href)).toThrow(/cannot find the trust-cli package folder/);
  });
});

describe("userPlaybooksDir", () => {
  it("takes --playbooks first, then TRUST_PLAYBOOKS", () => {
    const other = join(tmp, "other");
    mkdirSync(other, { recursive: true });
    expect(userPlaybooksDir({ userDir, env: { ...env, TRUST_PLAYBOOKS: other } })).toBe(userDir);
    expect(userPlaybooksDir({ env: { ...env, TRUST_PLAYBOOKS: other } })).toBe(other);
  });

  it("falls back to the config folder only when it exists", () => {
    expect(userPlaybooksDir({ env })).toBeUndefined();
    const dir = join(env.XDG_CONFIG_HOME!, "trust", "playbooks");
    mkdirSync(dir, { recursive: true });
    expect(userPlaybooksDir({ env })).toBe(dir);
    const home = join(env.HOME!, ".config", "trust", "playbooks");
    mkdirSync(home, { recursive: true });
    expect(userPlaybooksDir({ env: { HOME: env.HOME } })).toBe(home);
  });

  it("refuses a named folder that does not exist or is a file", () => {
    expect(() => userPlaybooksDir({ userDir: join(tmp, "missing"), env })).toThrow(UsageError);
    expect(() => userPlaybooksDir({ env: { ...env, TRUST_PLAYBOOKS: join(tmp, "missing") } })).toThrow(/playbooks folder .* does not exist/);
    writeFileSync(join(tmp, "a-file"), "");
    expect(() => userPlaybooksDir({ userDir: join(tmp, "a-file"), env })).toThrow(/is not a folder/);
  });
});

describe("isFileReference", () => {
  it.each([
    ["restore-trust", false],
    ["./restore-trust", true],
    ["outage.yaml", true],
    ["outage.YML", true],
    ["team/outage", true],
  ])("%s → %s", (ref, want) => {
    expect(isFileReference(ref)).toBe(want);
  });
});

describe("listPlaybooks", () => {
  it("lists the builtin playbooks with their counts", async () => {
    const list = await listPlaybooks({ env });
    const restore = list.find((e) => e.id === "restore-trust");
    expect(restore).toMatchObject({ origin: "builtin", file: join(root, "playbooks", "restore-trust.yaml") });
    expect(restore?.steps).toBeGreaterThan(0);
    expect(list.every((e) => e.origin === "builtin" && !e.problems)).toBe(true);
    expect(list.map((e) => e.id)).toEqual([...list.map((e) => e.id)].sort());
  });

  it("adds user playbooks; one with a builtin's id replaces it and says so", async () => {
    writeFileSync(join(userDir, "mine.yaml"), valid("mine"));
    writeFileSync(join(userDir, "restore.yml"), valid("restore-trust", "Our own restore"));
    writeFileSync(join(userDir, "notes.txt"), "not a playbook");
    const list = await listPlaybooks({ userDir, env });
    expect(list.find((e) => e.id === "mine")).toEqual({
      id: "mine",
      title: "Mine",
      version: 2,
      description: "A user playbook.",
      steps: 1,
      prompts: 0,
      origin: "user",
      file: join(userDir, "mine.yaml"),
    });
    const restore = list.filter((e) => e.id === "restore-trust");
    expect(restore).toHaveLength(1);
    expect(restore[0]).toMatchObject({ origin: "user", overrides: true, title: "Our own restore" });
  });

  it("lists an invalid user file with its problems instead of failing", async () => {
    writeFileSync(join(userDir, "broken.yaml"), "id: broken\ntitle: Broken\n");
    const list = await listPlaybooks({ userDir, env });
    const broken = list.find((e) => e.id === "broken");
    expect(broken?.origin).toBe("user");
    expect(broken?.title).toBeUndefined();
    expect(broken?.problems?.map((p) => p.message)).toEqual(["is required", "is required", "is required"]);
  });

  it("keeps the first of two user files with the same id and flags the other", async () => {
    writeFileSync(join(userDir, "a.yaml"), valid("twin", "First"));
    writeFileSync(join(userDir, "b.yaml"), valid("twin", "Second"));
    const list = await listPlaybooks({ userDir, env });
    const twins = list.filter((e) => e.file.startsWith(userDir));
    expect(twins.map((e) => [e.id, e.title, e.problems?.[0]?.message])).toEqual([
      ["b", undefined, `the id "twin" is already used by ${join(userDir, "a.yaml")}: rename one of them`],
      ["twin", "First", undefined],
    ]);
    expect((await findPlaybook("twin", { userDir, env })).playbook.title).toBe("First");
    // At the id itself, as every problem points at its value.
    const idLine = valid("twin", "Second").split("\n").findIndex((l) => l.startsWith("id:")) + 1;
    expect(twins[0]!.problems?.[0]).toMatchObject({ line: idLine, col: 5, path: "id" });
  });

  it("places a repeated id written as a quoted key or in a flow mapping at its value", async () => {
    writeFileSync(join(userDir, "a.yaml"), valid("twin", "First"));
    // As a JSON-minded writer puts it: the key quoted, below a comment, not at the top.
    writeFileSync(join(userDir, "b.yaml"), valid("twin", "Second").replace("id: twin\n", "").replace("version: 2\n", 'version: 2\n# ours\n"id":   twin\n'));
    const flow = '{ title: Third, version: 2, description: A flow one., steps: [{ id: one, title: One }], "id" : twin }\n';
    writeFileSync(join(userDir, "c.yaml"), flow);
    const list = await listPlaybooks({ userDir, env });
    const problem = (name: string) => list.find((e) => e.file === join(userDir, name))?.problems?.[0];
    expect(problem("b.yaml")).toMatchObject({ line: 4, col: 9, path: "id" });
    expect(problem("c.yaml")).toMatchObject({ line: 1, col: flow.lastIndexOf("twin") + 1, path: "id" });
  });
});

describe("findPlaybook", () => {
  it("finds a builtin by id", async () => {
    const found = await findPlaybook("restore-trust", { env });
    expect(found.origin).toBe("builtin");
    expect(found.playbook.id).toBe("restore-trust");
    expect(found.source).toBe(readFileSync(join(root, "playbooks", "restore-trust.yaml"), "utf8"));
  });

  it("prefers a user playbook with the same id", async () => {
    writeFileSync(join(userDir, "restore-trust.yaml"), valid("restore-trust", "Ours"));
    const found = await findPlaybook("restore-trust", { userDir, env });
    expect([found.origin, found.playbook.title]).toEqual(["user", "Ours"]);
  });

  it("loads a path as given", async () => {
    const file = join(userDir, "x.yaml");
    writeFileSync(file, valid("from-file"));
    expect(await findPlaybook(file, { env })).toMatchObject({ origin: "file", file, playbook: { id: "from-file" } });
  });

  it("says which ids exist when one is unknown, with a suggestion", async () => {
    const err = await findPlaybook("restore-trusst", { env }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).message).toBe('no playbook with the id "restore-trusst" (did you mean "restore-trust"?)');
    expect((err as NotFoundError).hint).toMatch(/^available: .*restore-trust.* \(`trust playbooks` lists them\)$/);
  });

  it("exits 4 for a missing file", async () => {
    await expect(findPlaybook(join(userDir, "nope.yaml"), { env })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses an invalid playbook with each problem as a detail line", async () => {
    const file = join(userDir, "bad.yaml");
    writeFileSync(file, valid("bad").replace("version: 2", "version: two"));
    const err = (await findPlaybook(file, { env }).catch((e: unknown) => e)) as UsageError;
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe(`playbook ${file} is invalid`);
    expect(err.details).toEqual([`${file}:3:10 version: must be a number, not text`]);
  });

  it("refuses a user file named like the id asked for when it is invalid", async () => {
    writeFileSync(join(userDir, "restore-trust.yaml"), "id: restore-trust\n");
    await expect(findPlaybook("restore-trust", { userDir, env })).rejects.toThrow(/is invalid/);
  });

  it("copes with a builtin copied into the user folder unchanged", async () => {
    copyFileSync(join(root, "playbooks", "restore-trust.yaml"), join(userDir, "restore-trust.yaml"));
    expect((await findPlaybook("restore-trust", { userDir, env })).origin).toBe("user");
  });
});
