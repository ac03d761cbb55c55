import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, runCli, withoutPastDays } from "../helpers/cli.js";

/**
 * `$XDG_CONFIG_HOME/trust/config.yaml` through the built CLI: its values fill in what flags and
 * variables leave unset (flag > variable > file > default), on the quick read path too; a file
 * with problems stops every command with each problem at its line:col; `trust doctor` says where
 * each setting came from.
 */

let dir: string;
let config: string;
const ANSWERS = join(ROOT, "tests", "fixtures", "answers", "calm.yaml");

function writeConfig(text: string): void {
  mkdirSync(join(config, "trust"), { recursive: true });
  writeFileSync(join(config, "trust", "config.yaml"), text);
}

const trust = (args: string[], env: Record<string, string> = {}) =>
  runCli(args, { env: { XDG_CONFIG_HOME: config, HOME: dir, TRUST_NOW: "2026-03-01T10:00:00Z", ...env } });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "trust-config-"));
  config = join(dir, "config");
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the config file", () => {
  it("gives the database (relative to its own folder) and the owner, for writing and for the quick read path", async () => {
    writeConfig("owner: Dana Whitfield\ndb: ../data/team.db\n");
    const started = await trust(["start", "--answers", ANSWERS, "--client", "Acme", "--incident", "Outage", "--severity", "high", "--json"]);
    expect(withoutPastDays(started.stderr)).toBe("");
    expect(JSON.parse(started.stdout)).toMatchObject({ owner: "Dana Whitfield" });
    expect(existsSync(join(config, "data", "team.db"))).toBe(true);
    // sessions is a read command: dist/read-<verb>.cjs hands it to the full CLI, which reads the file.
    const listed = JSON.parse((await trust(["sessions", "--json"])).stdout) as Array<{ client: string; owner: string }>;
    expect(listed).toMatchObject([{ client: "Acme", owner: "Dana Whitfield" }]);
  });

  it("gives trust sync its server: dist/sync.cjs hands the line to the full CLI, which reads the file", async () => {
    writeConfig("db: ../data/team.db\nremote: postgres://config-host.invalid:1/trust\n");
    const synced = await trust(["sync"]);
    expect(synced.code).toBe(5);
    expect(synced.stderr).toMatch(/^trust: .*postgres:\/\/config-host\.invalid:1\/trust/);
  });

  it("gives way to the variable, and the variable to the flag", async () => {
    writeConfig("db: ../data/team.db\n");
    const other = join(dir, "other.db");
    await trust(["start", "--answers", ANSWERS, "--client", "Beta", "--incident", "Outage", "--severity", "low", "--owner", "Sam"], { TRUST_DB: other });
    expect(existsSync(other)).toBe(true);
    const clients = async (env: Record<string, string>, ...args: string[]) =>
      (JSON.parse((await trust(["sessions", "--json", ...args], env)).stdout) as Array<{ client: string }>).map((s) => s.client);
    expect(await clients({})).toEqual(["Acme"]);
    expect(await clients({ TRUST_DB: other })).toEqual(["Beta"]);
    expect(await clients({ TRUST_DB: join(dir, "none.db") }, "--db", other)).toEqual(["Beta"]);
  });

  it("sets the time zone days are counted in, unless TZ is set", async () => {
    writeConfig("db: ../data/team.db\ntimezone: Pacific/Kiritimati\n");
    // 23:30 UTC on 1 December is already 2 December at UTC+14.
    const asOf = async (env: Record<string, string>) => (JSON.parse((await trust(["report", "--json"], { TRUST_NOW: "2026-12-01T23:30:00Z", ...env })).stdout) as { generatedFor: { asOf: string } }).generatedFor.asOf;
    expect(await asOf({ TZ: "" })).toBe("2026-12-02");
    expect(await asOf({ TZ: "UTC" })).toBe("2026-12-01");
  });

  it("sets the locale dates are written in, in exports and letters, unless the variable or --locale says otherwise", async () => {
    writeConfig("db: ../data/locale.db\ntimezone: Europe/Berlin\nlocale: en-US\n");
    const started = await trust(["start", "--answers", ANSWERS, "--client", "Acme", "--incident", "Outage", "--severity", "high", "--json"], { TZ: "" });
    const id = (JSON.parse(started.stdout) as { id: string }).id;
    const line = (text: string, start: string) => text.split("\n").find((l) => l.includes(start)) ?? "";
    // 2026-03-01T10:00Z is 11:00 in Berlin, a Sunday.
    const started1 = (env: Record<string, string>, ...args: string[]) => trust(["export", id, ...args], { TZ: "", ...env });
    expect(line((await started1({})).stdout, "Started")).toContain("Sun, Mar 1, 2026, 11:00 AM UTC+01:00");
    expect(line((await started1({ TRUST_LOCALE: "de-DE" })).stdout, "Started")).toContain("So., 1. März 2026, 11:00 UTC+01:00");
    expect(line((await started1({ TRUST_LOCALE: "de-DE" }, "--locale", "en-GB")).stdout, "Started")).toContain("Sun, 1 Mar 2026, 11:00 UTC+01:00");
    // The letter's words stay English; its dates follow the locale.
    const letter = (await trust(["letter", id], { TZ: "" })).stdout;
    expect(letter).toContain("Sunday, March 1, 2026");
    expect(letter).not.toContain("Sunday 1 March 2026");
    // Without one, trust's own words: the config file's locale is all that set it.
    writeConfig("db: ../data/locale.db\ntimezone: Europe/Berlin\n");
    expect(line((await started1({})).stdout, "Started")).toContain("Sun 1 Mar 2026, 11:00 UTC+01:00");
    expect((await trust(["letter", id], { TZ: "" })).stdout).toContain("Sunday 1 March 2026");
  });

  it("refuses a locale Intl cannot write dates in, in one line, wherever it comes from", async () => {
    writeConfig("db: ../data/locale.db\n");
    const id = (JSON.parse((await trust(["sessions", "--json"])).stdout) as Array<{ id: string }>)[0]!.id;
    const flag = await trust(["letter", id, "--locale", "xx-nowhere"]);
    expect(flag.code).toBe(2);
    expect(flag.stdout).toBe("");
    expect(flag.stderr.split("\n")[0]).toBe('trust: --locale "xx-nowhere" is not a locale trust can write dates in');
    const variable = await trust(["export", id], { TRUST_LOCALE: "en_US" });
    expect(variable.code).toBe(2);
    expect(variable.stdout).toBe("");
    expect(variable.stderr.split("\n")[0]).toBe('trust: TRUST_LOCALE "en_US" is not a locale trust can write dates in');
    writeConfig("db: ../data/locale.db\nlocale: klingon\n");
    const file = join(config, "trust", "config.yaml");
    const r = await trust(["export", id]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:2:9 locale: is not a locale trust can write dates in: use a BCP 47 tag such as en-US, en-GB, de-DE or fr-CA`);
  });

  it("is named by a hint about a setting it gave, not the variable nobody set", async () => {
    writeConfig("playbooks: /nonexistent-playbooks\n");
    const r = await trust(["playbooks"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`trust: the playbooks folder /nonexistent-playbooks does not exist\nhint: check playbooks: in ${join(config, "trust", "config.yaml")}\n`);
    const fromEnv = await trust(["playbooks"], { TRUST_PLAYBOOKS: "/nonexistent-too" });
    expect(fromEnv.stderr).toBe("trust: the playbooks folder /nonexistent-too does not exist\nhint: check TRUST_PLAYBOOKS\n");
  });

  it("is named by the hints about the database and the people file it gave, on the quick read path and the full CLI alike", async () => {
    const file = join(config, "trust", "config.yaml");
    mkdirSync(join(dir, "a-folder"), { recursive: true });
    writeConfig(`db: ${join(dir, "a-folder")}\n`);
    for (const args of [["sessions"], ["start", "--answers", ANSWERS]]) {
      const r = await trust(args);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr).toBe(`trust: ${join(dir, "a-folder")} is a folder, not a database file\nhint: Point --db or db: in ${file} at a file, e.g. trust.db inside that folder.\n`);
    }
    const fromEnv = await trust(["sessions"], { TRUST_DB: join(dir, "a-folder") });
    expect(fromEnv.stderr).toContain("hint: Point --db or TRUST_DB at a file");
    writeConfig("people: missing-people.yaml\n");
    const people = await trust(["actions", "--owner", "sam"]);
    expect(people.code).toBe(2);
    expect(people.stderr).toContain(`people file ${join(config, "trust", "missing-people.yaml")} has 1 problem`);
    expect(people.stderr).toContain(`hint: check people: in ${file}`);
    const flag = await trust(["actions", "--owner", "sam", "--people", join(dir, "nobody.yaml")]);
    expect(flag.stderr).toContain("hint: check --people");
  });

  it("is no problem with every setting commented out, or empty", async () => {
    for (const text of ["# owner: Dana Whitfield\n# db: ../data/team.db\n", ""]) {
      writeConfig(text);
      const r = await trust(["sessions", "--json", "--db", join(dir, "empty-config.db")]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
    }
  });

  it("stops every command when it has problems, each at its line:col, and writes nothing", async () => {
    writeConfig("owner: Dana\ndb: 3\ntimezone: Mars/Olympus\nthemes: dark\n");
    const file = join(config, "trust", "config.yaml");
    for (const args of [["sessions"], ["start", "--answers", ANSWERS, "--client", "C", "--incident", "I", "--severity", "low"]]) {
      const r = await trust(args, { TRUST_DB: join(dir, "never.db") });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(
        [
          `trust: config file ${file} has 3 problems`,
          `  ${file}:2:5 db: must be text, not a number`,
          `  ${file}:3:11 timezone: is not a time zone: use an IANA name such as Europe/Berlin, America/New_York or UTC`,
          `  ${file}:4:1 themes: unknown key "themes" (allowed here: owner, db, playbooks, people, timezone, locale, remote)`,
          "",
        ].join("\n"),
      );
    }
    expect(existsSync(join(dir, "never.db"))).toBe(false);
  });

  it("has doctor say where each setting comes from", async () => {
    writeConfig("owner: Dana\ndb: ../data/team.db\ntimezone: Europe/Berlin\nremote: postgres://sam:s3cret@db.example.com/trust?sslmode=require\n");
    const r = await trust(["doctor", "--json", "--people", join(dir, "people.yaml")], { TZ: "", TRUST_PLAYBOOKS: join(dir, "books") });
    const doctor = JSON.parse(r.stdout) as { config: { found: boolean }; settings: Array<{ key: string; source: string; value: string }> };
    expect(doctor.config.found).toBe(true);
    const from = Object.fromEntries(doctor.settings.map((s) => [s.key, [s.source, s.value]]));
    expect(from).toEqual({
      owner: ["config file", "Dana"],
      db: ["config file", join(config, "data", "team.db")],
      playbooks: ["environment", join(dir, "books")],
      people: ["flag", join(dir, "people.yaml")],
      timezone: ["config file", "Europe/Berlin"],
      locale: ["default", "dates in exports and letters written as Tue 1 Dec 2026"],
      // The team server's password is never shown.
      remote: ["config file", "postgres://sam:***@db.example.com/trust?sslmode=require"],
    });
    expect(r.stdout).not.toContain("s3cret");
  });
});
