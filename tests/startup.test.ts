import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, ROOT } from "./helpers/cli.js";
import { HEAVY, loadedFiles as traced } from "./helpers/load-trace.js";
import { TerminalSession } from "./helpers/pty.js";

const dir = mkdtempSync(join(tmpdir(), "trust-startup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const loadedFiles = (args: string[]) => traced(dir, args);
const DIST = join(ROOT, "dist");

/** What the bundle itself prints for `args` on a pipe, bypassing bin/trust.cjs's prebuilt text. */
function fromBundle(args: string[]): { stdout: string; status: number | null } {
  const script = `const { main } = await import(${JSON.stringify(pathToFileURL(join(DIST, "index.js")).href)}); process.exitCode = await main(["node", "trust", ...${JSON.stringify(args)}]);`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { env: { PATH: process.env.PATH }, encoding: "utf8" });
  return { stdout: r.stdout, status: r.status };
}

function viaBin(args: string[]): { stdout: string; status: number | null } {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH }, encoding: "utf8" });
  return { stdout: r.stdout, status: r.status };
}

describe("start-up path", () => {
  for (const args of [["--help"], ["-h"], ["--version"], ["-V"]]) {
    it(`trust ${args.join(" ")} loads nothing of the bundle: it prints what the build rendered`, () => {
      // Only the few kB that write to stdout as every command does (src/standard-streams.ts).
      expect(loadedFiles(args).filter((f) => f.startsWith(DIST))).toEqual([join(DIST, "standard-streams.cjs")]);
    });

    it(`trust ${args.join(" ")} prints exactly what the bundle prints`, () => {
      const fast = viaBin(args);
      expect(fast.status).toBe(0);
      expect(fast.stdout).toBe(fromBundle(args).stdout);
      expect(fast.stdout.length).toBeGreaterThan(4);
    });
  }

  it("the prebuilt version is the package's", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(viaBin(["--version"]).stdout).toBe(`${pkg.version}\n`);
  });

  for (const args of [["start", "--help"], ["report", "--help"], ["sessions", "--help"], ["--help", "start"]]) {
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

describe("help on a terminal", () => {
  const onTerminal = async (cols: number): Promise<string> => {
    const term = new TerminalSession(["--help"], {}, { cols, rows: 80 });
    await term.exited;
    return term.transcript.replace(/\r\n/g, "\n");
  };

  it("at 120 columns: the prebuilt text, wrapped at 80 as on a pipe", async () => {
    const text = await onTerminal(120);
    expect(text.trim()).toBe(fromBundle(["--help"]).stdout.trim());
  });

  it("at 60 columns: not the prebuilt text, commander lays it out for the terminal", async () => {
    const text = await onTerminal(60);
    expect(text).toContain("Usage: trust [options] [command]");
    expect(text).toContain("Exit codes: 0 ok");
    expect(text.trim()).not.toBe(fromBundle(["--help"]).stdout.trim());
  });
});
