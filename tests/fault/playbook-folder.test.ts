import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/cli.js";
import { START_FLAGS, cli, tempDirs, writeAnswers, type Exit } from "./helpers.js";

/**
 * A folder of large user playbooks (issue 10): `trust start <id>` reads only the playbook it
 * runs, not every file in the folder. The proof is what the process read, counted by Linux
 * (/proc/self/io, rchar: bytes through read(2) and friends), not how long it took: a run with
 * the folder reads no more than a few heads of files more than a run with an empty folder.
 */

const tempDir = tempDirs("trust-fault-folder-");
const linux = process.platform === "linux";

/** A valid playbook of about `kib` KiB: hundreds of steps, seconds of parsing and checking. */
function largePlaybook(id: string, kib = 900): string {
  let text = `id: ${id}\ntitle: Large ${id}\nversion: 1\ndescription: A large playbook.\nsteps:\n`;
  for (let i = 0; text.length < kib * 1024; i++) {
    text += `  - id: step_${i}\n    title: Step ${i}\n    guidance: |\n      ${"Listen to the client and write down what they say. ".repeat(4)}\n`;
    text += `    prompts:\n      - id: p_${i}\n        type: text\n        message: What did they say about part ${i}?\n`;
  }
  return text;
}

/** Six large valid playbooks, a large one broken at its end, one over the size limit, and a FIFO nobody writes to. */
function largeFolder(): { dir: string; bytes: number } {
  const dir = tempDir();
  let bytes = 0;
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    bytes += Buffer.byteLength(text);
  };
  for (let i = 1; i <= 6; i++) write(`large-${i}.yaml`, largePlaybook(`large-${i}`));
  write("broken-large.yaml", `${largePlaybook("broken-large")}  - id: [unclosed\n\tbad: indent\n`);
  write("too-big.yaml", `id: too-big\n${"# padding\n".repeat(500_000)}`);
  execFileSync("mkfifo", [join(dir, "pipe.yaml")]);
  return { dir, bytes };
}

/** Writes /proc/self/io to a file as the CLI exits. */
function ioProbe(): { env: Record<string, string>; rchar: () => number } {
  const dir = tempDir();
  const out = join(dir, "io.txt");
  const probe = join(dir, "probe.mjs");
  writeFileSync(probe, `import { readFileSync, writeFileSync } from "node:fs";\nprocess.on("exit", () => writeFileSync(${JSON.stringify(out)}, readFileSync("/proc/self/io")));\n`);
  return {
    env: { NODE_OPTIONS: `--import ${probe}` },
    rchar: () => Number(/^rchar: (\d+)$/m.exec(readFileSync(out, "utf8"))![1]),
  };
}

async function startWith(playbooksDir: string): Promise<Exit & { rchar: number }> {
  const work = tempDir();
  const probe = ioProbe();
  const ran = await cli(["start", "restore-trust", "--answers", writeAnswers(work), ...START_FLAGS, "--db", join(work, "trust.db"), "--playbooks", playbooksDir], { env: probe.env });
  return { ...ran, rchar: probe.rchar() };
}

describe.skipIf(!linux)("a folder of large user playbooks", () => {
  it("`trust start restore-trust` runs the builtin, reading only the first lines of each user file", async () => {
    const { dir, bytes } = largeFolder();
    expect(bytes).toBeGreaterThan(10 * 1024 * 1024);
    const empty = await startWith(tempDir());
    expect(empty.stderr).toBe("");
    expect(empty.code).toBe(0);
    const large = await startWith(dir);
    expect(large.stderr).toBe("");
    expect(large.code).toBe(0);
    // 7 heads of at most 8 KiB each; loading them all would read 6 MiB more.
    expect(large.rchar - empty.rchar).toBeLessThan(256 * 1024);
  });

  it("a user file whose id is the one asked for is found and run whoever its name, still without loading the others", async () => {
    const { dir } = largeFolder();
    const builtin = readFileSync(join(ROOT, "playbooks", "restore-trust.yaml"), "utf8");
    writeFileSync(join(dir, "team-version.yaml"), builtin.replace("title: Restore a client's trust", "title: Our own restore-trust"));
    const shown = await cli(["playbook", "show", "restore-trust", "--playbooks", dir]);
    expect(shown.stderr).toBe("");
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain("Our own restore-trust");
    const started = await startWith(dir);
    expect(started.stderr).toBe("");
    expect(started.code).toBe(0);
    const empty = await startWith(tempDir());
    expect(started.rchar - empty.rchar).toBeLessThan(256 * 1024 + builtin.length);
  });

  it("the playbook asked for is still checked in full: a broken one named after the id is refused (exit 2)", async () => {
    const { dir } = largeFolder();
    const ran = await cli(["playbook", "show", "broken-large", "--playbooks", dir]);
    expect(ran.stderr).toMatch(/^trust: playbook .*broken-large\.yaml is invalid\n/);
    expect(ran.code).toBe(2);
  });

  it("of two user files with the same id the first (by name) is run, and the second is refused when asked for by its name", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.yaml"), largePlaybook("shared", 4));
    writeFileSync(join(dir, "b.yaml"), largePlaybook("shared", 8).replace("title: Large shared", "title: Second"));
    const first = await cli(["playbook", "show", "shared", "--playbooks", dir]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("Large shared");
    const second = await cli(["playbook", "show", "b", "--playbooks", dir]);
    expect(second.stderr).toContain(`the id "shared" is already used by ${join(dir, "a.yaml")}`);
    expect(second.code).toBe(2);
  });
});
