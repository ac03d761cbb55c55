import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";

describe("trust (the built binary)", () => {
  it("prints its version", async () => {
    const r = await runCli(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("exits 2 with a one-line error on an unknown command", async () => {
    const r = await runCli(["bogus"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^trust: unknown command 'bogus'/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [["sesions"], "trust: unknown command 'sesions'\nhint: did you mean sessions?\n"],
    [["sessions", "--jso"], "trust: unknown option '--jso'\nhint: did you mean --json?\n"],
    [["actions", "--ovrdue"], "trust: unknown option '--ovrdue'\nhint: did you mean --overdue?\n"],
    // A command that lists and has subcommands: a mistyped subcommand is an unknown command, not "too many arguments".
    [["actions", "dne", "4487"], "trust: unknown command 'actions dne'\nhint: did you mean actions done?\n"],
    [["--db", "x.db", "actions", "xyzzy"], "trust: unknown command 'actions xyzzy'\nhint: its commands are done, edit, cancel, reopen\n"],
    // An option's value before the mistyped word is not the word.
    [["actions", "--owner", "sam", "dne"], "trust: unknown command 'actions dne'\nhint: did you mean actions done?\n"],
    // `trust help` walks its words as the command line does: an unknown one is said, not answered with the whole help on stderr.
    [["help", "sesions"], "trust: unknown command 'sesions'\nhint: did you mean sessions?\n"],
    [["help", "actions", "xyzzy"], "trust: unknown command 'actions xyzzy'\nhint: its commands are done, edit, cancel, reopen\n"],
    [["help", "start", "now"], "trust: unknown command 'start now'\nhint: trust start has no commands\n"],
  ])("a near miss (%j): one line and commander's suggestion as a hint, exit 2", async (args, stderr) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(stderr);
  });

  it.each([[["help", "actions", "done"], "Usage: trust actions done [options] <action>"], [["help"], "Usage: trust [options] [command]"]])(
    "trust %j prints that command's help on stdout, exit 0",
    async (args, usage) => {
      const r = await runCli(args);
      expect(r.code).toBe(0);
      expect(r.stdout.split("\n")[0]).toBe(usage);
      expect(r.stderr).toBe("");
    },
  );

  it.each([
    ["Mars/Phobos", true],
    ["CET-1CEST", true],
    ["europe/berlin", true],
    ["Europe/Berlin", false],
    [":Europe/Berlin", false],
    ["UTC", false],
  ])("TZ=%s: a zone Node does not know is warned of once, on stderr, by the quick reads and the full CLI alike (%s)", async (tz, warned) => {
    const warning = `trust: warning: TZ "${tz}" is not a time zone trust can use, so times are shown and days counted in UTC`;
    for (const args of [["sessions", "--db", "/nonexistent-trust-test/x.db"], ["playbooks"]]) {
      const r = await runCli(args, { env: { TZ: tz } });
      expect(r.code).toBe(0);
      expect(r.stderr.split(warning).length - 1).toBe(warned ? 1 : 0);
    }
  });

  it("exits 2 on an invalid option value", async () => {
    const r = await runCli(["start", "--severity", "huge"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Allowed choices are low, medium, high, critical");
  });
});
