import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram, typedOptions } from "../../src/cli.js";
import { READ_VERBS } from "../../src/commands/readers.js";
import { parseQuick, type QuickRun } from "../../src/fast/argv.js";
import { describeCommands, type QuickSpec } from "../../src/fast/spec.js";

/**
 * The quick way in (dist/read-<verb>.cjs) parses the read commands' lines without commander. It must
 * never run a line differently: for every line below, it either hands the line back (undefined)
 * or gives exactly the verb, arguments and options commander's action would have received, and it
 * hands back every line commander refuses. The spec is read off the same program, as the build does.
 */

const spec: QuickSpec = describeCommands(buildProgram("0.0.0"), READ_VERBS);

type Outcome = { ok: true; run: QuickRun } | { ok: false };

/** What commander does with the line: the top-level verb, arguments and options its action receives, or a refusal. */
async function commander(args: string[]): Promise<Outcome> {
  const program = buildProgram("0.0.0");
  let run: QuickRun | undefined;
  const silence = (cmd: Command): void => {
    cmd.configureOutput({ writeOut: () => {}, writeErr: () => {} });
    cmd.exitOverride();
    for (const sub of cmd.commands) {
      // Only the top-level verbs count as the same run; a subcommand (actions done) never is.
      const verb = sub.parent === program ? sub.name() : `${sub.parent!.name()} ${sub.name()}`;
      sub.action((...received: unknown[]) => {
        const cmd = received.at(-1) as Command;
        run = {
          verb,
          args: (received.slice(0, -2) as Array<string | undefined>).filter((a): a is string => a !== undefined),
          opts: { ...cmd.optsWithGlobals() },
          given: typedOptions(cmd),
        };
      });
      silence(sub);
    }
  };
  silence(program);
  try {
    await program.parseAsync(["node", "trust", ...args]);
  } catch {
    return { ok: false };
  }
  return run === undefined ? { ok: false } : { ok: true, run };
}

async function agree(args: string[]): Promise<QuickRun | undefined> {
  const quick = parseQuick(args, spec);
  const full = await commander(args);
  if (quick !== undefined) {
    expect(full.ok, `commander refuses ${JSON.stringify(args)}, the quick parser runs it`).toBe(true);
    if (full.ok) expect(quick, JSON.stringify(args)).toEqual(full.run);
  }
  return quick;
}

/** A small seeded generator, so a failing line can be run again. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const VALUES = ["Acme", "", "-x", "a b", "2026-11-01", "30d", "x=y", "--json", "é"];

describe("the quick parser agrees with commander", () => {
  it("runs the everyday lines itself, with commander's options", async () => {
    const everyday = [
      ["export", "3f9c"],
      ["export", "3f9c", "--format", "json"],
      ["export", "3f9c", "--format=json", "--redact", "--out", "x.md"],
      ["export", "3f9c", "--out", "-"],
      ["show", "3f9c", "--json"],
      ["--db", "team.db", "show", "3f9c"],
      ["show", "3f9c", "--db", "team.db", "--no-color"],
      ["actions", "--overdue", "--fail", "--owner", "Dana"],
      ["actions", "--status", "all", "--format", "csv"],
      ["actions", "--due-within", "7d", "--json"],
      ["client", "Acme Ltd", "--format", "md"],
      ["clients", "--json", "--rehearsals"],
      ["report", "--since", "30d", "--group-by", "client", "--format", "md"],
      ["sessions", "--status", "in_progress", "--client", "Acme"],
      ["--debug", "report", "--json"],
    ];
    for (const args of everyday) expect(await agree(args), JSON.stringify(args)).toBeDefined();
  });

  it("hands back what only commander should answer", async () => {
    const others = [
      ["export"],
      ["export", "a", "b"],
      ["export", "3f9c", "--format", "pdf"],
      ["export", "3f9c", "--format"],
      ["export", "3f9c", "--help"],
      ["show", "-h"],
      ["--version", "show", "x"],
      ["show", "x", "--", "y"],
      ["show", "x", "--json", "--json"],
      ["show", "x", "--jsonx"],
      ["show", "x", "--json=1"],
      ["actions", "done", "7a2e"],
      ["actions", "-o"],
      ["--owner", "x", "actions"],
      ["start"],
      ["letter", "3f9c"],
      ["client"],
      [],
    ];
    for (const args of others) expect(await agree(args), JSON.stringify(args)).toBeUndefined();
  });

  it("never runs a line differently, over 3,000 generated lines", async () => {
    const next = random(20261201);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
    let quick = 0;
    for (let n = 0; n < 3000; n++) {
      const verb = pick([...READ_VERBS, "start", "letter", "actions"]);
      const command = spec.commands[verb];
      const pool = [...(command?.options ?? []), ...spec.globals.options];
      const args: string[] = [];
      const before: string[] = [];
      for (let k = Math.floor(next() * 5); k > 0; k--) {
        const o = pick(pool);
        const into = next() < 0.2 ? before : args;
        const value = o.choices && next() < 0.8 ? pick(o.choices) : pick(VALUES);
        if (o.kind === "flag" && next() < 0.9) into.push(o.long);
        else if (next() < 0.3) into.push(`${o.long}=${value}`);
        else into.push(o.long, value);
      }
      const positional = command ? command.args.filter((a) => a.required || next() < 0.5).map(() => pick(VALUES.filter((v) => !v.startsWith("-")))) : [];
      if (next() < 0.1) positional.push("extra");
      for (const p of positional) args.splice(Math.floor(next() * (args.length + 1)), 0, p);
      if (next() < 0.05) args.push(pick(["--help", "-h", "--", "-V", "--nope"]));
      if ((await agree([...before, verb, ...args])) !== undefined) quick++;
    }
    // Most generated lines are runnable, so the comparison above was made, not skipped.
    expect(quick).toBeGreaterThan(1000);
  }, 120_000);
});
