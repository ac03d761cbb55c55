import { spawn, spawnSync } from "node:child_process";
import { openSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { manyCalls, until } from "../helpers/bulk-file.js";
import { BIN, ROOT } from "../helpers/cli.js";
import { cli, cliEnv, expectRefusal, spawnCli, startedDb, tempDirs } from "./helpers.js";

/**
 * The quick read path writes to a pipe or a file with write(2), without Node's stream
 * (src/standard-streams.ts); these are the ways such a write ends other than well, each as the
 * stream's guard ended it before: a reader that goes away is no error, a file that cannot take
 * the text is one line and exit 1. tests/fault/verified-record.test.ts covers /dev/full, a
 * character device, which goes through the stream.
 */

const tempDir = tempDirs("trust-fault-stdout-");

async function sessionIn(): Promise<{ dir: string; db: string; id: string }> {
  const dir = tempDir();
  const db = await startedDb(dir);
  const listed = await cli(["sessions", "--json", "--db", db]);
  expect(listed.code, listed.stderr).toBe(0);
  return { dir, db, id: (JSON.parse(listed.stdout) as Array<{ id: string }>)[0]!.id };
}

describe("standard output that cannot take the text", () => {
  it("a file opened for reading only: one line, exit 1, whichever way in the command runs", async () => {
    const { dir, db, id } = await sessionIn();
    const out = join(dir, "read-only.txt");
    writeFileSync(out, "before\n");
    // export and sessions run from their dist/read-<verb>.cjs (write(2)); the letter runs in the full CLI (the stream).
    const refusal = /^trust: cannot write to standard output: EBADF: bad file descriptor, write$/m;
    for (const args of [["export", id, "--db", db], ["sessions", "--db", db]]) {
      expectRefusal(await cli(args, { before: `exec 1<${JSON.stringify(out)}` }), 1, refusal);
    }
    // The letter warns first (this fixture's has no apology), then fails the same way.
    const letter = await cli(["letter", id, "--db", db], { before: `exec 1<${JSON.stringify(out)}` });
    expect(letter.code).toBe(1);
    expect(letter.stderr).toMatch(refusal);
    expect(letter.stderr).not.toMatch(/^\s+at /m);
    expect(readFileSync(out, "utf8")).toBe("before\n");
  });

  it("a reader that goes away before the text is written: no error, the command's own exit code", async () => {
    const { db, id } = await sessionIn();
    for (const [args, code] of [
      [["export", id, "--db", db], 0],
      [["actions", "--overdue", "--fail", "--db", db], 3],
    ] as const) {
      // Far enough on that every commitment is overdue.
      const { child, exited } = spawnCli([...args], { env: { TRUST_NOW: "2030-01-01T00:00:00Z" } });
      // The child's stdout now has no reader: its first write fails with EPIPE.
      child.stdout!.destroy();
      const run = await exited;
      expect(run.signal).toBeNull();
      expect(run.stderr).not.toMatch(/cannot write|unexpected error|^\s+at /m);
      expect(run.code, `${args[0]}: ${run.stderr}`).toBe(code);
    }
  });
});

describe("standard output that takes the text a piece at a time", () => {
  it("gets it byte for byte, a pair of surrogates across each piece's end and to a pipe and a file alike", async () => {
    const dir = tempDir();
    // 16,384 UTF-16 units a piece: 🙂 (two units) straddles every boundary, with ASCII, é and CJK between.
    const unit = "x".repeat(16_383) + "🙂" + "é漢".repeat(5000);
    const text = unit.repeat(7) + "\n";
    const script = join(dir, "write.cjs");
    writeFileSync(
      script,
      `const s = require(${JSON.stringify(join(ROOT, "dist", "standard-streams.cjs"))});
       s.writeDirectly();
       s.writeStdout(require("node:fs").readFileSync(${JSON.stringify(join(dir, "text.txt"))}, "utf8"));`,
    );
    writeFileSync(join(dir, "text.txt"), text);
    const piped = spawnSync(process.execPath, [script], { maxBuffer: 64 * 1024 * 1024 });
    expect(piped.status, piped.stderr.toString()).toBe(0);
    expect(Buffer.compare(piped.stdout, Buffer.from(text, "utf8"))).toBe(0);
    const out = join(dir, "out.txt");
    const toFile = spawnSync(process.execPath, [script], { stdio: ["ignore", openSync(out, "w"), "pipe"] });
    expect(toFile.status).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(text);
  });
});

describe("standard output that someone else made non-blocking, with a reader slower than trust", () => {
  it("gets all of it: trust waits for the reader before it ends", async () => {
    const dir = tempDir();
    const db = join(dir, "many.db");
    manyCalls(db, 3000);
    const args = [BIN, "sessions", "--json", "--db", db];
    const whole = spawnSync(process.execPath, args, { env: cliEnv(), maxBuffer: 64 * 1024 * 1024 });
    expect(whole.status, whole.stderr.toString()).toBe(0);
    // Far more than a pipe holds (64 kB), so a write meets a full pipe.
    expect(whole.stdout.length).toBeGreaterThan(1_000_000);

    // python3 (which building the SQLite binding needs anyway) makes trust's stdout non-blocking,
    // as a parent sharing its own pipe may, then runs it in its place: the same process.
    const child = spawn("python3", ["-c", "import os, sys; os.set_blocking(1, False); os.execv(sys.argv[1], sys.argv[1:])", process.execPath, ...args], {
      env: cliEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let code: number | null | undefined;
    const exited = new Promise<void>((resolve) => child.on("exit", (c) => resolve(void (code = c))));
    let stderr = "";
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    // Read only when asked (a 'readable' listener, which also keeps Node from draining the pipe
    // into nothing when trust ends first).
    const chunks: Buffer[] = [];
    let reading = false;
    const drain = () => {
      for (let chunk: Buffer | null; reading && (chunk = child.stdout!.read() as Buffer | null) !== null; ) chunks.push(chunk);
    };
    child.stdout!.on("readable", drain);
    const ended = new Promise((resolve) => child.stdout!.on("end", resolve));
    // Nothing is read until trust has met the full pipe and is waiting for it in its event loop
    // (epoll_wait, 232, or epoll_pwait, 281, in its main thread), or has ended without waiting.
    const waiting = () => {
      try {
        return /^(232|281) /.test(readFileSync(`/proc/${child.pid}/syscall`, "utf8"));
      } catch {
        return false;
      }
    };
    await until(() => code !== undefined || waiting());
    reading = true;
    drain();
    await Promise.all([exited, ended]);
    expect(code, stderr).toBe(0);
    expect(stderr).toBe("");
    const got = Buffer.concat(chunks);
    expect(got.length).toBe(whole.stdout.length);
    expect(got.equals(whole.stdout)).toBe(true);
  });
});
