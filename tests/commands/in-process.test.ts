import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionDone } from "../../src/commands/action-change.js";
import { listActions } from "../../src/commands/actions.js";
import { clients } from "../../src/commands/clients.js";
import { doctor } from "../../src/commands/doctor.js";
import { parseOptions } from "../../src/commands/options.js";
import { report } from "../../src/commands/report.js";
import { sessions } from "../../src/commands/sessions.js";
import { show } from "../../src/commands/show.js";
import { CheckFailedError, ExitCode, NotFoundError } from "../../src/errors.js";
import { ROOT, runCli } from "../helpers/cli.js";

/**
 * The commands that report hand back what they would print (src/commands/printed.ts) instead of
 * writing it, so their logic runs here in-process, on a real SQLite file made by the built CLI:
 * what goes to stdout, what a person is told on stderr, and the failure raised after printing.
 */

const NOW = "2026-11-20T10:00:00Z";
let dir: string;
let db: string;
let saved: string | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "trust-in-process-"));
  db = join(dir, "trust.db");
  const answers = join(ROOT, "tests", "fixtures", "answers", "calm.yaml");
  const run = await runCli(["start", "--answers", answers, "--client", "Acme", "--incident", "Outage", "--severity", "high", "--owner", "Dana", "--db", db], {
    env: { TRUST_NOW: "2026-11-09T10:00:00Z" },
  });
  expect(run.code).toBe(0);
  saved = process.env.TRUST_NOW;
  process.env.TRUST_NOW = NOW;
}, 60_000);
afterAll(() => {
  if (saved === undefined) delete process.env.TRUST_NOW;
  else process.env.TRUST_NOW = saved;
  rmSync(dir, { recursive: true, force: true });
});

describe("commands run in-process", () => {
  it("sessions: the list as JSON, or a note on stderr and nothing on stdout when none match", async () => {
    const all = await sessions(parseOptions("sessions", { db, json: true }));
    expect(JSON.parse(all.stdout)).toMatchObject([{ client: "Acme", status: "completed" }]);
    expect(await sessions(parseOptions("sessions", { db, client: "Nobody" }))).toEqual({ stdout: "", notice: "No sessions match these filters." });
    expect(await sessions(parseOptions("sessions", { db: join(dir, "none-yet.db") }))).toEqual({ stdout: "", notice: "No sessions match. Start one with: trust start" });
  });

  it("actions --overdue --fail: the table, and the failure to raise once it is printed", async () => {
    const out = await listActions(parseOptions("actions", { db, overdue: true, fail: true }));
    expect(out.stdout).toContain("Send the incident review");
    expect(out.failure).toBeInstanceOf(CheckFailedError);
    expect(out.failure?.exitCode).toBe(ExitCode.checkFailed);
    expect(out.failure?.message).toBe("2 commitments are overdue (due before 2026-11-20)");
    const none = await listActions(parseOptions("actions", { db, overdue: true, fail: true, owner: "Nobody" }));
    expect(none).toEqual({ stdout: "", notice: "Nothing is overdue." });
  });

  it("actions done: the change is made and the commitment handed back as JSON", async () => {
    const [first] = JSON.parse((await listActions(parseOptions("actions", { db, json: true }))).stdout) as Array<{ id: string }>;
    const done = await actionDone({ ...parseOptions("actions done", { db, json: true, note: "sent" }), action: first!.id });
    expect(JSON.parse(done.stdout)).toMatchObject({ id: first!.id, status: "done", doneNote: "sent", overdue: false });
    const open = JSON.parse((await listActions(parseOptions("actions", { db, open: true, json: true }))).stdout) as Array<{ id: string }>;
    expect(open.map((a) => a.id)).not.toContain(first!.id);
  });

  it("show, report and clients: their JSON, read from the same file", async () => {
    const [session] = JSON.parse((await sessions(parseOptions("sessions", { db, json: true }))).stdout) as Array<{ id: string }>;
    const shown = JSON.parse((await show({ ...parseOptions("show", { db, json: true }), session: session!.id })).stdout);
    expect(shown.session.id).toBe(session!.id);
    const figures = JSON.parse((await report(parseOptions("report", { db, json: true }))).stdout);
    expect(figures.totals.sessions).toMatchObject({ started: 1, completed: 1 });
    const overview = JSON.parse((await clients(parseOptions("clients", { db, json: true }))).stdout);
    expect(overview.clients).toMatchObject([{ client: "Acme", calls: 1 }]);
  });

  it("an unknown session is not found, before anything is printed", async () => {
    await expect(show({ ...parseOptions("show", { db }), session: "ffffffff" })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("doctor: a file that is not SQLite is a failed check, printed first", async () => {
    const bad = join(dir, "not-a-db.db");
    writeFileSync(bad, "hello, not a database\n".repeat(10), { mode: 0o600 });
    const out = await doctor(parseOptions("doctor", { db: bad }));
    expect(out.stdout).toContain("✗ file: not a SQLite file");
    expect(out.failure).toBeInstanceOf(CheckFailedError);
  });
});
