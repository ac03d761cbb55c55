import Database from "better-sqlite3";
import { chmodSync, closeSync, copyFileSync, existsSync, openSync, readFileSync, statSync, utimesSync, writeFileSync, writeSync } from "node:fs";
import { basename, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { START_FLAGS, cli, folderState, startedDb, tempDirs } from "./helpers.js";

/**
 * A damaged database is never written to, and what trust says about it is true (issue 10): a
 * file whose integrity check fails is refused by every command that writes, byte for byte as it
 * was; a file trust itself left sound is not checked again (the record beside it), but one
 * changed by anything else is; `trust doctor` says what is wrong and what to do.
 */

const tempDir = tempDirs("trust-fault-corrupt-");
let answers: string;
/** A sound database with a few dozen sessions, closed by trust (so its verified record is there). */
let sound: string;

beforeAll(async () => {
  const dir = tempDir();
  sound = await startedDb(dir, { sessions: 12 });
  answers = join(dir, "answers.yaml");
}, 120_000);

/** A copy of the sound file (no -wal: trust checkpoints on close) with one byte changed at `offset`. */
function flipped(offset: number): string {
  const file = join(tempDir(), `flipped-${offset}.db`);
  const bytes = readFileSync(sound);
  bytes[offset] = bytes[offset]! ^ 0xff;
  writeFileSync(file, bytes, { mode: 0o600 });
  return file;
}

function integrityProblems(file: string): boolean {
  try {
    const db = new Database(file, { readonly: true });
    try {
      const rows = db.pragma("integrity_check") as Array<{ integrity_check: string }>;
      return !(rows.length === 1 && rows[0]!.integrity_check === "ok");
    } finally {
      db.close();
    }
  } catch {
    return true;
  }
}

/** Offsets in the middle of pages, each page of the file once, after the first (its header page). */
function damagedCopies(): string[] {
  const pageSize = 4096;
  const pages = Math.floor(statSync(sound).size / pageSize);
  const out: string[] = [];
  for (let page = 1; page < pages && out.length < 6; page++) {
    const file = flipped(page * pageSize + 37);
    if (integrityProblems(file)) out.push(file);
  }
  return out;
}

describe("a damaged database", () => {
  it("is refused by commands that write, byte for byte as it was, and the message says nothing was written", async () => {
    const files = damagedCopies();
    expect(files.length, "some flipped bytes must damage the file").toBeGreaterThan(2);
    for (const file of files) {
      const before = folderState(join(file, ".."));
      const start = await cli(["start", "--answers", answers, ...START_FLAGS, "--db", file]);
      expect(start.code, start.stderr).toBe(1);
      // Found by the integrity check, or by SQLite on its first read: either way, said truthfully.
      expect(start.stderr).toMatch(/^trust: .* is damaged or truncated(: its integrity check fails \(\d+ problems? found; trust doctor lists them\), so trust wrote nothing to it)?\nhint: /);
      expect(start.stderr).toMatch(/wrote nothing to it|trust left it as it was/);
      expect(start.stderr).not.toMatch(/unexpected error|please report|\n\s+at /);
      // The file byte for byte, and no file of trust's beside it (an empty -wal and -shm that
      // this test's own integrity check left may be tidied away by SQLite as trust closes it).
      const after = folderState(join(file, ".."));
      expect(after[basename(file)]).toBe(before[basename(file)]);
      for (const name of Object.keys(after)) expect(Object.keys(before), `${name} appeared beside ${file}`).toContain(name);
    }
  }, 120_000);

  it("with committed pages still in its -wal (a writer was killed): refused, the file and its -wal byte for byte as they were", async () => {
    // Pages committed to the -wal and not yet folded into the file: a copy taken while a writer holds it open.
    const dir = tempDir();
    const live = join(dir, "live.db");
    copyFileSync(sound, live);
    const writer = new Database(live);
    writer.pragma("journal_mode = WAL");
    writer.pragma("wal_autocheckpoint = 0");
    writer.exec("UPDATE sessions SET incident = incident || ' (renamed)'");
    const files = damagedCopies();
    let refused = 0;
    for (const [i, damaged] of files.entries()) {
      const file = join(dir, `wal-${i}.db`);
      writeFileSync(file, readFileSync(damaged), { mode: 0o600 });
      writeFileSync(`${file}-wal`, readFileSync(`${live}-wal`), { mode: 0o600 });
      const before = folderState(dir);
      const r = await cli(["start", "--answers", answers, ...START_FLAGS, "--db", file]);
      if (r.code === 0) continue;
      refused++;
      expect(r.stderr).toMatch(/^trust: .* is damaged or truncated.*\nhint: /);
      expect(r.stderr).not.toMatch(/unexpected error|please report|\n\s+at /);
      const after = folderState(dir);
      expect(after[basename(file)], "the file").toBe(before[basename(file)]);
      expect(after[`${basename(file)}-wal`], "its -wal").toBe(before[`${basename(file)}-wal`]);
      // A -shm may stay: SQLite's index of the -wal, which any reader makes again. Taking it away
      // while the -wal holds pages could pull it from under another process using the file.
      for (const name of Object.keys(after)) if (!name.endsWith("-shm")) expect(Object.keys(before), `${name} appeared beside ${file}`).toContain(name);
    }
    writer.close();
    expect(refused, "some damage must be found through the -wal too").toBeGreaterThan(1);
  }, 120_000);

  it("truncated, refused by the commands that read: nothing appears beside it (no -wal, no -shm)", async () => {
    const dir = tempDir();
    const file = join(dir, "cut.db");
    writeFileSync(file, readFileSync(sound).subarray(0, 5000), { mode: 0o644 });
    const before = folderState(dir);
    for (const args of [["sessions"], ["actions"], ["report"], ["clients"], ["client", "Acme"], ["show", "abcd1234"], ["export", "abcd1234"]]) {
      const r = await cli([...args, "--db", file]);
      expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(1);
      expect(r.stderr).toMatch(/is damaged or truncated/);
      expect(folderState(dir), args.join(" ")).toEqual(before);
    }
  }, 120_000);

  it("met by the client pages part way through their reading: said to be damaged, and that nothing was written, as every read says it", async () => {
    // The root page of each index the pages read by, overwritten: the file opens, and SQLite finds
    // the damage only when a query walks that index.
    for (const index of ["sessions_client", "actions_client"]) {
      const file = join(tempDir(), `${index}.db`);
      copyFileSync(sound, file);
      const db = new Database(file, { readonly: true });
      const root = db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = ?").pluck().get(index) as number;
      const pageSize = db.pragma("page_size", { simple: true }) as number;
      db.close();
      const fd = openSync(file, "r+");
      writeSync(fd, Buffer.concat([Buffer.from([0x0d]), Buffer.alloc(pageSize - 1, 0xff)]), 0, pageSize, (root - 1) * pageSize);
      closeSync(fd);
      for (const args of [["clients"], ["client", "acme"], ["client", "Acme", "--json"]]) {
        const r = await cli([...args, "--db", file]);
        const what = `${index}: ${args.join(" ")}`;
        expect(r.code, `${what}: ${r.stderr}`).toBe(1);
        expect(r.stderr, what).toMatch(/^trust: .* is damaged: SQLite found it so while reading it\nhint: trust wrote nothing to it\. /);
        expect(r.stderr, what).not.toMatch(/unexpected error|please report|\n\s+at /);
      }
    }
  }, 120_000);

  it("imported from (trust import), is named as the damaged one, never the file imported into, and what that holds is said", async () => {
    const files = damagedCopies();
    let namedSource = 0;
    for (const file of files) {
      const into = join(tempDir(), "into.db");
      const r = await cli(["import", file, "--db", into]);
      // Some damage lies where nothing the import reads goes: those files import whole.
      if (r.code === 0) continue;
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).not.toMatch(/unexpected error|please report|\n\s+at /);
      expect(r.stderr).toMatch(new RegExp(`^trust: ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is damaged`));
      // Found before anything was merged (counting its rows), or part way, with what the other file holds since.
      expect(r.stderr).toMatch(/hint: (trust left it as it was|nothing was imported into|the [\d,]+ events? imported before it are in)\b/);
      namedSource++;
    }
    expect(namedSource, "some damage must show while importing").toBeGreaterThan(0);
  }, 120_000);

  it("trust doctor says so, with what to do, and exits 3", async () => {
    const [file] = damagedCopies();
    const r = await cli(["doctor", "--db", file!]);
    expect(r.code).toBe(3);
    // What the check lists, or SQLite's own word when the damage stops the check itself.
    expect(r.stdout).toMatch(/✗ integrity: (integrity_check found \d+ problem|database disk image is malformed)/);
    expect(r.stdout).toMatch(/fix: restore it from a copy/i);
    const json = await cli(["doctor", "--db", file!, "--json"]);
    const parsed = JSON.parse(json.stdout) as { ok: boolean; checks: Array<{ name: string; ok: boolean }> };
    expect(parsed.ok).toBe(false);
    expect(parsed.checks.find((c) => c.name === "integrity")?.ok).toBe(false);
  }, 60_000);
});

describe("the record of a file trust left sound", () => {
  it("is kept beside the file, private, and spares the next writer the check", async () => {
    const record = `${sound}-verified`;
    expect(existsSync(record)).toBe(true);
    expect((statSync(record).mode & 0o777).toString(8)).toBe("600");
    const state = JSON.parse(readFileSync(record, "utf8")) as { size: number };
    expect(state.size).toBe(statSync(sound).size);
  });

  it("does not cover a file changed by anything but trust: a byte flipped in place is found and refused", async () => {
    const dir = tempDir();
    const file = join(dir, "trust.db");
    copyFileSync(sound, file);
    const damaged = damagedCopies()[0]!;
    // The sound copy gets the record trust writes, then its bytes are replaced behind trust's back.
    const ok = await cli(["start", "--answers", answers, ...START_FLAGS, "--db", file]);
    expect(ok.code).toBe(0);
    expect(existsSync(`${file}-verified`)).toBe(true);
    const bytes = readFileSync(damaged);
    const sizeBefore = statSync(file).size;
    writeFileSync(file, Buffer.concat([bytes, Buffer.alloc(Math.max(0, sizeBefore - bytes.length))]).subarray(0, Math.max(sizeBefore, bytes.length)));
    const before = readFileSync(file);
    const r = await cli(["start", "--answers", answers, ...START_FLAGS, "--db", file]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/integrity check fails \(\d+ problems? found; trust doctor lists them\), so trust wrote nothing to it\nhint: /);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(`${file}-verified`)).toBe(false);
  }, 120_000);

  it("nor one damaged in place with its size and modification time put back (touch -r, cp -p, rsync -t)", async () => {
    const dir = tempDir();
    const file = join(dir, "trust.db");
    copyFileSync(sound, file);
    const ok = await cli(["start", "--answers", answers, ...START_FLAGS, "--db", file]);
    expect(ok.code).toBe(0);
    expect(existsSync(`${file}-verified`)).toBe(true);
    // The same bytes a damaged copy differs in, written into the file itself: same inode, same size.
    const damaged = readFileSync(damagedCopies()[0]!);
    const { atime, mtime, size } = statSync(file);
    const fd = openSync(file, "r+");
    try {
      const page = Buffer.from(damaged.subarray(4096, Math.min(size, damaged.length)));
      writeSync(fd, page, 0, page.length, 4096);
    } finally {
      closeSync(fd);
    }
    utimesSync(file, atime, mtime);
    // utimes keeps whole milliseconds: the record is made to hold the time put back, to the digit,
    // as it would after a tool that keeps times to the nanosecond.
    const record = JSON.parse(readFileSync(`${file}-verified`, "utf8")) as { size: number; mtimeMs: number };
    writeFileSync(`${file}-verified`, JSON.stringify({ ...record, mtimeMs: statSync(file).mtimeMs }));
    expect(statSync(file).size).toBe(record.size);
    if (!integrityProblems(file)) return; // the bytes written held nothing the check reads
    const before = readFileSync(file);
    const r = await cli(["start", "--answers", answers, ...START_FLAGS, "--db", file]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/damaged or truncated/);
    expect(readFileSync(file).equals(before)).toBe(true);
  }, 120_000);
});

describe("trust doctor", () => {
  it("a sound file: every check passes, exit 0, the file not written", async () => {
    const dir = tempDir();
    const file = join(dir, "trust.db");
    copyFileSync(sound, file);
    chmodSync(file, 0o600);
    const before = readFileSync(file);
    const r = await cli(["doctor", "--db", file]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    for (const name of ["SQLite", "privacy", "schema", "integrity"]) expect(r.stdout).toMatch(new RegExp(`✓ ${name}: `));
    // SQLite may leave an empty -wal and -shm beside a WAL database it read; the file is as it was.
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it("a file others may read: says so, and how to fix it (exit 3)", async () => {
    const dir = tempDir();
    const file = join(dir, "trust.db");
    copyFileSync(sound, file);
    chmodSync(file, 0o644);
    const r = await cli(["doctor", "--db", file]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/✗ privacy: others may read client data: .*trust\.db is 644/);
    expect(r.stdout).toMatch(/fix: chmod 600 /);
    expect(r.stderr).toMatch(/^trust: 1 check failed: privacy\n$/);
  });

  it("no database yet: fine, and none is created", async () => {
    const dir = tempDir();
    const r = await cli(["doctor", "--db", join(dir, "none.db")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no database yet/);
    expect(existsSync(join(dir, "none.db"))).toBe(false);
  });
});
