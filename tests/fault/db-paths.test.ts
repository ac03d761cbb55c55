import { copyFileSync, existsSync, lstatSync, mkdirSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { START_FLAGS, cli, expectRefusal, namesIn, startedDb, tempDirs } from "./helpers.js";
import { link, mkdir, mkfifo, mknod, useSockets } from "./special-files.js";
import { TerminalSession } from "../helpers/pty.js";
import { everyPair } from "../helpers/node-line.js";

/**
 * --db (or TRUST_DB) paths that can only go wrong: a FIFO (SQLite would wait for a writer
 * forever), a device (SQLite would create /dev/null-journal, world-writable), a socket, a folder,
 * a link that leads nowhere or loops, a name too long for the files SQLite keeps beside it. Each
 * is refused before SQLite or trust touches anything: exit 2 (a bad path the user gave), one
 * `trust:` line naming the path, fast, and nothing created or changed; by writing commands
 * (start), reading ones (sessions, actions) and the client pages (clients, client), which open
 * the database their own way.
 */

const tempDir = tempDirs("trust-fault-db-");
const isRoot = process.getuid?.() === 0;
const socket = useSockets();
let answers: string;

let goodDb: string;

beforeAll(async () => {
  const dir = tempDir();
  goodDb = await startedDb(dir, { name: "good.db" });
  answers = join(dir, "answers.yaml");
});

const COMMANDS: Array<[string, (db: string) => string[]]> = [
  ["start --answers", (db) => ["start", "--answers", answers, ...START_FLAGS, "--db", db]],
  ["sessions", (db) => ["sessions", "--db", db]],
  ["actions", (db) => ["actions", "--db", db]],
  ["clients", (db) => ["clients", "--db", db]],
  ["client Acme", (db) => ["client", "Acme", "--db", db]],
];

type Make = (dir: string) => string | Promise<string>;
const LONG_NAME = `${"n".repeat(247)}.db`; // 250 characters: fits a file name, not SQLite's -journal beside it

const TARGETS: Array<[string, Make, RegExp]> = [
  ["a FIFO", (dir) => mkfifo(join(dir, "db.fifo")), /it is a FIFO \(named pipe\), not a regular file/],
  ["a link to a FIFO", (dir) => link(mkfifo(join(dir, "db.fifo")), join(dir, "trust.db")), /it is a FIFO \(named pipe\), not a regular file/],
  ["a link to /dev/null", (dir) => link("/dev/null", join(dir, "trust.db")), /it is a character device \(through the link to \/dev\/null\), not a regular file/],
  ["a unix socket", (dir) => socket(join(dir, "db.sock")), /it is a socket, not a regular file/],
  ["a folder", (dir) => mkdir(join(dir, "folder")), /folder is a folder, not a database file/],
  ["a link to a file that does not exist", (dir) => link(join(dir, "nowhere.db"), join(dir, "trust.db")), /it is a symbolic link to a file that does not exist/],
  ["a link that loops", (dir) => (link(join(dir, "b.db"), join(dir, "a.db")), link(join(dir, "a.db"), join(dir, "b.db"))), /it is a symbolic link that loops/],
  ["a folder in the path that is a link that loops", (dir) => (link(join(dir, "y"), join(dir, "x")), link(join(dir, "x"), join(dir, "y")), join(dir, "x", "trust.db")), /symbolic link that loops/],
  ["a 250-character file name", (dir) => join(dir, LONG_NAME), /its file name is 250 bytes long, and at most 239 fit/],
  ["a folder name over 255 bytes", (dir) => join(dir, "f".repeat(300), "trust.db"), /(a name in its path is too long|its path is \d+ bytes long)/],
  ["a path longer than SQLite takes", (dir) => join(dir, ...Array.from({ length: 6 }, () => "p".repeat(100)), "trust.db"), /its path is \d+ bytes long, and SQLite takes at most 496/],
  ["a folder that is a link to nowhere", (dir) => join(link(join(dir, "gone"), join(dir, "data")), "sub", "trust.db"), /its folder .*data is a symbolic link to a folder that does not exist/],
  // Node's recursive mkdir loops forever on a missing folder under /proc (ENOENT, its parent exists, again).
  ["a folder under /proc", () => "/proc/trust-fault-no-such/trust.db", /\/proc is a virtual file system/],
  ["a file in the path where a folder should be", (dir) => (writeFileSync(join(dir, "plain"), "x"), join(dir, "plain", "trust.db")), /part of the path is a file, not a folder/],
  // SQLite's own files beside the database: a FIFO -journal hung the hot-journal check, a FIFO -wal was deleted.
  ...["-journal", "-wal", "-shm"].flatMap((suffix): Array<[string, Make, RegExp]> => [
    [`a FIFO as ${suffix}`, (dir) => beside(dir, suffix, (side) => mkfifo(side)), new RegExp(`trust\\.db${suffix} beside it is a FIFO \\(named pipe\\), where SQLite keeps a file of its own`)],
    [`a folder as ${suffix}`, (dir) => beside(dir, suffix, (side) => mkdir(side)), new RegExp(`trust\\.db${suffix} beside it is a folder`)],
    [`a link to nowhere as ${suffix}`, (dir) => beside(dir, suffix, (side) => link(join(dir, "gone"), side)), new RegExp(`trust\\.db${suffix} beside it is a symbolic link to a file that does not exist`)],
  ]),
  ...(isRoot ? [["a character device node", (dir: string) => mknod(join(dir, "null")), /it is a character device, not a regular file/] as [string, Make, RegExp]] : []),
  // /dev/stdout would put the database in whatever stdout is (a log file, a pipe); through a linked folder too.
  ["/dev/stdout", () => "/dev/stdout", /^trust: cannot use \/dev\/stdout as the database: it (is a|names)/],
  ["a file under a folder that is a link to /proc", (dir) => join(link("/proc", join(dir, "procdir")), "self", "fd", "1"), /it names an open file descriptor \(\/proc\/\d+\/fd\/1\)/],
  ["a new file under a folder that is a link to /dev", (dir) => join(link("/dev", join(dir, "devdir")), "shm", "trust-fault.db"), /it names a device or an open file descriptor \(through the link to \/dev\/shm\/trust-fault\.db\)/],
  ["a name with a trailing slash", (dir) => `${join(dir, "trust.db")}/`, /it ends with a slash, so it names a folder, not a file/],
  // better-sqlite3 trims the name: trust would create "x.db " and SQLite open "x.db".
  ["a name ending with a space", (dir) => join(dir, "x.db "), /its name ends with a space, which SQLite's library drops/],
  ["a name starting with a space", (dir) => join(dir, " x.db"), /its name starts with a space/],
];

/** What a path is, to compare before and after. */
function shapeOf(path: string): string {
  try {
    const info = lstatSync(path);
    if (info.isSymbolicLink()) return `link -> ${readlinkSync(path)}`;
    return info.isFile() ? `file ${info.size}` : info.isDirectory() ? `folder ${namesIn(path).join(",")}` : `special ${info.mode.toString(8)}`;
  } catch {
    return "nothing";
  }
}

describe("a --db path that cannot be a database: exit 2, nothing created, at once", () => {
  for (const [[command, args], [name, make, message]] of everyPair(COMMANDS, TARGETS)) {
    it(`${command}: ${name}`, async () => {
      const dir = tempDir();
      const db = await make(dir);
      const names = namesIn(dir);
      const shape = shapeOf(db);
      const run = await cli(args(db));
      expectRefusal(run, 2, message);
      expect(run.stderr).toMatch(/hint: /);
      expect(namesIn(dir)).toEqual(names);
      expect(shapeOf(db)).toBe(shape);
    });
  }

  // The real /dev/null: SQLite used to open it and create /dev/null-journal beside it.
  const journalBefore = existsSync("/dev/null-journal");
  for (const [command, args] of COMMANDS) {
    it(`${command}: /dev/null itself, and no /dev/null-journal appears`, async () => {
      const run = await cli(args("/dev/null"));
      expectRefusal(run, 2, /^trust: cannot use \/dev\/null as the database: it is a character device, not a regular file$/);
      if (!journalBefore) expect(existsSync("/dev/null-journal")).toBe(false);
      expect(lstatSync("/dev/null").isCharacterDevice()).toBe(true);
    });
  }

  for (const [command, args] of COMMANDS) {
    it(`${command}: --db "" is refused, not taken for the default database`, async () => {
      const run = await cli(args(""), { env: { XDG_DATA_HOME: tempDir() } });
      expectRefusal(run, 2, /^trust: --db is empty$/);
    });
  }

  it("a live call is refused at once, before the person is asked anything", async () => {
    const dir = tempDir();
    const fifo = mkfifo(join(dir, "live.fifo"));
    const term = new TerminalSession(["start", "restore-trust", "--db", fifo], { XDG_CONFIG_HOME: dir }, { cols: 80, rows: 24 });
    expect(await term.exited).toBe(2);
    expect(term.raw).toMatch(/live\.fifo as the database: it is a FIFO/);
    expect(term.raw).not.toMatch(/Client:/);
  });

  it("TRUST_DB is checked the same way as --db", async () => {
    const dir = tempDir();
    const fifo = mkfifo(join(dir, "env.fifo"));
    const run = await cli(["sessions"], { env: { TRUST_DB: fifo } });
    expectRefusal(run, 2, /env\.fifo as the database: it is a FIFO/);
    expect(run.stderr).toMatch(/hint: .*--db or TRUST_DB/);
  });

  it("a link to a regular database file is still used (and stays a link)", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "real"));
    const db = link(join(dir, "real", "trust.db"), join(dir, "trust.db"));
    writeFileSync(join(dir, "real", "trust.db"), "");
    const run = await cli(["start", "--answers", answers, ...START_FLAGS, "--db", db]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(shapeOf(db)).toBe(`link -> ${join(dir, "real", "trust.db")}`);
    expect((await cli(["sessions", "--db", db])).stdout).toMatch(/Acme/);
  });
});

/** A good database in `dir` (copied from a real run), with `make` putting something at its `suffix` side file. */
function beside(dir: string, suffix: string, make: (side: string) => void): string {
  const db = join(dir, "trust.db");
  copyFileSync(goodDb, db);
  make(db + suffix);
  return db;
}

describe("trust doctor on a --db that is no file", () => {
  it("a folder: says it is a folder, as every other command does", async () => {
    const dir = tempDir();
    const run = await cli(["doctor", "--db", dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`trust: ${dir} is a folder, not a database file\nhint: Point --db or TRUST_DB at a file, e.g. trust.db inside that folder.\n`);
  });
});
