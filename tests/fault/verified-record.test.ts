import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { START_FLAGS, cli, expectRefusal, startedDb, tempDirs } from "./helpers.js";
import { mkfifo } from "./special-files.js";

/**
 * `<db>-verified`, the record a writer leaves of a file it knows sound (src/store/integrity.ts),
 * is trust's own small file or nothing: a link there is never written through, a FIFO or a link
 * to a device never read (no hang, no endless read), a folder never removed. Whatever is there,
 * the command does its work, the file is checked as if it had no record, and standard output
 * on a full disk is one line too.
 */

const tempDir = tempDirs("trust-fault-verified-");

async function database(): Promise<{ dir: string; db: string }> {
  const dir = tempDir();
  return { dir, db: await startedDb(dir) };
}

const start = (dir: string, db: string) => cli(["start", "--answers", join(dir, "answers.yaml"), ...START_FLAGS, "--db", db]);

describe("whatever is where the record goes", () => {
  it("a link to someone's file: not written through, the file unchanged, the link left", async () => {
    const { dir, db } = await database();
    const victim = join(dir, "victim.txt");
    writeFileSync(victim, "mine\n");
    const record = `${db}-verified`;
    rmSync(record, { force: true });
    symlinkSync(victim, record);
    const run = await start(dir, db);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(readFileSync(victim, "utf8")).toBe("mine\n");
    expect(lstatSync(record).isSymbolicLink()).toBe(true);
  });

  it.each([
    ["a FIFO", (path: string) => mkfifo(path)],
    ["a link to /dev/zero", (path: string) => symlinkSync("/dev/zero", path)],
    ["a folder", (path: string) => mkdirSync(path)],
  ])("%s: the command runs (no hang, no endless read), and the thing is left as it was", async (_name, make) => {
    const { dir, db } = await database();
    const record = `${db}-verified`;
    rmSync(record, { force: true });
    make(record);
    const run = await start(dir, db);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.ms).toBeLessThan(10_000);
    expect(existsSync(record)).toBe(true);
    expect(lstatSync(record).isFile()).toBe(false);
  });
});

describe("standard output that cannot be written", () => {
  it("a full disk behind the redirect: one line, exit 1, no stack trace", async () => {
    const { db } = await database();
    for (const args of [["sessions", "--db", db], ["export", "--help"], ["--version"]]) {
      const run = await cli(args, { before: "exec 1>/dev/full" });
      expectRefusal(run, 1, /^trust: cannot write to standard output: ENOSPC: no space left on device/);
    }
  });
});
