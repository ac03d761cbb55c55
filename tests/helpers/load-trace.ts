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
  return trace(dir, args, env)
    .filter((u) => u.startsWith("file:"))
    .map((u) => fileURLToPath(u));
}

/**
 * The built-in modules the CLI loaded (`node:crypto`, `node:child_process`...), however they were
 * loaded: an ES import, or a require inside bundled CommonJS code, which no loader hook sees.
 */
export function loadedBuiltins(dir: string, args: string[], env: Record<string, string> = {}): string[] {
  return trace(dir, args, env)
    .filter((u) => u.startsWith("builtin:"))
    .map((u) => `node:${u.slice("builtin:".length)}`);
}

/**
 * The built-in modules the CLI loaded, seen without the loader hook, which itself loads node:net
 * (its worker's ports): for the streams a command makes to write its output. Output on a pipe.
 */
export function loadedBuiltinsUnhooked(dir: string, args: string[], env: Record<string, string> = {}): string[] {
  const list = join(dir, `builtins-${args.join("_").replace(/[^\w.-]/g, "_")}.txt`);
  const probe = join(dir, "list-builtins.cjs");
  writeFileSync(
    probe,
    `process.on("exit", () => require("node:fs").writeFileSync(process.env.TRACE_FILE, process.moduleLoadList.filter((m) => m.startsWith("NativeModule ")).map((m) => "node:" + m.slice(13)).join("\\n")));\n`,
  );
  const r = spawnSync(process.execPath, ["--require", probe, BIN, ...args], { env: { PATH: process.env.PATH, ...env, TRACE_FILE: list }, encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(list, "utf8").split("\n");
}

function trace(dir: string, args: string[], env: Record<string, string>): string[] {
  const trace = join(dir, `trace-${args.join("_").replace(/[^\w.-]/g, "_")}.txt`);
  const hooks = join(dir, "hooks.mjs");
  const register = join(dir, "register.mjs");
  writeFileSync(
    hooks,
    `import { appendFileSync } from "node:fs";\nexport async function load(url, context, next) { appendFileSync(process.env.TRACE_FILE, url + "\\n"); return next(url, context); }\n`,
  );
  // process.moduleLoadList names every built-in module loaded so far ("NativeModule crypto"); the
  // loader hook sees ES modules, Module.prototype.load every CommonJS file (addons), and vm.Script
  // a file compiled by hand (bin/trust.cjs compiles each dist/read-<verb>.cjs with its code cache).
  writeFileSync(
    register,
    `import Module, { register } from "node:module";\nimport vm from "node:vm";\nimport { appendFileSync } from "node:fs";\nimport { pathToFileURL } from "node:url";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n` +
      `const load = Module.prototype.load;\nModule.prototype.load = function (file) { appendFileSync(process.env.TRACE_FILE, pathToFileURL(file).href + "\\n"); return load.call(this, file); };\n` +
      `const Script = vm.Script;\nvm.Script = class extends Script { constructor(code, options) { if (options?.filename) appendFileSync(process.env.TRACE_FILE, pathToFileURL(options.filename).href + "\\n"); super(code, options); } };\n` +
      `process.on("exit", () => appendFileSync(process.env.TRACE_FILE, process.moduleLoadList.filter((m) => m.startsWith("NativeModule ")).map((m) => "builtin:" + m.slice(13) + "\\n").join("")));\n`,
  );
  writeFileSync(trace, "");
  const r = spawnSync(process.execPath, ["--import", pathToFileURL(register).href, BIN, ...args], {
    env: { PATH: process.env.PATH, ...env, TRACE_FILE: trace },
    encoding: "utf8",
  });
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(trace, "utf8").split("\n");
}

/**
 * Whether zod started in a run of the CLI (it sets `globalThis.__zod_globalConfig` as it loads):
 * for a bundle that holds zod's code but runs it only when needed (dist/sync.cjs), where which
 * files were loaded cannot tell. The command must succeed.
 */
export function zodStarted(dir: string, args: string[], env: Record<string, string> = {}): boolean {
  const seen = join(dir, `zod-${args.join("_").replace(/[^\w.-]/g, "_")}.txt`);
  const probe = join(dir, "zod-started.cjs");
  writeFileSync(probe, `process.on("exit", () => require("node:fs").writeFileSync(process.env.TRACE_FILE, String("__zod_globalConfig" in globalThis)));\n`);
  const r = spawnSync(process.execPath, ["--require", probe, BIN, ...args], { env: { PATH: process.env.PATH, ...env, TRACE_FILE: seen }, encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(seen, "utf8") === "true";
}
