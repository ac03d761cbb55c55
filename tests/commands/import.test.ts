import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { eventCount, indexes, killWhenSpilling, manyCalls } from "../helpers/bulk-file.js";
import { TerminalSession } from "../helpers/pty.js";
import { JSON_OUTPUTS } from "../../src/json/shapes.js";
import { markDone, timedCall } from "../helpers/live-calls.js";
import { fileHash } from "../store/helpers.js";

/**
 * `trust import FILE.db` through the real built CLI (issue 14, a team without a server): two
 * laptops' files, each with its own calls and commitments; after importing both ways each holds
 * the union, the report over it equals the report over a third file that imported both, and
 * importing again adds nothing.
 */

const NOW = "2026-05-15T12:00:00Z";
let dir: string;
const dbs = () => ({ ana: join(dir, "ana.db"), ben: join(dir, "ben.db"), lead: join(dir, "lead.db") });
const trust = (db: string, ...args: string[]) => runCli(args, { env: { TRUST_DB: db, TRUST_NOW: NOW } });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "trust-import-"));
  const { ana, ben } = dbs();
  timedCall(ana, { day: "2026-04-02", client: "Acme", owner: "Ana", trust: [2, 4], actions: [{ what: "Send the RCA", owner: "Ana", due: "2026-04-10" }] });
  timedCall(ana, { day: "2026-04-20", client: "Beta", owner: "Ana", trust: [1, 3], actions: [{ what: "Credit the invoice", owner: "Lee", due: "2026-05-01" }] });
  timedCall(ben, { day: "2026-04-09", client: "Acme", owner: "Ben", trust: [3, 5], actions: [{ what: "Weekly status mail", owner: "Ben", due: "2026-06-01" }] });
  markDone(ben, "Weekly status mail", "2026-04-12T09:00:00Z");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("trust import on a terminal", () => {
  it.each([
    [80, 24],
    [60, 18],
  ])("draws a progress line that fits %i columns, and leaves only the summary", async (cols, rows) => {
    const { ana } = dbs();
    const fresh = join(dir, `progress-${cols}.db`);
    const term = new TerminalSession(["import", ana], { TRUST_DB: fresh, TRUST_NOW: NOW }, { cols, rows });
    expect(await term.exited).toBe(0);
    expect(term.raw).toMatch(/█+░* importing events [\d,]+ of [\d,]+/);
    // The lines as written (a long path wraps the summary onto the next row).
    const shown = await term.writtenLines();
    expect(shown, shown.join("\n")).toHaveLength(1);
    expect(shown[0]).toMatch(/^Imported \d+ new sessions and \d+ new events from .*ana\.db in \d+\.\d s\.$/);
    for (const row of await term.screenRows()) expect(row.text.trimEnd().length).toBeLessThanOrEqual(cols);
  });
});

describe("trust import", () => {
  it("merges both ways, and every file then reports the union", async () => {
    const { ana, ben, lead } = dbs();
    const benBefore = fileHash(ben);
    const first = await trust(ana, "import", ben, "--json");
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const shape = JSON_OUTPUTS.find((o) => o.command === "trust import <file> --json")!.shape;
    expect(Object.keys(JSON.parse(first.stdout))).toEqual("fields" in shape ? shape.fields.map((x) => x.name) : []);
    expect(JSON.parse(first.stdout)).toMatchObject({ from: ben, dryRun: false, sessionsInFile: 1, new: { sessions: 1, rebuilt: 0 } });
    // The other file is only read.
    expect(fileHash(ben)).toBe(benBefore);

    const back = await trust(ben, "import", ana);
    expect(back.code).toBe(0);
    expect(back.stdout).toBe("");
    expect(back.stderr).toMatch(/^Imported 2 new sessions and \d+ new events from .*ana\.db in \d+\.\d s\.\n$/);

    await trust(lead, "import", ana);
    await trust(lead, "import", ben);
    const report = async (db: string) => JSON.parse((await trust(db, "report", "--json")).stdout);
    const [a, b, l] = [await report(ana), await report(ben), await report(lead)];
    expect(a.totals).toEqual(l.totals);
    expect(b.totals).toEqual(l.totals);
    expect(l.totals).toMatchObject({ sessions: { started: 3, completed: 3 } });
    const actions = async (db: string) => JSON.parse((await trust(db, "actions", "--json", "--status", "all")).stdout);
    expect(await actions(ana)).toEqual(await actions(lead));
    expect((await actions(lead)).find((x: { what: string }) => x.what === "Weekly status mail")).toMatchObject({ status: "done" });
    expect((statSync(lead).mode & 0o777).toString(8)).toBe("600");
  });

  it("importing again adds nothing, and --dry-run writes nothing", async () => {
    const { ana, ben } = dbs();
    const again = await trust(ana, "import", ben);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/^Nothing new in .*ben\.db: 3 sessions already here\.\n$/);

    const fresh = join(dir, "fresh.db");
    const dry = await trust(fresh, "import", ana, "--dry-run", "--json");
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, new: { sessions: 3 } });
    expect((await trust(fresh, "sessions", "--json")).stdout.trim()).toBe("[]");
  });

  it("refuses a missing file, a folder, and the database itself, in one line with exit 2", async () => {
    const { ana } = dbs();
    const missing = await trust(ana, "import", join(dir, "nope.db"));
    expect([missing.code, missing.stderr]).toEqual([2, `trust: cannot import ${join(dir, "nope.db")}: there is no such file\n`]);
    const folder = await trust(ana, "import", dir);
    expect([folder.code, folder.stderr]).toEqual([2, `trust: cannot import ${dir}: it is not a regular file\n`]);
    const self = await trust(ana, "import", ana);
    expect(self.code).toBe(2);
    expect(self.stderr).toMatch(/^trust: cannot import .* into itself/);
    // An empty file imports nothing and is no database; a file of text is refused with a hint about it, not about --db.
    const empty = join(dir, "empty.db");
    writeFileSync(empty, "");
    expect([(await trust(ana, "import", empty)).code, (await trust(ana, "import", empty)).stderr]).toEqual([2, `trust: cannot import ${empty}: it is empty, not a trust database\n`]);
    const text = join(dir, "notes.db");
    writeFileSync(text, "not a database\n");
    const refused = await trust(ana, "import", text);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`trust: ${text} is not a trust database (it is not a SQLite file)\nhint: Check the file given to trust import; trust left it as it was.\n`);
  });
});

describe("an import into a file that holds nothing", () => {
  it("is one transaction: SIGKILLed half way, the file holds nothing and every index; imported again, all of it", async () => {
    const source = join(dir, "many.db");
    manyCalls(source, 3000);
    const into = join(dir, "into-empty.db");
    expect(await killWhenSpilling(["import", source], into, NOW)).toBe("SIGKILL");
    expect(eventCount(into)).toBe(0);
    expect(indexes(into)).toEqual(indexes(source));

    const again = await trust(into, "import", source);
    expect([again.code, again.stderr]).toEqual([0, expect.stringMatching(/^Imported 3,000 new sessions and [\d,]+ new events from /)]);
    expect(eventCount(into)).toBe(eventCount(source));
    // Built again at its end, each from its own SQL.
    expect(indexes(into)).toEqual(indexes(source));
    const report = async (db: string) => JSON.parse((await trust(db, "report", "--json", "--group-by", "client")).stdout) as unknown;
    expect(await report(into)).toEqual(await report(source));
  }, 120_000);
});
