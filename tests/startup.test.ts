import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { BIN } from "./helpers/cli.js";

// What marks a chunk of the bundle as holding one of the heavy modules.
const HEAVY: Record<string, RegExp> = {
  yaml: /LineCounter/,
  zod: /\$ZodType|ZodError/,
  "better-sqlite3": /better-sqlite3/,
  // The call screen and the width tables it measures text with.
  "the call screen": /\?1049h|EastAsian/,
};

const dir = mkdtempSync(join(tmpdir(), "trust-startup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI with a module-load hook and returns every file it loaded. */
function loadedFiles(args: string[]): string[] {
  const trace = join(dir, `trace-${args.join("_")}.txt`);
  const hooks = join(dir, "hooks.mjs");
  const register = join(dir, "register.mjs");
  writeFileSync(
    hooks,
    `import { appendFileSync } from "node:fs";\nexport async function load(url, context, next) { appendFileSync(process.env.TRACE_FILE, url + "\\n"); return next(url, context); }\n`,
  );
  writeFileSync(register, `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  writeFileSync(trace, "");
  const r = spawnSync(process.execPath, ["--import", pathToFileURL(register).href, BIN, ...args], {
    env: { PATH: process.env.PATH, TRACE_FILE: trace },
    encoding: "utf8",
  });
  expect(r.status).toBe(0);
  return readFileSync(trace, "utf8")
    .split("\n")
    .filter((u) => u.startsWith("file:"))
    .map((u) => fileURLToPath(u));
}

describe("start-up path", () => {
  for (const args of [["--help"], ["--version"], ["start", "--help"]]) {
    it(`trust ${args.join(" ")} loads none of yaml, zod, better-sqlite3, the call screen`, () => {
      const files = loadedFiles(args);
      expect(files.some((f) => f.endsWith("dist/index.js"))).toBe(true);
      for (const f of files) {
        expect(f, "nothing is loaded from node_modules at start-up").not.toContain("node_modules");
        const text = readFileSync(f, "utf8");
        for (const [name, marker] of Object.entries(HEAVY)) {
          expect(marker.test(text), `${f} holds ${name}`).toBe(false);
        }
      }
    });
  }

  it("the check can fail: a command that needs them does load them", () => {
    const files = loadedFiles(["playbook", "schema"]);
    expect(files.some((f) => HEAVY.zod!.test(readFileSync(f, "utf8")))).toBe(true);
  });
});
