import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Writable } from "node:stream";
import { stringify } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { ANSWERS, START_FLAGS, cli, expectRefusal, namesIn, spawnCli, tempDirs, type Exit } from "./helpers.js";
import { link, mkdir, mkfifo, useSockets } from "./special-files.js";

/**
 * Files named on the command line that are not files, or never end: --answers, a playbook, the
 * people file. Each is read under one rule (src/fs/read-input.ts): a FIFO, device, socket or
 * folder is refused up front, saying what it is (so a FIFO with no writer cannot hang); the
 * 1 MiB limit holds on the bytes actually read (a device or pipe says size 0); `--answers -`
 * reads standard input under the same limit. Every refusal: exit 2, one `trust:` line, fast,
 * and no database created.
 */

const tempDir = tempDirs("trust-fault-input-");
const LIMIT = 1024 * 1024;

let dir: string;

/** Paths that are not regular files, each made fresh in `dir`, with what the message calls it. */
const SPECIAL: Array<[string, () => string | Promise<string>, RegExp]> = [
  ["/dev/zero (endless device)", () => "/dev/zero", /is a character device, not a regular file/],
  ["/dev/urandom", () => "/dev/urandom", /is a character device, not a regular file/],
  ["a FIFO with no writer", () => mkfifo(fresh("fifo")), /is a FIFO \(named pipe\), not a regular file/],
  ["a link to a FIFO", () => link(mkfifo(fresh("fifo")), fresh("link")), /is a FIFO \(named pipe\), not a regular file/],
  ["a link to /dev/zero", () => link("/dev/zero", fresh("link")), /is a character device, not a regular file/],
  ["a unix socket", () => socket(fresh("sock")), /is a socket, not a regular file/],
  ["a folder", () => mkdir(fresh("folder")), /is a folder/],
];

beforeAll(() => {
  dir = tempDir();
});
const socket = useSockets();
let n = 0;
/** A new path in `dir`. */
function fresh(kind: string): string {
  return join(dir, `${kind}-${n++}`);
}

/** A fresh folder for the database, and a check that nothing was created in it. */
function dbFolder(): { db: string; untouched: () => void } {
  const d = tempDir();
  return { db: join(d, "trust.db"), untouched: () => expect(namesIn(d)).toEqual([]) };
}

const start = (answers: string, db: string) => ["start", "--answers", answers, ...START_FLAGS, "--db", db];

describe("--answers FILE that is not a regular file: refused up front, exit 2", () => {
  for (const [name, make, message] of SPECIAL) {
    it(name, async () => {
      const { db, untouched } = dbFolder();
      const path = await make();
      const run = await cli(start(path, db));
      expectRefusal(run, 2, new RegExp(`^trust: answers file ${escape(path)} ${message.source}`));
      untouched();
    });
  }
});

describe("size: the limit holds on the bytes read", () => {
  it("a regular file one byte over 1 MiB is refused by its size", async () => {
    const { db, untouched } = dbFolder();
    const big = join(tempDir(), "big.yaml");
    writeFileSync(big, `# ${"x".repeat(LIMIT - 3)}\n`.padEnd(LIMIT + 1, "y"));
    const run = await cli(start(big, db));
    expectRefusal(run, 2, /answers file .*big\.yaml is 1\.0 MiB \(1,048,577 bytes\), over the 1 MiB limit/);
    untouched();
  });

  it("a regular file of exactly 1 MiB is read (and judged on its content)", async () => {
    const { db } = dbFolder();
    const edge = join(tempDir(), "edge.yaml");
    const body = stringify(ANSWERS);
    writeFileSync(edge, body + "#".padEnd(LIMIT - Buffer.byteLength(body) - 1, "x") + "\n");
    const run = await cli(start(edge, db));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(existsSync(db)).toBe(true);
  });

  const stdinCases: Array<[string, () => { stdin: "pipe" | number; feed?: (stream: Writable) => void; close?: () => void }]> = [
    ["an endless pipe", () => ({ stdin: "pipe", feed: endless })],
    ["/dev/zero as standard input", () => {
      const fd = openSync("/dev/zero", "r");
      return { stdin: fd, close: () => closeSync(fd) };
    }],
    ["a pipe of 1 MiB + 1 byte, then closed", () => ({ stdin: "pipe", feed: (stream) => stream.end(Buffer.alloc(LIMIT + 1, "a")) })],
  ];
  for (const [name, make] of stdinCases) {
    it(`--answers - with ${name}: stops at the limit and refuses`, async () => {
      const { db, untouched } = dbFolder();
      const input = make();
      const { child, exited } = spawnCli(start("-", db), { stdin: input.stdin });
      input.close?.();
      if (child.stdin) {
        child.stdin.on("error", () => {}); // EPIPE once trust stops reading: expected
        input.feed?.(child.stdin);
      }
      const run = await exited;
      expectRefusal(run, 2, /^trust: answers file - \(standard input\) is over the 1 MiB limit \(stopped reading after [\d,]+ bytes\)$/);
      untouched();
    });
  }

  it("--answers - with a valid file on standard input saves the session", async () => {
    const { db } = dbFolder();
    const { child, exited } = spawnCli([...start("-", db), "--json"], { stdin: "pipe" });
    child.stdin!.end(stringify(ANSWERS));
    const run: Exit = await exited;
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveProperty("id");
  });
});

describe("playbooks and the people file under the same rule", () => {
  for (const [name, make, message] of SPECIAL) {
    it(`trust playbook validate on ${name}: refused, exit 2`, async () => {
      const path = await make();
      const run = await cli(["playbook", "validate", path]);
      expectRefusal(run, 2, new RegExp(`^${escape(path)}:1:1 ${message.source}`), "stdout");
    });

    it(`trust start with --people on ${name}: refused, nothing saved`, async () => {
      const { db, untouched } = dbFolder();
      const answers = join(tempDir(), "answers.yaml");
      writeFileSync(answers, stringify(ANSWERS));
      const run = await cli([...start(answers, db), "--people", await make()]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/unexpected error|^\s+at /m);
      expect(run.ms).toBeLessThan(10_000);
      untouched();
    });
  }

  it("trust start with a FIFO as the playbook: refused, nothing saved", async () => {
    const { db, untouched } = dbFolder();
    const answers = join(tempDir(), "answers.yaml");
    writeFileSync(answers, stringify(ANSWERS));
    const run = await cli(["start", mkfifo(fresh("fifo")), ...start(answers, db).slice(1)]);
    expectRefusal(run, 2, /playbook .*fifo-\d+ is invalid/);
    expect(run.stderr).toMatch(/is a FIFO \(named pipe\), not a regular file/);
    untouched();
  });
});

/** Writes 64 KiB blocks, as fast as they are taken, until the reader goes away. */
function endless(stream: Writable): void {
  const block = Buffer.alloc(64 * 1024, "a");
  const pump = (): void => {
    while (stream.writable && !stream.destroyed) {
      if (!stream.write(block)) {
        stream.once("drain", pump);
        return;
      }
    }
  };
  pump();
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("an answers file the YAML parser cannot turn into data: one line with where, exit 2, nothing saved", () => {
  const CASES: Array<[string, () => string, RegExp]> = [
    ["a list nested 3,000 deep (the parser's stack)", () => `{"client_facts": ${"[".repeat(3000)}"x"${"]".repeat(3000)}}`, /^trust: \S+:1:\d+ the YAML is nested too deeply to read: an answers file needs only a few levels$/],
    // Block style, closed by a line indented less: depending on the stack Node has, the parser
    // records the error where the nesting gives out or recurses past the stack and throws (1:1).
    ["a block list nested 2,500 deep, then a key", () => `client_facts:\n ${"- ".repeat(2500)}x\nclient_mood: wary\n`, /^trust: \S+:\d+:\d+ the YAML is nested too deeply to read: an answers file needs only a few levels$/],
    ["two documents", () => `${stringify(ANSWERS)}---\n${stringify(ANSWERS)}`, /^trust: \S+:\d+:1 the file holds more than one YAML document \(a second ---\): an answers file is one document$/],
    ["an alias with no anchor", () => `client_mood: &mood wary\nchurn_risk: *risk\n`, /^trust: \S+:2:13 the alias \*risk has no anchor &risk before it$/],
    [
      "aliases that expand a billion times",
      () => ["a: &a [x, x, x, x, x, x, x, x, x, x]", "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]", "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]", "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]", ""].join("\n"),
      /^trust: \S+:\d+:\d+ refusing to load: its aliases expand into too much data \(over 100 copies\)/,
    ],
    // The later key would win, and the first list of commitments would be lost without a word.
    [
      "a key given twice",
      () => "actions:\n  - { what: Replay the lost orders, owner: Dana, due: friday }\ntrust_after: 4\nactions:\n  - { what: Add an alert, owner: Lee, due: +1w }\n",
      /^trust: \S+:4:1 the key "actions" appears twice in this mapping$/,
    ],
    ["a key given twice inside a commitment", () => `{"actions": [{"what": "x", "owner": "Dana", "owner": "Lee", "due": "friday"}]}`, /^trust: \S+:1:45 the key "owner" appears twice in this mapping$/],
  ];
  for (const [name, text, message] of CASES) {
    it(name, async () => {
      const here = tempDir();
      const file = join(here, "answers.yaml");
      writeFileSync(file, text());
      const run = await cli(["start", "--answers", file, ...START_FLAGS, "--db", join(here, "trust.db")]);
      expectRefusal(run, 2, message);
      expect(run.stderr).not.toMatch(/call stack|parseAllDocuments|Unresolved alias/);
      expect(namesIn(here)).toEqual(["answers.yaml"]);
    });
  }
});

describe("an answers file's problems, each at the line:col of the key it is about", () => {
  it("an invalid value, a key that names no prompt; a required answer the file lacks has no place to point at", async () => {
    const here = tempDir();
    const file = join(here, "answers.yaml");
    writeFileSync(file, "# a call\ntimeline_reviewed: true\ntrust_before: eleven\nclient_facts: [API down]\n  # indented comment\nclient_feeling: upset\n");
    const run = await cli(["start", "--answers", file, ...START_FLAGS, "--db", join(here, "trust.db")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      [
        `trust: answers file ${file} has 4 problems`,
        `  ${file}:3:1 trust_before: rating must be a whole number from 1 to 5, got "eleven"`,
        "  actions: is required, but the answers have no value for it",
        "  trust_after: is required, but the answers have no value for it",
        `  ${file}:6:1 client_feeling: playbook restore-trust has no prompt with this id (did you mean "client_feelings"?)`,
        "",
      ].join("\n"),
    );
    expect(namesIn(here)).toEqual(["answers.yaml"]);
  });

  it("a problem inside a list answer points at its entry, or at the field of a commitment, each commitment's at its own", async () => {
    const here = tempDir();
    const file = join(here, "answers.yaml");
    writeFileSync(
      file,
      [
        "timeline_reviewed: true",
        "trust_before: 2",
        "client_facts:",
        "  - API down",
        '  - ""',
        "actions:",
        "  - what: Replay the lost orders",
        "    owner: Dana",
        "    due: friday",
        "  - what: Add an alert",
        "    owner: Lee",
        "    due: someday",
        "  - { what: Call back, ownr: Sam }",
        "  - Send the report",
        "  - what: Write it up",
        "    due: 2026-10-20",
        "trust_after: 4",
        "",
      ].join("\n"),
    );
    const run = await cli(["start", "--answers", file, ...START_FLAGS, "--db", join(here, "trust.db")], { env: { TRUST_NOW: "2026-11-02T09:00:00.000Z" } });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      [
        `trust: answers file ${file} has 3 problems`,
        `  ${file}:5:5 client_facts: fact 2 is empty`,
        `  ${file}:12:10 actions: commitment 2: due "someday" is not a date: use 2026-12-01, friday, tomorrow or +3d`,
        `  ${file}:13:24 actions: commitment 3: unknown field "ownr" (did you mean "owner"?): a commitment has what, owner and due`,
        "",
      ].join("\n"),
    );
    // Put right, the day already past is taken and said at its own line too.
    writeFileSync(file, readFileSync(file, "utf8").replace('  - ""\n', "").replace("someday", "+1w").replace("ownr", "owner"));
    const taken = await cli(["start", "--answers", file, ...START_FLAGS, "--db", join(here, "trust.db")], { env: { TRUST_NOW: "2026-11-02T09:00:00.000Z" } });
    expect(taken.code).toBe(0);
    expect(taken.stderr).toContain(`${file}:15:10 actions: commitment 5 ("Write it up") is due 2026-10-20, already past (today is 2026-11-02)`);
  });
});

describe("a path option given empty (an unset variable in a script) is refused, never taken for its default", () => {
  const CASES: Array<[string, string[]]> = [
    ["--answers", ["start", "--answers", "", ...START_FLAGS]],
    ["--people", ["actions", "--people", ""]],
    ["--playbooks", ["playbooks", "--playbooks", " "]],
    ["--db", ["sessions", "--db", ""]],
  ];
  for (const [flag, args] of CASES) {
    it(flag, async () => {
      const run = await cli(args);
      expectRefusal(run, 2, new RegExp(`^trust: ${flag} is empty$`));
      expect(run.stderr).toContain(`hint: give ${flag} a path, or leave it out`);
    });
  }

  it("playbook validate with an empty file name", async () => {
    expectRefusal(await cli(["playbook", "validate", ""]), 2, /^trust: a playbook file name is empty$/);
  });
});
