import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

/**
 * Commitment owners in `trust start --answers`, checked against the people file: a known alias
 * becomes the person's name, an unknown owner or a group is a warning (an error with --strict,
 * and then nothing is saved).
 */

let dir: string;
let answers: string;
let people: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "trust-owners-"));
  answers = join(dir, "answers.yaml");
  people = join(dir, "people.yaml");
  writeFileSync(
    answers,
    [
      "trust_before: 2",
      "client_facts: [Checkout was down]",
      "actions:",
      "  - { what: Send the incident report, owner: sam, due: 2026-11-20 }",
      "  - { what: Add an alert, owner: Engineering team, due: 2026-11-27 }",
      "  - { what: Call back, owner: Sam Whitfeld, due: 2026-11-21 }",
      "trust_after: 3",
    ].join("\n"),
  );
  writeFileSync(people, "people:\n  - name: Sam Whitfield\n    email: sam@ours.example\n    aliases: [Sam]\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const start = (db: string, ...extra: string[]) =>
  runCli(
    ["start", "--answers", answers, "--client", "Acme", "--incident", "Outage", "--owner", "Dana", "--people", people, "--db", join(dir, db), "--json", ...extra],
    { env: { TRUST_NOW: "2026-11-09T10:00:00Z", TZ: "UTC" } },
  );

describe("trust start --answers with a people file", () => {
  it("names the owner the file knows by their name, and warns about the others", async () => {
    const r = await start("a.db");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.trim().split("\n")).toEqual([
      'trust: warning: actions, commitment 2 ("Add an alert"): "Engineering team" sounds like a group: name the one person who answers for it',
      'trust: warning: actions, commitment 3 ("Call back"): "Sam Whitfeld" is not in the people file (did you mean Sam Whitfield?)',
    ]);
    const list = await runCli(["actions", "--json", "--db", join(dir, "a.db")], { env: { TRUST_NOW: "2026-11-09T10:00:00Z" } });
    expect((JSON.parse(list.stdout) as Array<{ what: string; owner: string }>).map((a) => [a.what, a.owner])).toEqual([
      ["Send the incident report", "Sam Whitfield"],
      ["Call back", "Sam Whitfeld"],
      ["Add an alert", "Engineering team"],
    ]);
  });

  it("with --strict refuses them all and saves nothing", async () => {
    const r = await start("b.db", "--strict");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("has 2 owners the people file does not know; nothing was saved");
    const list = await runCli(["sessions", "--json", "--db", join(dir, "b.db")], {});
    expect(list.stdout.trim()).toBe("[]");
  });

  it("refuses a people file with problems, saying where", async () => {
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "people:\n  - nam: Sam\n");
    const r = await runCli(["start", "--answers", answers, "--client", "Acme", "--incident", "Outage", "--people", bad, "--db", join(dir, "c.db")], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:2:5 people\[0\]/);
    expect(r.stderr).not.toMatch(/at .*\.js/);
  });
});
