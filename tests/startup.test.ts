import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { HEAVY, loadedFiles as traced } from "./helpers/load-trace.js";

const dir = mkdtempSync(join(tmpdir(), "trust-startup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const loadedFiles = (args: string[]) => traced(dir, args);

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
