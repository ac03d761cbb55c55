import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { START_FLAGS, cli, writeAnswers } from "../fault/helpers.js";
import { BIN } from "../helpers/cli.js";
import { HEAVY, loadedBuiltins, loadedBuiltinsUnhooked, loadedFiles } from "../helpers/load-trace.js";

/**
 * Each command that only reads loads neither zod nor the YAML parser (nor the call screen): a
 * stored snapshot was checked when it was written, and its playbook is read back as JSON
 * (snapshot_facts), so loading them would cost more than the command's own work (issue 11).
 * A change that pulls either back into a read path fails here, naming the file that holds it.
 * Writing commands do load them, which shows the check can fail. Run `npm run build` first.
 */

const dir = mkdtempSync(join(tmpdir(), "trust-import-budget-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let db: string;
let id: string;
let action: string;
const ENV = () => ({ TRUST_DB: db, TRUST_NOW: "2026-11-20T12:00:00Z", TZ: "UTC", XDG_CONFIG_HOME: join(dir, "no-config") });

beforeAll(async () => {
  db = join(dir, "trust.db");
  const made = await cli(["start", "--answers", writeAnswers(dir), ...START_FLAGS, "--db", db, "--json"]);
  expect(made.code, made.stderr).toBe(0);
  id = (JSON.parse(made.stdout) as { id: string }).id.slice(0, 8);
  const listed = await cli(["actions", "--json", "--db", db]);
  action = (JSON.parse(listed.stdout) as Array<{ id: string }>)[0]!.id.slice(0, 8);
}, 60_000);

/** The heavy modules a command's loaded chunks hold, by name. */
function heavyIn(args: string[]): string[] {
  const files = loadedFiles(dir, args, ENV());
  // It did read the database: the check is not passing on a command that stopped early.
  expect(files.some((f) => f.includes(join("node_modules", "better-sqlite3")))).toBe(true);
  const found = new Set<string>();
  for (const f of files.filter((f) => f.includes(`${join("dist")}/`))) {
    const text = readFileSync(f, "utf8");
    for (const name of ["yaml", "zod", "the call screen"]) if (HEAVY[name]!.test(text)) found.add(`${name} (${f.split("/").pop()})`);
  }
  return [...found];
}

describe("commands that only read stay within their import budget", () => {
  const READS: Array<() => string[]> = [
    () => ["show", id],
    () => ["show", id, "--json"],
    () => ["export", id],
    () => ["export", id, "--format", "json"],
    () => ["export", id, "--audience", "client", "--redact"],
    () => ["letter", id],
    () => ["letter", id, "--format", "txt"],
    () => ["sessions"],
    () => ["sessions", "--json", "--since", "30d"],
    () => ["actions"],
    () => ["actions", "--overdue", "--owner", "Nobody", "--json"],
    () => ["actions", "--format", "ics"],
    () => ["report"],
    () => ["report", "--format", "json"],
    () => ["report", "--format", "html"],
    () => ["client", "Acme"],
    () => ["clients"],
  ];
  for (const args of READS) {
    it(`trust ${args().map((a) => a ?? "<id>").join(" ")} loads neither zod, yaml nor the call screen`, () => {
      expect(heavyIn(args())).toEqual([]);
    });
  }

  // Each costs about 5 ms on a small machine: crypto makes ids and hashes, which reading never
  // does; child_process runs separate executables for commander, which trust has none of; net
  // (and tty, which loads it) make process.stdout, which a read writing to a pipe goes without
  // (src/standard-streams.ts). The trace runs each with its output on a pipe.
  const NOT_FOR_READS = ["node:crypto", "node:child_process", "node:net", "node:tty"];
  for (const args of [() => ["show", id], () => ["export", id], () => ["actions", "--overdue", "--owner", "Nobody"], () => ["report"], () => ["client", "Acme"]]) {
    it(`trust ${args().map((a) => a ?? "<id>").join(" ")} loads none of ${NOT_FOR_READS.join(", ")}`, () => {
      const builtins = loadedBuiltinsUnhooked(dir, args(), ENV());
      expect(builtins).toContain("node:fs");
      expect(builtins.filter((b) => NOT_FOR_READS.includes(b))).toEqual([]);
    });
  }

  it("the check can fail: the full CLI (the letter) writes through process.stdout, with node:net", () => {
    expect(loadedBuiltinsUnhooked(dir, ["letter", id], ENV())).toContain("node:net");
  });

  // Each read command runs from its own file, dist/read-<verb>.cjs, without commander or the ES
  // module chunks (src/fast/read-main.ts): what keeps them within 1.5× of Node's start-up. It
  // hands back what needs the full CLI.
  const QUICK: Array<() => string[]> = [
    () => ["show", id],
    () => ["export", id, "--format", "json"],
    () => ["--db", db, "export", id, "--out", "-"],
    () => ["actions", "--overdue", "--owner", "Nobody", "--fail"],
    () => ["report", "--format", "json"],
    () => ["report", "--format", "html"],
    () => ["sessions", "--json"],
    () => ["client", "Acme"],
    () => ["clients", "--no-color"],
  ];
  for (const args of QUICK) {
    const verb = () => args().find((a, i, all) => !a.startsWith("-") && all[i - 1] !== "--db")!;
    it(`trust ${args().map((a) => a ?? "<id>").join(" ")} runs from its own dist/read-<verb>.cjs alone`, () => {
      const files = loadedFiles(dir, args(), ENV()).filter((f) => f.includes(`${join("dist")}/`));
      expect(files.map((f) => f.split("/").pop())).toEqual([`read-${verb()}.cjs`]);
    });
  }
  const FULL: Array<[string, () => string[]]> = [
    ["the letter", () => ["export", id, "--audience", "client"]],
    ["the calendar writer", () => ["actions", "--format", "ics"]],
    ["a line commander must read (--help)", () => ["show", id, "--help"]],
  ];
  for (const [why, args] of FULL) {
    it(`trust ${args().map((a) => a ?? "<id>").join(" ")} hands over to the full CLI for ${why}`, () => {
      const files = loadedFiles(dir, args(), ENV()).map((f) => f.split("/").pop());
      expect(files).toContain("index.js");
    });
  }

  it("the built-in check can fail: recording a letter hashes it, with node:crypto", () => {
    expect(loadedBuiltins(dir, ["letter", id, "--record"], ENV())).toContain("node:crypto");
  });

  it("the check can fail: a command that writes loads the schemas it checks with", () => {
    expect(heavyIn(["actions", "done", action]).some((h) => h.startsWith("zod"))).toBe(true);
  });
});

/**
 * string-width and wrap-ansi make an Intl.Segmenter (ICU's break data) as they load, 15-20 ms;
 * the build defers their bodies to their first call (scripts/build.mjs), and a table of ASCII
 * text never calls them. A name in another script still does, so the check can fail.
 */
describe("tables of ASCII text never start the Unicode segmenter", () => {
  const segmentersMade = (args: string[], env: Record<string, string> = {}): number => {
    const count = join(dir, "segmenters.txt");
    const probe = join(dir, "count-segmenters.cjs");
    writeFileSync(
      probe,
      `const S = Intl.Segmenter; let n = 0;\nIntl.Segmenter = class extends S { constructor(...a) { super(...a); n++; } };\n` +
        `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(count)}, String(n)));\n`,
    );
    const r = spawnSync(process.execPath, ["--require", probe, BIN, ...args], { env: { PATH: process.env.PATH, ...ENV(), ...env }, encoding: "utf8" });
    if (env.FORCE_COLOR) expect(r.stdout).toContain("\x1b[");
    expect(r.status, r.stderr).toBe(0);
    return Number(readFileSync(count, "utf8"));
  };

  it("trust actions, sessions and report as tables of ASCII names make none, in colour too", () => {
    for (const args of [["actions"], ["sessions"], ["report"]]) expect(segmentersMade(args), args.join(" ")).toBe(0);
    // As on a terminal: the statuses painted, so their cells hold colour codes.
    for (const args of [["actions"], ["sessions"]]) expect(segmentersMade(args, { FORCE_COLOR: "1" }), `${args.join(" ")} in colour`).toBe(0);
  });

  it("a client named in another script is measured by grapheme, so the segmenter is made", async () => {
    const other = await cli(["start", "--answers", writeAnswers(dir), ...START_FLAGS, "--client", "東京 Ünïcode 🚀", "--db", db, "--json"]);
    expect(other.code, other.stderr).toBe(0);
    expect(segmentersMade(["sessions"])).toBeGreaterThan(0);
  });
});

