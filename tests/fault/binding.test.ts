import { spawn } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/cli.js";
import { bindingProblem } from "../../src/store/sqlite.js";
import { START_FLAGS, cliEnv, tempDirs, writeAnswers, type Exit } from "./helpers.js";

/**
 * better-sqlite3's compiled addon, missing or unloadable: the built CLI runs from a copy of the
 * package whose node_modules holds a real copy of better-sqlite3's JavaScript, with the addon
 * left out or replaced, and must say what is wrong and how to rebuild, in one line and a hint.
 */

const tempDir = tempDirs("trust-fault-binding-");
const requireHere = createRequire(import.meta.url);
const SQLITE_PACKAGE = dirname(requireHere.resolve("better-sqlite3/package.json"));
const REAL_ADDON = join(SQLITE_PACKAGE, "build", "Release", "better_sqlite3.node");

type Addon = "real" | "missing" | "not-a-library" | "no-package";

/** A copy of the installed package (bin, dist, playbooks) whose better-sqlite3 has the given addon. */
function installWith(addon: Addon): string {
  const root = tempDir();
  for (const part of ["bin", "dist", "playbooks", "schema", "package.json"]) cpSync(join(ROOT, part), join(root, part), { recursive: true });
  const modules = join(root, "node_modules");
  if (addon === "no-package") return root;
  const sqlite = join(modules, "better-sqlite3");
  // Copied, not linked: Node resolves a linked module to its real place, where the real addon is.
  mkdirSync(sqlite, { recursive: true });
  cpSync(join(SQLITE_PACKAGE, "lib"), join(sqlite, "lib"), { recursive: true });
  copyFileSync(join(SQLITE_PACKAGE, "package.json"), join(sqlite, "package.json"));
  for (const dep of ["bindings", "file-uri-to-path"]) symlinkSync(dirname(requireHere.resolve(`${dep}/package.json`)), join(modules, dep), "dir");
  const release = join(sqlite, "build", "Release");
  if (addon !== "missing") mkdirSync(release, { recursive: true });
  if (addon === "real") symlinkSync(REAL_ADDON, join(release, "better_sqlite3.node"));
  if (addon === "not-a-library") writeFileSync(join(release, "better_sqlite3.node"), "this is not a shared object\n".repeat(100));
  return root;
}

function run(root: string, args: string[]): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(root, "bin", "trust.cjs"), ...args], { cwd: root, env: cliEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started });
    });
  });
}

const REINSTALL = "hint: in a checkout of trust, `npm ci && npm run build` installs and builds it; otherwise install trust again (`npm install -g trust-cli`)\n";
const HINT = "hint: rebuild it for this Node: `npm rebuild better-sqlite3` in a checkout of trust, `npm rebuild -g trust-cli` for a global install, or with pnpm `pnpm approve-builds` (allow better-sqlite3) and install again";

describe("better-sqlite3's compiled addon", () => {
  it("the copied layout works with the real addon (so the failures below are the addon's)", async () => {
    const root = installWith("real");
    const started = await run(root, ["start", "--answers", writeAnswers(root), ...START_FLAGS, "--db", join(root, "trust.db")]);
    expect(started.stderr).toBe("");
    expect(started.code).toBe(0);
  });

  it("missing (install scripts ignored): one line saying so, the rebuild hint, exit 1", async () => {
    const root = installWith("missing");
    const listed = await run(root, ["sessions", "--db", join(root, "trust.db")]);
    expect(listed.stderr).toBe(`trust: cannot open the SQLite store: better-sqlite3's compiled addon is missing (its install script did not run)\n${HINT}\n`);
    expect(listed.code).toBe(1);
  });

  it("not a loadable library (dlopen fails): one line with the loader's reason, the hint, exit 1, for a writing command too", async () => {
    const root = installWith("not-a-library");
    const dir = tempDir();
    for (const args of [
      ["sessions", "--db", join(dir, "trust.db")],
      ["start", "--answers", writeAnswers(dir), ...START_FLAGS, "--db", join(dir, "trust.db")],
    ]) {
      const ran = await run(root, args);
      const lines = ran.stderr.split("\n");
      expect(lines[0]).toMatch(/^trust: cannot open the SQLite store: better-sqlite3's compiled addon cannot be loaded \(.*better_sqlite3\.node.*\)$/);
      expect(lines.slice(1)).toEqual([HINT, ""]);
      expect(ran.stderr).not.toMatch(/please report|    at /);
      expect(ran.code).toBe(1);
    }
  });

  it("the better-sqlite3 package itself missing (a pruned node_modules): says which package, how to install again, exit 1", async () => {
    const root = installWith("no-package");
    for (const args of [["sessions"], ["report", "--json"], ["start", "--answers", writeAnswers(root), ...START_FLAGS]]) {
      const ran = await run(root, [...args, "--db", join(root, "trust.db")]);
      expect(ran.stderr).toBe(
        "trust: trust is not completely installed: the package better-sqlite3 cannot be found\n" + REINSTALL,
      );
      expect(ran.code).toBe(1);
    }
    // What needs no store still works.
    expect((await run(root, ["playbooks"])).code).toBe(0);
  });

  it("a checkout that was never built, or a built file gone: bin/trust.cjs says so instead of Node's stack trace", async () => {
    const root = installWith("real");
    // A chunk the entry imports before anything runs.
    const chunk = /from "\.\/(chunk-[A-Z0-9]+\.js)"/.exec(readFileSync(join(root, "dist", "index.js"), "utf8"))![1]!;
    rmSync(join(root, "dist", chunk));
    const partial = await run(root, ["sessions", "--db", join(root, "trust.db")]);
    expect(partial.stderr).toBe(`trust: trust is not completely installed: ${join(root, "dist", chunk)} cannot be found\n${REINSTALL}`);
    expect(partial.code).toBe(1);
    rmSync(join(root, "dist"), { recursive: true });
    for (const args of [["--help"], ["--version"], ["sessions"]]) {
      const unbuilt = await run(root, args);
      expect(unbuilt.stderr).toBe(`trust: trust is not completely installed: ${join(root, "dist", "index.js")} cannot be found\n${REINSTALL}`);
      expect(unbuilt.code).toBe(1);
    }
  });

  it.each([
    [
      "The module '/x/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\nNODE_MODULE_VERSION 127. Please try re-compiling or re-installing\nthe module (for instance, using `npm rebuild` or `npm install`).",
      "ERR_DLOPEN_FAILED",
      /built for another version of Node/,
    ],
    ["Could not locate the bindings file. Tried:\n → /x/build/better_sqlite3.node", undefined, /is missing/],
    ["Cannot find module '/x/build/Release/better_sqlite3.node'", "MODULE_NOT_FOUND", /is missing/],
    ["/x/better_sqlite3.node: invalid ELF header", "ERR_DLOPEN_FAILED", /cannot be loaded \(\/x\/better_sqlite3\.node: invalid ELF header\)/],
    ["SQLITE_CANTOPEN: unable to open database file", "SQLITE_CANTOPEN", undefined],
    ["Cannot find module 'zod'", "MODULE_NOT_FOUND", undefined],
  ])("classifies %j", (message, code, expected) => {
    const err = Object.assign(new Error(message), code === undefined ? {} : { code });
    const problem = bindingProblem(err);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(expected);
  });
});
