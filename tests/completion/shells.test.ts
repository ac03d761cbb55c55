import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN } from "../helpers/cli.js";
import { ensureDebianProgram } from "../helpers/debian.js";
import { timedCall } from "../helpers/live-calls.js";

/**
 * `trust completion bash|zsh|fish` in the real shells, with the built CLI on PATH as `trust` and
 * `trust-call`: bash's completion function asked as bash asks it (COMP_WORDS, COMP_CWORD), fish's
 * own `complete -C`, and zsh loading the script under compinit. zsh and fish are installed from
 * Debian's packages when missing and this runs as root.
 */

const run = promisify(execFile);
let dir: string;
let db: string;
let env: NodeJS.ProcessEnv;
let sessionId: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "trust-completion-"));
  const bin = join(dir, "bin");
  mkdirSync(bin);
  symlinkSync(BIN, join(bin, "trust"));
  symlinkSync(BIN, join(bin, "trust-call"));
  db = join(dir, "team.db");
  sessionId = timedCall(db, { day: "2026-11-02", client: "Acme Retail", trust: [2, 4], actions: [{ what: "Refund", owner: "Dana", due: "2026-11-20" }] });
  timedCall(db, { day: "2026-11-03", client: "Globex", trust: [3, 4], actions: [{ what: "Review", owner: "Lee", due: "2026-11-21" }] });
  env = { PATH: `${bin}:${process.env.PATH}`, HOME: dir, TRUST_DB: db, XDG_CONFIG_HOME: join(dir, "config"), XDG_CACHE_HOME: join(dir, "cache") };
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("bash", () => {
  /** What bash offers for the words of a line, the last being the one Tab was pressed on. */
  async function offers(...words: string[]): Promise<string[]> {
    const script = [
      "source <(trust completion bash)",
      'COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()',
      "_trust_completion",
      'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join("\n");
    const { stdout, stderr } = await run("bash", ["-c", script, "bash", ...words], { env });
    expect(stderr).toBe("");
    return stdout.split("\n").filter(Boolean);
  }

  it("completes commands and subcommands", async () => {
    expect(await offers("trust", "rep")).toEqual(["report"]);
    expect(await offers("trust", "actions", "")).toEqual(["done", "edit", "cancel", "reopen"]);
    expect(await offers("trust-call", "playbook", "v")).toEqual(["validate"]);
  });

  it("completes options, their choices, and files where a file goes", async () => {
    expect(await offers("trust", "report", "--gr")).toEqual(["--group-by"]);
    expect(await offers("trust", "report", "--group-by", "")).toEqual(["client", "playbook", "month", "owner", "session-owner"]);
    expect(await offers("trust", "--db", db, "report", "--format", "h")).toEqual(["html"]);
    // Global options count on either side of the verb; a verb's own are not offered to another.
    expect(await offers("trust", "show", "--d")).toEqual(["--db", "--debug"]);
    expect(await offers("trust", "show", "--for")).toEqual([]);
    expect(await offers("trust", "start", "--answers", join(dir, "te"))).toEqual(expect.arrayContaining([db]));
  });

  it("completes a session id from its prefix, client names and playbook ids, from the database on the line", async () => {
    expect(await offers("trust", "show", sessionId.slice(0, 6))).toEqual([sessionId]);
    expect(await offers("trust-call", "export", sessionId.slice(0, 6))).toEqual([sessionId]);
    expect(await offers("trust", "report", "--client", "ac")).toEqual(["Acme Retail"]);
    expect(await offers("trust", "start", "service")).toEqual(["service-outage"]);
    // A name with an escape sequence in it is never printed to the terminal by a completion.
    timedCall(db, { day: "2026-11-04", client: "Acme\u001b]0;pwned\u0007", trust: [1, 2], actions: [{ what: "x", owner: "Dana", due: "2026-11-30" }] });
    expect(await offers("trust", "client", "Ac")).toEqual(["Acme Retail"]);
    // Another database named on the line is the one asked: it has no sessions.
    expect(await offers("trust", "--db", join(dir, "none.db"), "show", sessionId.slice(0, 6))).toEqual([]);
  });
});

describe("fish", () => {
  const fish = ensureDebianProgram("/usr/bin/fish", "fish");

  it.runIf(fish)("loads the script and completes commands, choices and session ids with its own complete -C", async () => {
    const complete = async (line: string) => {
      const { stdout, stderr } = await run(fish!, ["--no-config", "-c", `trust completion fish | source; complete -C ${JSON.stringify(line)}`], { env });
      expect(stderr).toBe("");
      return stdout.split("\n").filter(Boolean).map((l) => l.split("\t")[0]);
    };
    expect(await complete("trust rep")).toEqual(["report"]);
    expect(await complete("trust report --group-by ")).toEqual(expect.arrayContaining(["owner", "session-owner"]));
    expect(await complete(`trust show ${sessionId.slice(0, 6)}`)).toEqual([sessionId]);
    expect(await complete("trust-call actions d")).toEqual(["done"]);
  });
});

describe("zsh", () => {
  const zsh = ensureDebianProgram("/usr/bin/zsh", "zsh");

  it.runIf(zsh)("loads the script under compinit without an error, and registers it for both names", async () => {
    const script = ["autoload -U compinit", "compinit -u -d $HOME/.zcompdump", "source <(trust completion zsh)", 'print -r -- "$_comps[trust] $_comps[trust-call]"'].join("; ");
    const { stdout, stderr } = await run(zsh!, ["-f", "-c", script], { env });
    expect(stderr).toBe("");
    expect(stdout.trim()).toBe("_trust _trust");
  });
});
