import Database from "better-sqlite3";
import { chmodSync, chownSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { NOBODY, cannotRunAs, readableCliCopy } from "../helpers/other-user.js";
import { START_FLAGS, cli, expectRefusal, folderState, tempDirs, writeAnswers, type Exit } from "./helpers.js";

/**
 * Hostile files given to the real CLI: each is refused with a short, plain message (no stack
 * trace, not an "unexpected error") and the exit code the README documents (1: the database
 * cannot be used; 2: invalid input), quickly, and without changing any file that was there
 * before. The store's own tests (tests/store/open.test.ts, processes.test.ts) check the same
 * refusals through the API; these check what a person sees.
 */

const tempDir = tempDirs("trust-fault-hostile-");
const isRoot = process.getuid?.() === 0;

let answers: string;
let goodDb: Buffer;

beforeAll(async () => {
  const dir = tempDir();
  answers = writeAnswers(dir);
  const db = join(dir, "good.db");
  const run = await cli(["start", "--answers", answers, ...START_FLAGS, "--db", db]);
  expect(run.code).toBe(0);
  goodDb = readFileSync(db);
});

/** A folder holding `files`, its state before, and a run of `args` in it. */
async function refuse(files: Record<string, Buffer | string>, args: (dir: string) => string[]): Promise<{ run: Exit; dir: string; before: Record<string, string> }> {
  const dir = tempDir();
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const before = folderState(dir);
  const run = await cli(args(dir));
  return { run, dir, before };
}

const start = (db: string) => ["start", "--answers", answers, ...START_FLAGS, "--db", db];

describe("a database file that cannot be used: exit 1, file untouched", () => {
  const cases: Array<[string, () => Buffer | string, RegExp]> = [
    ["a text file", () => "hello, this is not a database\n".repeat(50), /is not a trust database \(it is not a SQLite file\)/],
    ["a database cut in half", () => goodDb.subarray(0, Math.floor(goodDb.length / 2)), /is damaged or truncated/],
    ["a database cut inside its header", () => goodDb.subarray(0, 50), /is damaged or truncated/],
    ["a database from a newer trust (user_version 99)", () => newerSchema(), /written by a newer version of trust \(schema 99/],
  ];

  for (const [name, content, message] of cases) {
    it(`${name}: trust start refuses it and leaves the folder exactly as it was`, async () => {
      const { run, dir, before } = await refuse({ "trust.db": content() }, (d) => start(join(d, "trust.db")));
      expectRefusal(run, 1, message);
      expect(folderState(dir)).toEqual(before);
    });

    it(`${name}: trust sessions refuses it and leaves the file as it was`, async () => {
      const { run, dir, before } = await refuse({ "trust.db": content() }, (d) => ["sessions", "--db", join(d, "trust.db")]);
      expectRefusal(run, 1, message);
      // A read-only SQLite connection to a WAL file may leave empty -wal/-shm files beside it,
      // but the files that were there are byte for byte the same.
      const after = folderState(dir);
      for (const [file, hash] of Object.entries(before)) expect(after[file]).toBe(hash);
    });
  }

  it("a database made read-only (chmod a-w): refused by a command that writes, even as root, and left as it was", async () => {
    const dir = tempDir();
    const db = join(dir, "trust.db");
    writeFileSync(db, goodDb);
    chmodSync(db, 0o444);
    const before = folderState(dir);
    const run = await cli(start(db));
    expectRefusal(run, 1, /^trust: cannot write to .*trust\.db: it is read-only$/);
    expect(folderState(dir)).toEqual(before);
    // Reading it is fine.
    expect((await cli(["sessions", "--db", db])).code).toBe(0);
  });

  // As root, the CLI runs as `nobody` from a copy it can read: the checkout may sit in a folder only root can enter.
  const asNobody = isRoot ? cannotRunAs(NOBODY) : undefined;
  it.skipIf(asNobody !== undefined)(`a path in a folder the user may not write: a clear permission message, nothing created${asNobody ? ` (skipped: ${asNobody})` : ""}`, async () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    const locked = join(dir, "locked");
    mkdirSync(locked, { mode: 0o755 });
    // Root ignores permission bits, so as root the CLI runs as `nobody`, for whom the folder is read-only.
    if (!isRoot) chmodSync(locked, 0o555);
    const readable = join(dir, "answers.yaml");
    copyFileSync(answers, readable);
    chmodSync(readable, 0o644);
    const copy = isRoot ? readableCliCopy() : undefined;
    const run = await cli(["start", "--answers", readable, ...START_FLAGS, "--db", join(locked, "trust.db")], copy ? { uid: NOBODY, bin: copy.bin, cwd: copy.dir } : {});
    if (copy) rmSync(copy.dir, { recursive: true, force: true });
    expectRefusal(run, 1, /cannot create or open .*locked\/trust\.db: permission denied/);
    expect(run.stderr).toMatch(/hint: .*--db or TRUST_DB/);
    expect(folderState(locked)).toEqual({});
    chmodSync(locked, 0o755);
  });

  it.skipIf(asNobody !== undefined)(`trust doctor on a sound file in a folder that became read-only: says so, and is no damage to restore${asNobody ? ` (skipped: ${asNobody})` : ""}`, async () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    const shelf = join(dir, "shelf");
    mkdirSync(shelf, { mode: 0o755 });
    const readable = join(dir, "answers.yaml");
    copyFileSync(answers, readable);
    chmodSync(readable, 0o644);
    const copy = isRoot ? readableCliCopy() : undefined;
    const as = copy ? { uid: NOBODY, bin: copy.bin, cwd: copy.dir } : {};
    if (isRoot) chownSync(shelf, NOBODY, NOBODY);
    const db = join(shelf, "trust.db");
    try {
      expect((await cli(["start", "--answers", readable, ...START_FLAGS, "--db", db], as)).code).toBe(0);
      chmodSync(shelf, 0o555);
      const run = await cli(["doctor", "--db", db], as);
      expect(run.stdout).toMatch(/✗ integrity: could not be checked: cannot use .*trust\.db: its folder is read-only/);
      expect(run.stdout).not.toMatch(/restore it from a copy|\.recover/i);
    } finally {
      chmodSync(shelf, 0o755);
      if (copy) rmSync(copy.dir, { recursive: true, force: true });
    }
  });
});

describe("invalid input: exit 2, nothing saved", () => {
  it("a playbook whose YAML aliases would expand a billion times", async () => {
    const { run, dir, before } = await refuse({ "bomb.yaml": aliasBomb() }, (d) => ["playbook", "validate", join(d, "bomb.yaml")]);
    expectRefusal(run, 2, /bomb\.yaml:\d+:\d+ refusing to load: its aliases expand into too much data/, "stdout");
    const started = await cli(["start", join(dir, "bomb.yaml"), ...start(join(dir, "trust.db")).slice(1)]);
    expectRefusal(started, 2, /playbook .*bomb\.yaml is invalid/);
    expect(started.stderr).toMatch(/aliases expand into too much data/);
    expect(folderState(dir)).toEqual(before);
  });

  it("a 50 MB playbook is refused by its size, without parsing it", async () => {
    const big = Buffer.alloc(50 * 1024 * 1024, "# padding padding padding padding padding padding padding padding\n");
    const { run, dir, before } = await refuse({ "big.yaml": big }, (d) => ["playbook", "validate", join(d, "big.yaml")]);
    expectRefusal(run, 2, /big\.yaml:1:1 the file is 50(\.0)? MiB .* over the 1 MiB limit for a playbook/, "stdout");
    const started = await cli(["start", join(dir, "big.yaml"), ...start(join(dir, "trust.db")).slice(1)]);
    expectRefusal(started, 2, /playbook .*big\.yaml is invalid/);
    expect(folderState(dir)).toEqual(before);
  });

  it("a playbook that is not UTF-8", async () => {
    const bytes = Buffer.concat([Buffer.from("id: latin\ntitle: Caf"), Buffer.from([0xe9]), Buffer.from("\nversion: 1\nsteps: []\n")]);
    const { run, dir, before } = await refuse({ "latin.yaml": bytes }, (d) => ["playbook", "validate", join(d, "latin.yaml")]);
    expectRefusal(run, 2, /latin\.yaml:2:\d+ is not UTF-8 text/, "stdout");
    expect(folderState(dir)).toEqual(before);
  });

  it("an answers file that is not UTF-8, with an existing database left as it was", async () => {
    const bytes = Buffer.concat([Buffer.from("known_and_open: "), Buffer.from([0xc3, 0x28]), Buffer.from("\n")]);
    const { run, dir, before } = await refuse({ "answers.yaml": bytes, "trust.db": goodDb }, (d) => [
      "start", "--answers", join(d, "answers.yaml"), ...START_FLAGS, "--db", join(d, "trust.db"),
    ]);
    expectRefusal(run, 2, /answers file .*answers\.yaml is not valid UTF-8 text/);
    expect(folderState(dir)).toEqual(before);
  });

  it("an answers file with wrong types lists every problem and saves nothing", async () => {
    const wrong = "trust_before: very\nclient_facts: 3\napologised: maybe\nactions: yes\nnext_update: [1]\n";
    const { run, dir, before } = await refuse({ "answers.yaml": wrong, "trust.db": goodDb }, (d) => [
      "start", "--answers", join(d, "answers.yaml"), ...START_FLAGS, "--db", join(d, "trust.db"),
    ]);
    expectRefusal(run, 2, /answers file .*answers\.yaml has \d+ problems/);
    // Each at the line of its key (the five lines of the file, in order).
    ["trust_before", "client_facts", "apologised", "actions", "next_update"].forEach((prompt, i) => {
      expect(run.stderr).toMatch(new RegExp(`^  \\S*answers\\.yaml:${i + 1}:1 ${prompt}: `, "m"));
    });
    expect(folderState(dir)).toEqual(before);
  });
});

/** The good database with PRAGMA user_version set past what this build knows. */
function newerSchema(): Buffer {
  const dir = tempDir();
  const file = join(dir, "newer.db");
  writeFileSync(file, goodDb);
  const db = new Database(file);
  db.pragma("user_version = 99");
  db.close();
  return readFileSync(file);
}

/** Ten levels of nine aliases each: 9^10 strings once expanded. */
function aliasBomb(): string {
  const lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(", ")}]`);
  return `${lines.join("\n")}\nid: bomb\ntitle: Bomb\nversion: 1\nsteps: []\n`;
}
