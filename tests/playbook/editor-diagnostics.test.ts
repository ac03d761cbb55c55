import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TextDocument } from "vscode-languageserver-textdocument";
import { getLanguageService } from "yaml-language-server/lib/umd/languageservice/yamlLanguageService.js";
import { ROOT, runCli } from "../helpers/cli.js";

/**
 * What an editor shows: yaml-language-server (the server behind VS Code's YAML extension and
 * most editors' YAML support) validating playbooks against the schema their modeline names, as
 * an editor would, the schema fetched from the path the modeline gives. The builtin playbooks and
 * a scaffold from `trust playbook new` must show no diagnostics; a misspelt key must show one.
 */

let dir: string;
let fetched: string[] = [];

/** What the editor shows for `file`, from a new language service (it caches schemas), noting the schemas it fetched. */
async function diagnostics(file: string, text = readFileSync(file, "utf8")): Promise<string[]> {
  fetched = [];
  const service = getLanguageService({
    schemaRequestService: async (uri: string) => {
      fetched.push(uri);
      return readFileSync(fileURLToPath(uri), "utf8");
    },
    workspaceContext: { resolveRelativePath: (relative: string, resource: string) => new URL(relative, resource).href },
  } as Parameters<typeof getLanguageService>[0]);
  service.configure({ validate: true, completion: true, hover: true });
  const doc = TextDocument.create(pathToFileURL(file).href, "yaml", 1, text);
  return (await service.doValidation(doc, false)).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "trust-editor-"));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("yaml-language-server on trust's playbooks", () => {
  const builtin = readdirSync(join(ROOT, "playbooks")).filter((f) => f.endsWith(".yaml"));

  it.each(builtin)("shows nothing on the builtin %s, with the schema its modeline names", async (name) => {
    expect(await diagnostics(join(ROOT, "playbooks", name))).toEqual([]);
    expect(fetched).toEqual([pathToFileURL(join(ROOT, "schema", "playbook.schema.json")).href]);
  });

  it("shows nothing on a scaffold written far from trust, whose modeline finds the schema", async () => {
    const file = join(dir, "data-leak.yaml");
    const r = await runCli(["playbook", "new", "data-leak", "--out", file]);
    expect(r.code).toBe(0);
    expect(await diagnostics(file)).toEqual([]);
    expect(fetched).toEqual([pathToFileURL(join(ROOT, "schema", "playbook.schema.json")).href]);
  });

  it("shows one diagnostic for a misspelt key", async () => {
    const file = join(dir, "misspelt.yaml");
    const r = await runCli(["playbook", "new", "misspelt", "--out", file]);
    expect(r.code).toBe(0);
    const text = readFileSync(file, "utf8").replace(/^(\s+)guidance:/m, "$1guidence:");
    expect(text).toContain("guidence:");
    const found = await diagnostics(file, text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/guidence/);
  });

  it("writes no modeline to standard output, where no path would mean anything", async () => {
    const r = await runCli(["playbook", "new", "data-leak", "--out", "-"]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("yaml-language-server");
    expect(r.stdout).toMatch(/^# A trust playbook/);
  });
});
