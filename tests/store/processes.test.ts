import Database from "better-sqlite3";
import { spawn } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/index.js";
import { NOBODY, cannotRunAs } from "../helpers/other-user.js";
import { buildWorker, folderState, newSession, useTempDir } from "./helpers.js";

/**
 * The store used by several real processes at once, killed mid-run, and by a user who may not
 * write where the database lives. The children run a bundled copy of the store (fixtures/worker.ts).
 */

const tempDir = useTempDir();
let worker: { script: string; dir: string };

beforeAll(async () => {
  worker = await buildWorker();
});
afterAll(() => rmSync(worker.dir, { recursive: true, force: true }));

const isRoot = process.getuid?.() === 0;
/** As root these tests run the worker as `nobody`; why that cannot work here, if it cannot. */
const asNobody = isRoot ? cannotRunAs(NOBODY) : undefined;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runWorker(args: string[], opts: { uid?: number } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker.script, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
      ...(opts.uid === undefined ? {} : { uid: opts.uid, gid: opts.uid }),
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

function json(run: Run): Record<string, unknown> {
  return JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "null") as Record<string, unknown>;
}

describe("several processes", () => {
  it("4 writers at once on a new file: no SQLITE_BUSY, no row lost", async () => {
    const path = join(tempDir(), "trust.db");
    const sessionsEach = 15;
    const startAt = String(Date.now() + 1_500);
    const runs = await Promise.all(["w0", "w1", "w2", "w3"].map((name) => runWorker(["write", path, name, String(sessionsEach), startAt])));
    for (const run of runs) {
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
    }
    // All opened the new file at once: its schema was built once, with no backup of a half-built file.
    expect(readdirSync(join(path, "..")).filter((name) => name.includes("backup"))).toEqual([]);
    const ids = runs.flatMap((run) => json(run).ids as string[]);
    expect(new Set(ids).size).toBe(4 * sessionsEach);

    const store = openStore(path, { readonly: true });
    expect(store.listSessions({}).map((s) => s.id).sort()).toEqual([...ids].sort());
    for (const id of ids) {
      // 3 steps x (started + answered), the actions answer, completed.
      expect(store.events(id)).toHaveLength(8);
      expect(store.getSession(id)?.status).toBe("completed");
    }
    expect(store.listActions({ open: true })).toHaveLength(4 * sessionsEach);
    store.close();
  });
});

describe("a process killed with SIGKILL", () => {
  it("right after append returned: the answer is in the file, and the file is intact", async () => {
    const path = join(tempDir(), "trust.db");
    const { child, committed } = startHanging(path);
    const { session, seq } = await committed;
    child.kill("SIGKILL");
    await new Promise((resolve) => child.on("close", resolve));

    const db = new Database(path, { readonly: true });
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    db.close();
    const store = openStore(path);
    expect(store.events(session)).toEqual([
      expect.objectContaining({ type: "answered", prompt: "trust_before", value: 3, seq }),
    ]);
    // And the next writer carries on.
    store.append(session, { type: "resumed" }, Date.now());
    store.close();
  });
});

function startHanging(path: string) {
  const child = spawn(process.execPath, [worker.script, "append-and-hang", path], { stdio: ["ignore", "pipe", "inherit"] });
  const committed = new Promise<{ session: string; seq: number }>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (out.includes("\n")) resolve(JSON.parse(out) as { session: string; seq: number });
    });
    child.on("error", reject);
    child.on("close", (code) => reject(new Error(`worker ended early with ${code}`)));
  });
  return { child, committed };
}

/**
 * As root, permissions do not apply, so these run the worker as `nobody`, for whom a root-owned
 * folder is read-only; as anyone else, the folder is made read-only with chmod.
 */
describe.skipIf(asNobody !== undefined)(`a database its user may not write${asNobody ? ` (skipped: ${asNobody})` : ""}`, () => {
  function readOnlyFolder(): string {
    const dir = join(tempDir(), "locked");
    mkdirSync(dir);
    chmodSync(join(dir, ".."), 0o755);
    if (!isRoot) chmodSync(dir, 0o555);
    return dir;
  }
  const asUser = isRoot ? { uid: NOBODY } : {};

  it("in a read-only folder, with no file yet: a clear error, nothing created", async () => {
    const dir = readOnlyFolder();
    const path = join(dir, "trust.db");
    const result = json(await runWorker(["try", path, "writable"], asUser));
    expect(result.error).toBe(`cannot create or open ${path}: permission denied`);
    expect(result.hint).toContain(dir);
    expect(folderState(dir)).toEqual({});
    // A reader just sees no sessions.
    expect(json(await runWorker(["try", path, "readonly"], asUser))).toEqual({ ok: true, sessions: 0 });
    chmodSync(dir, 0o755);
  });

  it("an existing file in a read-only folder: refused, and the file is unchanged", async () => {
    const dir = join(tempDir(), "locked");
    mkdirSync(dir);
    chmodSync(join(dir, ".."), 0o755);
    const path = join(dir, "trust.db");
    const store = openStore(path);
    store.createSession(newSession());
    store.close();
    chmodSync(path, 0o644); // readable by the other user, writable by none but its owner
    if (!isRoot) chmodSync(path, 0o444);
    if (!isRoot) chmodSync(dir, 0o555);
    const before = folderState(dir);
    // A reader fails too: SQLite must create the -shm file beside any WAL database it reads.
    for (const mode of ["writable", "readonly"]) {
      const result = json(await runWorker(["try", path, mode], asUser));
      expect(result.error, mode).toMatch(/^cannot (use|open|write to) \S+trust\.db/);
      expect(result.error).toContain(path);
      expect(result.hint).toContain("--db");
      expect(folderState(dir)).toEqual(before);
    }
    chmodSync(dir, 0o755);
  });

  it("a file it may not write, in a folder it may: a clear error on the first write, file unchanged", async () => {
    const dir = join(tempDir(), "shared");
    mkdirSync(dir);
    chmodSync(join(dir, ".."), 0o755);
    const path = join(dir, "trust.db");
    const store = openStore(path);
    store.createSession(newSession());
    store.close();
    chmodSync(path, 0o644);
    if (isRoot) chownSync(dir, NOBODY, NOBODY);
    else chmodSync(path, 0o444);
    const before = folderState(dir)["trust.db"];
    const result = json(await runWorker(["try", path, "writable"], asUser));
    expect(result.error).toBe(`cannot write to ${path}: it is read-only`);
    expect(folderState(dir)["trust.db"]).toBe(before);
    // Reading still works.
    expect(json(await runWorker(["try", path, "readonly"], asUser))).toEqual({ ok: true, sessions: 1 });
  });
});
