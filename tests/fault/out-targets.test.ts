import Database from "better-sqlite3";
import { chmodSync, lstatSync, mkdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { START_FLAGS, cli, expectRefusal, modeOf, namesIn, tempDirs, writeAnswers } from "./helpers.js";
import { link, mkdir, mkfifo, mknod, useSockets } from "./special-files.js";
import { everyPair } from "../helpers/node-line.js";

/**
 * `--out` of export, letter and playbook new writes only over a regular file: a device, FIFO,
 * socket or folder there is refused (exit 2) and left as it was, never replaced by a file; a
 * symbolic link is written through to the regular file it names and stays a link, but a link into
 * /dev or /proc (/dev/stdout, /dev/fd/1) or one that leads nowhere is refused; a read-only file
 * is replaced only with --force. Writes stay atomic (no temporary file left) and 0600.
 */

const tempDir = tempDirs("trust-fault-out-");
const isRoot = process.getuid?.() === 0;

let db: string;
let id: string;
const socket = useSockets();

beforeAll(async () => {
  const dir = tempDir();
  db = join(dir, "trust.db");
  const run = await cli(["start", "--answers", writeAnswers(dir), ...START_FLAGS, "--json", "--db", db]);
  expect(run.code).toBe(0);
  id = (JSON.parse(run.stdout) as { id: string }).id;
});

const COMMANDS: Array<[string, (out: string) => string[]]> = [
  ["export", (out) => ["export", id, "--db", db, "--out", out]],
  ["export --audience client", (out) => ["export", id, "--audience", "client", "--db", db, "--out", out]],
  ["letter", (out) => ["letter", id, "--db", db, "--out", out]],
  ["letter --format eml", (out) => ["letter", id, "--format", "eml", "--db", db, "--out", out]],
  ["playbook new", (out) => ["playbook", "new", "fresh-one", "--out", out]],
];

function sqliteFile(path: string): string {
  const db = new Database(path);
  db.exec("CREATE TABLE sessions (pk INTEGER PRIMARY KEY)");
  db.close();
  return path;
}

/** What each target is before the run, to compare after: its type and, for a link, where it points. */
function shapeOf(path: string): string {
  let info;
  try {
    info = lstatSync(path);
  } catch {
    return "nothing";
  }
  if (info.isSymbolicLink()) return `link -> ${readlinkSync(path)}`;
  if (info.isFIFO()) return "fifo";
  if (info.isSocket()) return "socket";
  if (info.isCharacterDevice()) return "char device";
  if (info.isDirectory()) return "folder";
  return `file ${(info.mode & 0o777).toString(8)} ${readFileSync(path, "utf8")}`;
}

/** Targets that are not regular files, made in `dir`: the path, and what the message must say. */
type Make = (dir: string) => string | Promise<string>;
const TARGETS: Array<[string, Make, RegExp]> = [
  ["a FIFO", (dir) => mkfifo(join(dir, "fifo")), /it is a FIFO \(named pipe\), not a regular file/],
  ["a link to a FIFO", (dir) => link(mkfifo(join(dir, "fifo")), join(dir, "to-fifo")), /it is a FIFO \(named pipe\) \(through the link to .*fifo\), not a regular file/],
  ["a unix socket", (dir) => socket(join(dir, "sock")), /it is a socket, not a regular file/],
  ["a folder", (dir) => mkdir(join(dir, "folder")), /it is a folder/],
  // The database itself given as --out (export 3f9c --db x.db --out x.db) would lose every session, --force or not.
  ["a SQLite database", (dir) => sqliteFile(join(dir, "trust.db")), /it is a SQLite database, which trust never writes over/],
  ["a link to a SQLite database", (dir) => link(sqliteFile(join(dir, "other.db")), join(dir, "to-db")), /it is a SQLite database \(through the link to .*other\.db\), which trust never writes over/],
  // The files beside a database are part of it: its log may hold every session not yet checkpointed.
  ["the database's write-ahead log", (dir) => (sqliteFile(join(dir, "trust.db")), writeFileSync(join(dir, "trust.db-wal"), "log"), join(dir, "trust.db-wal")), /it is part of the SQLite database .*trust\.db \(its wal file\), which trust never writes over/],
  ["a new rollback journal beside a database", (dir) => (sqliteFile(join(dir, "trust.db")), join(dir, "trust.db-journal")), /it is part of the SQLite database .*trust\.db \(its journal file\), which trust never writes over/],
  ["trust's record of a database found sound", (dir) => (sqliteFile(join(dir, "trust.db")), join(dir, "trust.db-verified")), /it is part of the SQLite database .*trust\.db \(its verified file\), which trust never writes over/],
  ["a link to a database's shared memory", (dir) => (sqliteFile(join(dir, "trust.db")), writeFileSync(join(dir, "trust.db-shm"), "shm"), link(join(dir, "trust.db-shm"), join(dir, "to-shm"))), /it is part of the SQLite database .*trust\.db \(its shm file\), which trust never writes over/],
  ["a link to /dev/stdout", (dir) => link("/dev/stdout", join(dir, "to-stdout")), /it is (a socket|a FIFO|a character device|a pipe)[^(]*\(through the link to \/dev\/stdout\)|it names a device or an open file descriptor \(through the link to \/dev\/stdout\)/],
  ["a link to /dev/null", (dir) => link("/dev/null", join(dir, "to-null")), /it is a character device \(through the link to \/dev\/null\), not a regular file/],
  ["a link to /proc/self/fd/1", (dir) => link("/proc/self/fd/1", join(dir, "to-fd")), /it names an open file descriptor \(\/proc\/\d+\/fd\/1\), not a regular file/],
  ["a link to a file that does not exist", (dir) => link(join(dir, "nowhere"), join(dir, "dangling")), /it is a symbolic link to a file that does not exist/],
  ["a link that loops", (dir) => (link(join(dir, "b"), join(dir, "a")), link(join(dir, "a"), join(dir, "b"))), /it is a symbolic link that loops/],
  // A linked folder leads into /proc or /dev as surely as a linked file.
  ["a file under a folder that is a link to /proc", (dir) => join(link("/proc", join(dir, "procdir")), "self", "fd", "1"), /it names an open file descriptor \(\/proc\/\d+\/fd\/1\), not a regular file/],
  ["a new file under a folder that is a link to /dev", (dir) => join(link("/dev", join(dir, "devdir")), "shm", "trust-fault-new"), /it names a device or an open file descriptor \(through the link to \/dev\/shm\/trust-fault-new\)/],
  // A trailing slash says "a folder": never a file of that name, new or old.
  ["an existing file named with a trailing slash", (dir) => (writeFileSync(join(dir, "kept.md"), "kept\n"), `${join(dir, "kept.md")}/`), /it ends with a slash, so it names a folder, not a file/],
  ["a new name with a trailing slash", (dir) => `${join(dir, "new-name")}/`, /it ends with a slash, so it names a folder, not a file/],
  ["a path with names too long", (dir) => join(dir, ...Array.from({ length: 30 }, () => "c".repeat(200))), /a name in its path is too long/],
  // Only root may make a device node; the device is a copy of /dev/null's (1, 3), in the temp folder.
  ...(isRoot ? [["a character device", (dir: string) => mknod(join(dir, "null")), /it is a character device, not a regular file/] as [string, Make, RegExp]] : []),
];
// The real /dev paths, only where a regression could not replace them (as root it could).
const DEV_PATHS = isRoot ? [] : ["/dev/null", "/dev/stdout", "/dev/fd/1"];

describe("targets that are not regular files: exit 2, left exactly as they were", () => {
  for (const [[command, args], [name, make, message]] of everyPair(COMMANDS, TARGETS)) {
    it(`${command} --out ${name}`, async () => {
      const dir = tempDir();
      const target = await make(dir);
      const names = namesIn(dir);
      const shape = shapeOf(target);
      const run = await cli(args(target));
      expectRefusal(run, 2, new RegExp(`^trust: cannot write .*: ${message.source}`));
      expect(namesIn(dir)).toEqual(names);
      expect(shapeOf(target)).toBe(shape);
    });
  }
  for (const [command, args] of COMMANDS) {
    it(`${command} --out "" (empty)`, async () => {
      expectRefusal(await cli(args("")), 2, /^trust: --out is empty$/);
    });
    for (const path of DEV_PATHS) {
      it(`${command} --out ${path}`, async () => {
        const run = await cli(args(path));
        expectRefusal(run, 2, /^trust: cannot write \/dev\/\S+: it (is a \w+ device|is a (socket|FIFO|pipe)|names an open file descriptor|names a device or an open file descriptor)/);
        expect(run.stderr).toMatch(/hint: leave out --out \(or give --out -\)/);
      });
    }
  }
});

describe("a read-only file needs --force", () => {
  for (const [command, args] of COMMANDS) {
    it(`${command}: refused without --force (exit 2, file unchanged), replaced with it`, async () => {
      const dir = tempDir();
      const out = join(dir, "kept.md");
      writeFileSync(out, "written by hand\n");
      chmodSync(out, 0o444);
      const run = await cli(args(out));
      const noun = command === "playbook new" ? /already exists/ : /is read-only, so trust leaves it as it is/;
      expectRefusal(run, 2, new RegExp(`^trust: .*kept\\.md ${noun.source}`));
      expect(run.stderr).toMatch(/hint: pass --force/);
      expect(shapeOf(out)).toBe("file 444 written by hand\n");

      const forced = await cli([...args(out), "--force"]);
      expect(forced.code).toBe(0);
      expect(readFileSync(out, "utf8")).not.toBe("written by hand\n");
      if (command !== "playbook new") expect(modeOf(out)).toBe("600");
      expect(namesIn(dir)).toEqual(["kept.md"]);
    });
  }

  it("a read-only file behind a link: refused without --force too, the link kept", async () => {
    const dir = tempDir();
    const real = join(dir, "real.md");
    writeFileSync(real, "by hand\n");
    chmodSync(real, 0o444);
    const out = link(real, join(dir, "link.md"));
    const run = await cli(["export", id, "--db", db, "--out", out]);
    expectRefusal(run, 2, /link\.md is read-only/);
    expect(readFileSync(real, "utf8")).toBe("by hand\n");
    expect(shapeOf(out)).toBe(`link -> ${real}`);
  });
});

describe("a link to a regular file is written through, and stays a link", () => {
  for (const [command, args] of COMMANDS) {
    it(command, async () => {
      const dir = tempDir();
      mkdirSync(join(dir, "elsewhere"));
      const real = join(dir, "elsewhere", "real.md");
      writeFileSync(real, "old\n", { mode: 0o644 });
      const out = link(join("elsewhere", "real.md"), join(dir, "out.md"));
      const run = await cli([...args(out), ...(command === "playbook new" ? ["--force"] : [])]);
      expect(run.code).toBe(0);
      expect(shapeOf(out)).toBe("link -> elsewhere/real.md");
      expect(readFileSync(real, "utf8")).not.toBe("old\n");
      expect(readFileSync(real, "utf8").length).toBeGreaterThan(100);
      if (command !== "playbook new") expect(modeOf(real)).toBe("600");
      // Atomic: the temporary file was renamed beside the real file, and nothing is left over.
      expect(namesIn(dir)).toEqual(["elsewhere", "out.md"]);
      expect(namesIn(join(dir, "elsewhere"))).toEqual(["real.md"]);
    });
  }
});
