import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect } from "vitest";
import { BIN } from "./cli.js";

/** What marks a chunk of the bundle as holding one of the heavy modules. */
export const HEAVY: Record<string, RegExp> = {
  yaml: /LineCounter/,
  zod: /\$ZodType|ZodError/,
  "better-sqlite3": /better-sqlite3/,
  // The call screen and the width tables it measures text with.
  "the call screen": /\?1049h|EastAsian/,
};

/**
 * Runs the CLI with a module-load hook, files in `dir`, and returns every file it loaded; the
 * command must succeed. `env` adds to a bare PATH.
 */
export function loadedFiles(dir: string, args: string[], env: Record<string, string> = {}): string[] {
  const trace = join(dir, `trace-${args.join("_").replace(/[^\w.-]/g, "_")}.txt`);
  const hooks = join(dir, "hooks.mjs");
  const register = join(dir, "register.mjs");
  writeFileSync(
    hooks,
    `import { appendFileSync } from "node:fs";\nexport async function load(url, context, next) { appendFileSync(process.env.TRACE_FILE, url + "\\n"); return next(url, context); }\n`,
  );
  writeFileSync(register, `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  writeFileSync(trace, "");
  const r = spawnSync(process.execPath, ["--import", pathToFileURL(register).href, BIN, ...args], {
    env: { PATH: process.env.PATH, ...env, TRACE_FILE: trace },
    encoding: "utf8",
  });
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(trace, "utf8")
    .split("\n")
    .filter((u) => u.startsWith("file:"))
    .map((u) => fileURLToPath(u));
}
