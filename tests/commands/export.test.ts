import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

/**
 * `trust export` through the real built CLI (run `npm run build` first): a session made with
 * `trust start --answers`, exported as markdown, as a client letter, as JSON and to a file.
 */

const ANSWERS = `
timeline_reviewed: true
trust_before: 2
client_facts:
  - "Checkout failed from 09:12 to 11:40 <b>bold</b>"
  - "# not a heading"
affected_people: "Priya Shah, priya@acme.example, +44 20 7946 0958"
client_feelings: "We felt left in the dark"
root_cause_notes: "Probably the retry setting"
actions:
  - { what: "Replay failed orders | all of them", owner: Dana, due: 2026-11-14 }
  - { what: "Send the review to sam@acme.example", owner: Marcus, due: +5d }
next_update: 2026-11-16
trust_after: 4
problem_agreed: true
`;

let dir: string;
let id: string;
const env = () => ({ TRUST_DB: join(dir, "trust.db"), TRUST_NOW: "2026-11-12T14:00:00Z", TZ: "UTC" });
const trust = (...args: string[]) => runCli(args, { env: env() });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "trust-export-"));
  writeFileSync(join(dir, "answers.yaml"), ANSWERS);
  const r = await trust(
    "start", "--answers", join(dir, "answers.yaml"),
    "--client", "Acme", "--incident", "Checkout outage", "--severity", "high", "--owner", "Dana", "--json",
  );
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  id = (JSON.parse(r.stdout) as { id: string }).id;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("trust export", () => {
  it("prints the team summary as markdown, the same on every run", async () => {
    const r = await trust("export", id.slice(0, 6));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout.startsWith("# Trust repair: Acme — Checkout outage\n")).toBe(true);
    expect(r.stdout).toContain("**Trust:** 2 / 5 (low) before the call → 4 / 5 (fair) after (+2)");
    expect(r.stdout).toContain("- Checkout failed from 09:12 to 11:40 \\<b>bold\\</b>\n- \\# not a heading");
    expect(r.stdout).toContain("**Internal notes on the likely root cause:** _(internal)_\n\n> Probably the retry setting");
    expect(r.stdout).toContain("| Replay failed orders \\| all of them | Dana | Sat 14 Nov 2026 | open |");
    expect(r.stdout).toContain("| Send the review to sam@acme.example | Marcus | Tue 17 Nov 2026 | open |");
    expect((await trust("export", id)).stdout).toBe(r.stdout);
  });

  it("writes the client letter (as `trust letter` does) without internal answers, ratings or severity, redacted", async () => {
    const r = await trust("export", id, "--audience", "client", "--redact");
    expect(r.code).toBe(0);
    // No contact was named: a neutral greeting, never the company as if it were a person.
    expect(r.stdout).toContain("\nHello,\n");
    expect(r.stdout).not.toContain("Dear Acme");
    expect(r.stdout).toContain("- Send the review to \\[email\\] (Marcus, by Tuesday 17 November 2026)");
    expect(r.stdout).toContain("You will hear from me by Monday 16 November 2026");
    for (const hidden of ["retry setting", "Severity", "high", "2 / 5", "Priya", "+44"]) expect(r.stdout).not.toContain(hidden);
    expect(r.stdout).toBe((await trust("letter", id, "--redact")).stdout);
  });

  it("prints the JSON document with its format and version", async () => {
    const r = await trust("export", id, "--format", "json", "--redact");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ format: "trust.export", version: 2, audience: "team", redacted: true });
    expect(doc.session).toMatchObject({ id, client: "Acme", severity: "high", startedAt: "2026-11-12T14:00:00.000Z" });
    expect(doc.trust).toEqual({ before: 2, after: 4, change: 2, min: 1, max: 5 });
    // The next update (next_update, marked letter: next) is tracked as the owner's commitment too.
    expect(doc.commitments.map((c: { what: string }) => c.what)).toEqual(["Replay failed orders | all of them", "Next update to Acme, news or not", "Send the review to [email]"]);
    const affected = doc.steps.flatMap((s: { prompts: unknown[] }) => s.prompts).find((p: { id: string }) => p.id === "affected_people");
    expect(affected).toMatchObject({ value: "[redacted]", redacted: true });
  });

  it("takes --json as short for --format json", async () => {
    const long = await trust("export", id, "--format", "json");
    const short = await trust("export", id, "--json");
    expect(short.code).toBe(0);
    expect(short.stdout).toBe(long.stdout);
    expect(JSON.parse(short.stdout).format).toBe("trust.export");
  });

  it("writes --out atomically, readable by its owner only", async () => {
    const out = join(dir, "summary.md");
    writeFileSync(out, "old content", { mode: 0o644 });
    const r = await trust("export", id, "--out", out);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(readFileSync(out, "utf8")).toBe((await trust("export", id)).stdout);
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it("fails with one line when --out cannot be written", async () => {
    const missing = await trust("export", id, "--out", join(dir, "no-such-folder", "x.md"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^trust: cannot write .*no-such-folder\/x\.md: its folder does not exist\n$/);
    mkdirSync(join(dir, "a-folder"));
    const folder = await trust("export", id, "--out", join(dir, "a-folder"));
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/^trust: cannot write .*a-folder: it is a folder\nhint: give the path of a file inside it\n$/);
    // The temporary file of the failed write is cleaned up.
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("exits 4 for a session that does not exist", async () => {
    const r = await trust("export", "ffffffff");
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^trust: no session starts with "ffffffff"/);
    expect(r.stdout).toBe("");
  });

  it("labels the start time with its zone: TZ's, the config file's, or --tz's (issue 13)", async () => {
    const started = async (extra: Record<string, string>, ...args: string[]) => {
      const r = await runCli(["export", id, ...args], { env: { ...env(), ...extra } });
      expect(r.stderr).toBe("");
      return /\*\*Started:\*\* (.*)/.exec(r.stdout)?.[1];
    };
    expect(await started({})).toBe("Thu 12 Nov 2026, 14:00 UTC");
    // Made with --answers: a file run, which has no call time to show.
    expect((await runCli(["export", id], { env: env() })).stdout).toContain("- **Duration:** none: run from an answers file\n");
    expect(await started({ TZ: "Asia/Kolkata" })).toBe("Thu 12 Nov 2026, 19:30 UTC+05:30");
    // Past midnight in the zone: the day is the zone's too.
    expect(await started({}, "--tz", "Pacific/Kiritimati")).toBe("Fri 13 Nov 2026, 04:00 UTC+14:00");
    const config = join(dir, "config");
    mkdirSync(join(config, "trust"), { recursive: true });
    writeFileSync(join(config, "trust", "config.yaml"), "timezone: America/New_York\n");
    expect(await started({ TZ: "", XDG_CONFIG_HOME: config })).toBe("Thu 12 Nov 2026, 09:00 UTC-05:00");
    expect(await started({ TZ: "", XDG_CONFIG_HOME: config }, "--tz", "Europe/Berlin")).toBe("Thu 12 Nov 2026, 15:00 UTC+01:00");
    const bad = await runCli(["export", id, "--tz", "Mars/Olympus"], { env: env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('trust: --tz "Mars/Olympus" is not a time zone\nhint: use an IANA name such as Europe/Berlin, America/New_York or UTC\n');
  });
});
