import { execFile } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/cli.js";

/**
 * trust as a user installs it (issue 13): `npm pack`, then `npm install -g` of the tarball into a
 * temporary prefix with `--omit=dev`, then the installed commands run from another folder. npm
 * resolves the run-time dependencies from the registry (or its cache) as for a user. One step is
 * not the user's: better-sqlite3's install script, which compiles its addon for this Node (100 s
 * of CPU, on every Node CI tests), is skipped, and the addon this checkout's `npm ci` compiled for
 * the same Node is copied in; that script itself runs in every `npm ci`.
 */

const run = promisify(execFile);
let dir: string;
let prefix: string;
let tarball: string;
let files: string[];
const npm = (args: string[], cwd: string) =>
  run("npm", args, { cwd, env: { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" }, maxBuffer: 64 * 1024 * 1024 });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "trust-packed-"));
  prefix = join(dir, "prefix");
  // --ignore-scripts: the suite has built dist/ already; prepack would only build it again.
  const packed = await npm(["pack", "--json", "--ignore-scripts", "--pack-destination", dir], ROOT);
  const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = join(dir, info!.filename);
  files = info!.files.map((f) => f.path);
  await npm(["install", "-g", "--prefix", prefix, "--omit=dev", "--no-save", "--ignore-scripts", tarball], dir);
  const addon = join("node_modules", "better-sqlite3", "build", "Release", "better_sqlite3.node");
  const installed = join(prefix, "lib", "node_modules", "trust-cli", addon);
  mkdirSync(dirname(installed), { recursive: true });
  copyFileSync(join(ROOT, addon), installed);
}, 600_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const installed = (name: string, args: string[], env: Record<string, string> = {}) =>
  run(join(prefix, "bin", name), args, {
    cwd: join(dir, "elsewhere"),
    env: { PATH: process.env.PATH ?? "", HOME: join(dir, "home"), XDG_DATA_HOME: join(dir, "data"), XDG_CONFIG_HOME: join(dir, "config"), XDG_CACHE_HOME: join(dir, "cache"), TZ: "UTC", ...env },
  });

describe("the packed tarball", () => {
  it("carries the built CLI, the playbooks, the schema and the licence, and no source maps or sources", () => {
    expect(files).toEqual(expect.arrayContaining(["LICENSE", "README.md", "package.json", "bin/trust.cjs", "dist/index.js", "dist/read-show.cjs", "dist/read-actions.cjs", "dist/read-report.cjs", "dist/fast-path.json", "schema/playbook.schema.json", "playbooks/restore-trust.yaml"]));
    expect(files.filter((f) => f.endsWith(".map"))).toEqual([]);
    expect(files.filter((f) => f.startsWith("src/") || f.startsWith("tests/") || f.startsWith("bench/"))).toEqual([]);
  });

  it("depends at run time only on what dist/ does not bundle", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string>; scripts: Record<string, string> };
    expect(Object.keys(pkg.dependencies)).toEqual(["better-sqlite3"]);
    // No install script of trust's own: building happens before packing.
    for (const hook of ["preinstall", "install", "postinstall", "prepare"]) expect(pkg.scripts[hook]).toBeUndefined();
    const modules = readdirSync(join(prefix, "lib", "node_modules", "trust-cli", "node_modules"));
    for (const bundled of ["zod", "yaml", "commander", "chalk", "@inquirer", "esbuild", "vitest"]) expect(modules).not.toContain(bundled);
  });
});

describe("installed globally with --omit=dev", () => {
  beforeAll(() => {
    mkdirSync(join(dir, "elsewhere"), { recursive: true });
    mkdirSync(join(dir, "home"), { recursive: true, mode: 0o700 });
  });

  it("answers --version as trust and as trust-call", async () => {
    const version = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version as string;
    expect((await installed("trust", ["--version"])).stdout.trim()).toBe(version);
    expect((await installed("trust-call", ["--version"])).stdout.trim()).toBe(version);
  });

  it("runs a call from an answers file and reports it, from another folder", async () => {
    const answers = join(dir, "elsewhere", "answers.yaml");
    writeFileSync(
      answers,
      ["trust_before: 2", "client_facts: [API down for 3 hours]", "actions:", "  - { what: Replay the lost orders, owner: Dana, due: 2026-12-10 }", "trust_after: 4", ""].join("\n"),
    );
    chmodSync(answers, 0o600);
    const db = join(dir, "elsewhere", "team.db");
    const env = { TRUST_DB: db, TRUST_NOW: "2026-12-01T10:00:00Z" };
    const started = await installed("trust", ["start", "--answers", "answers.yaml", "--client", "Acme", "--incident", "API outage", "--severity", "high", "--owner", "Dana", "--json"], env);
    expect(JSON.parse(started.stdout)).toMatchObject({ status: "completed" });
    expect(existsSync(db)).toBe(true);
    const report = JSON.parse((await installed("trust", ["report", "--json"], env)).stdout) as { totals: { sessions: { started: number }; trust: { after: number } } };
    expect(report.totals.sessions.started).toBe(1);
    expect(report.totals.trust.after).toBe(4);
    const table = await installed("trust-call", ["report"], env);
    expect(table.stdout).toContain("1 started, 1 completed");
  });

  it("has doctor say when `trust` on PATH is another program, such as p11-kit's", async () => {
    const other = join(dir, "other-bin");
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, "trust"), "#!/bin/sh\necho 'usage: trust command <args>...'\n", { mode: 0o755 });
    // A warning, exit 0: trust-call works, and whoever typed it knows the other trust is there.
    const shadowed = await installed("trust-call", ["doctor", "--json"], { PATH: `${other}:${join(prefix, "bin")}:${process.env.PATH}` });
    const checks = (JSON.parse(shadowed.stdout) as { checks: Array<{ name: string; ok: boolean; warning?: boolean; detail: string; fix?: string }> }).checks;
    const command = checks.find((c) => c.name === "command")!;
    expect(command).toMatchObject({ ok: true, warning: true });
    const text = await installed("trust-call", ["doctor"], { PATH: `${other}:${join(prefix, "bin")}:${process.env.PATH}` });
    expect(text.stdout).toMatch(/^! command: `trust` on PATH is /m);
    expect(command.detail).toContain(join(other, "trust"));
    expect(command.fix).toContain("trust-call");
    expect(command.fix).toContain(join(prefix, "bin"));
    const first = await installed("trust", ["doctor", "--json"], { PATH: `${join(prefix, "bin")}:${other}:${process.env.PATH}` });
    const ours = (JSON.parse(first.stdout) as { checks: Array<{ name: string; ok: boolean; warning?: boolean }> }).checks.find((c) => c.name === "command")!;
    expect(ours).toMatchObject({ ok: true });
    expect(ours).not.toHaveProperty("warning");
  });
});
