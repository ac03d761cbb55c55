import { copyFileSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocument, stringify } from "yaml";
import { TrustError } from "../../src/errors.js";
import { loadPlaybookFile, parsePlaybook } from "../../src/playbook/load.js";
import type { Playbook } from "../../src/playbook/schema.js";
import { fillPlaybook, templateValues } from "../../src/playbook/template.js";
import { readDataFile } from "../../src/fs/read-data-file.js";
import { MAX_ALIAS_COUNT } from "../../src/fs/yaml-data.js";
import { planAnswers } from "../../src/session/answers-file.js";
import { SessionInfo } from "../../src/session/model.js";
import { parsePeople } from "../../src/session/person.js";
import { ROOT } from "../helpers/cli.js";
import { answersText, pick, playbookText, randomBytes, text, value, type Rng } from "./fuzz-inputs.js";
import { ANSWERS, inBatches, seeded, spawnCli, tempDirs } from "./helpers.js";
import { rounds } from "../helpers/node-line.js";

/**
 * Random input for everything a person types or hands over: playbook files, answers files and
 * the session's text fields. In process, the pure loaders get thousands of cases for a fixed time
 * each; then a few dozen real CLI runs. Nothing may throw where it should report, hang, print a
 * stack trace or ask for a bug report, or end with an exit code the README does not give for
 * these (0, 2, 4). Every failure names the seed: TRUST_FUZZ_SEED=<seed> replays the same cases.
 */

const SEED = Number(process.env.TRUST_FUZZ_SEED ?? 20261109);
/** Time for each in-process target; the CLI runs come on top. */
const BUDGET_MS = Number(process.env.TRUST_FUZZ_MS ?? rounds(2500, 600));
/** One parse of the largest input allowed takes well under this; more is a hang. */
const SLOW_MS = 5000;
const tempDir = tempDirs("trust-fuzz-");

/** What a failure says, so the case can be replayed. */
function replay(target: string, i: number, input: unknown): string {
  const shown = typeof input === "string" ? input : JSON.stringify(input, (_, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v));
  return `seed ${SEED} (TRUST_FUZZ_SEED=${SEED}), ${target} case ${i}: ${String(shown).slice(0, 400)}`;
}

/** With TRUST_FUZZ_TRACE=file, the input of the case about to run is kept in file.input. */
function traceInput(input: string): void {
  if (process.env.TRUST_FUZZ_TRACE) writeFileSync(`${process.env.TRUST_FUZZ_TRACE}.input`, input);
}

/** Runs `body` on new cases until the budget is spent; returns how many ran. */
async function forBudget(target: string, offset: number, body: (r: Rng, i: number) => unknown): Promise<number> {
  const r = seeded(SEED + offset);
  const end = performance.now() + BUDGET_MS;
  let i = 0;
  for (; performance.now() < end; i++) {
    // TRUST_FUZZ_TRACE=file: the case about to run is named there, for a case that never ends.
    if (process.env.TRUST_FUZZ_TRACE) writeFileSync(process.env.TRUST_FUZZ_TRACE, `${target} ${i}\n`);
    const t0 = performance.now();
    await body(r, i);
    const trace = process.env.TRUST_FUZZ_TRACE;
    if (trace && performance.now() - t0 > 500) {
      console.log(`SLOW ${target} ${i} ${Math.round(performance.now() - t0)} ms`);
      if (existsSync(`${trace}.input`)) copyFileSync(`${trace}.input`, `${trace}.slow-${target}-${i}`);
    }
  }
  return i;
}

function timed<T>(label: string, fn: () => T): T {
  const started = performance.now();
  const result = fn();
  expect(performance.now() - started, `${label}: took too long`).toBeLessThan(SLOW_MS);
  return result;
}

let restoreTrust: Playbook;
const NOW = new Date("2026-11-09T10:00:00Z");

describe("fuzz, in process", () => {
  // A library's warning goes through process.emitWarning, which the CLI would print on stderr.
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.message);
  beforeAll(async () => {
    process.on("warning", onWarning);
    const builtin = await loadPlaybookFile(join(ROOT, "playbooks", "restore-trust.yaml"));
    if (!builtin.ok) throw new Error("the builtin restore-trust is invalid");
    restoreTrust = builtin.playbook;
  });
  afterAll(() => {
    process.off("warning", onWarning);
    expect(warnings, `seed ${SEED}: warnings emitted`).toEqual([]);
  });

  it("parsePlaybook and loadPlaybookFile: a result for any text or bytes, problems with a place and a message", async () => {
    const dir = tempDir();
    const n = await forBudget("playbook", 1, async (r, i) => {
      const input = playbookText(r);
      traceInput(input);
      const label = replay("playbook", i, input);
      let result;
      try {
        if (i % 10 === 0) {
          const file = join(dir, "fuzz.yaml");
          writeFileSync(file, r() < 0.5 ? randomBytes(r) : input);
          result = await loadPlaybookFile(file);
        } else {
          result = timed(label, () => parsePlaybook(input, "fuzz.yaml"));
        }
      } catch (err) {
        throw new Error(`${label}\nthrew: ${(err as Error).stack}`);
      }
      if (result.ok) expect(typeof result.playbook.id, label).toBe("string");
      else {
        expect(result.problems.length, label).toBeGreaterThan(0);
        for (const p of result.problems) {
          expect(p.line >= 1 && p.col >= 1, `${label}\n${JSON.stringify(p)}`).toBe(true);
          expect(p.message, label).toMatch(/\S/);
          expect(p.message, label).not.toMatch(/\[object Object\]|undefined/);
        }
      }
    });
    expect(n).toBeGreaterThan(10);
  }, 60_000);

  it("answers: readDataFile refuses with a UsageError only; planAnswers returns a plan or problems for any data", async () => {
    const dir = tempDir();
    const n = await forBudget("answers", 2, async (r, i) => {
      const input = answersText(r);
      traceInput(input);
      const label = replay("answers", i, input);
      let data: unknown;
      if (i % 5 === 0) {
        const file = join(dir, "answers.yaml");
        writeFileSync(file, r() < 0.2 ? randomBytes(r) : input);
        try {
          ({ data } = await readDataFile(file, "answers file"));
        } catch (err) {
          expect(err instanceof TrustError && err.exitCode === 2, `${label}\nthrew: ${(err as Error).stack}`).toBe(true);
          return;
        }
      } else {
        try {
          data = parseDocument(input, { logLevel: "error" }).toJS({ maxAliasCount: MAX_ALIAS_COUNT });
        } catch {
          data = value(r);
        }
      }
      const info = { severity: pick(r, ["low", "medium", "high", "critical"] as const), owner: r() < 0.5 ? "Dana" : text(r) };
      try {
        const plan = timed(label, () => planAnswers(restoreTrust, data, info, NOW));
        if (!plan.ok) for (const p of plan.problems) expect(typeof p.message, label).toBe("string");
      } catch (err) {
        throw new Error(`${label}\nthrew: ${(err as Error).stack}`);
      }
    });
    expect(n).toBeGreaterThan(10);
  }, 60_000);

  it("text fields: people, session info and the playbook's filled texts, for any text", async () => {
    const n = await forBudget("text fields", 3, (r, i) => {
      const fields = { client: text(r), incident: text(r), owner: text(r), severity: "high", attendee: text(r), contact: text(r) };
      const label = replay("text fields", i, fields);
      try {
        const attendees = parsePeople(fields.attendee);
        const contacts = parsePeople(fields.contact);
        const info = SessionInfo.safeParse({
          ...fields,
          attendees: "error" in attendees ? [] : attendees,
          contacts: "error" in contacts ? [] : contacts,
        });
        if (info.success) timed(label, () => fillPlaybook(restoreTrust, templateValues(info.data)));
      } catch (err) {
        throw new Error(`${label}\nthrew: ${(err as Error).stack}`);
      }
    });
    expect(n).toBeGreaterThan(10);
  }, 60_000);
});

/** What no run may print, whatever it was given. */
function expectPlainEnd(label: string, ran: { code: number | null; signal: string | null; stderr: string }, codes: number[]): void {
  expect(ran.signal, `${label}: killed (a hang)`).toBeNull();
  expect(ran.stderr, label).not.toMatch(/please report|unexpected error|\n\s+at .+:\d+:\d+|\(node:\d+\)|Warning:/);
  expect(codes, `${label}\nexit ${ran.code}\n${ran.stderr.slice(0, 2000)}`).toContain(ran.code);
}

/** argv cannot hold NUL, and Linux caps one argument at 128 KiB. */
const arg = (s: string) => s.replaceAll("\0", "").slice(0, 50_000);

describe("fuzz, the real CLI", () => {
  it("trust playbook validate on random playbook files: exit 0 or 2, a plain message", async () => {
    const r = seeded(SEED + 4);
    const dir = tempDir();
    const inputs = Array.from({ length: rounds(10, 4) }, () => playbookText(r));
    await inBatches(inputs.length, 2, async (i) => {
      const file = join(dir, `pb-${i}.yaml`);
      writeFileSync(file, inputs[i]!);
      const ran = await spawnCli(["playbook", "validate", file]).exited;
      expectPlainEnd(replay("validate", i, inputs[i]), ran, [0, 2]);
    });
  }, 120_000);

  it("trust start --answers with random answers and text fields: exit 0, 2 or 4, a plain message", async () => {
    const r = seeded(SEED + 5);
    const dir = tempDir();
    const cases = Array.from({ length: rounds(18, 6) }, (_, i) => {
      const args = [
        "start",
        ...(i % 6 === 5 ? [arg(text(r))] : []),
        "--answers",
        join(dir, `answers-${i}.yaml`),
        "--db",
        join(dir, `trust-${i}.db`),
        "--client",
        arg(r() < 0.3 ? "Acme" : text(r)),
        "--incident",
        arg(r() < 0.3 ? "API outage" : text(r)),
        "--severity",
        pick(r, ["low", "medium", "high", "critical"]),
        "--owner",
        arg(r() < 0.3 ? "Dana" : text(r)),
        ...(r() < 0.5 ? ["--attendee", arg(text(r))] : []),
        ...(r() < 0.5 ? ["--contact", arg(text(r))] : []),
      ];
      return { args, answers: r() < 0.3 ? stringify(ANSWERS) : answersText(r) };
    });
    await inBatches(cases.length, 2, async (i) => {
      writeFileSync(join(dir, `answers-${i}.yaml`), cases[i]!.answers);
      const ran = await spawnCli(cases[i]!.args).exited;
      expectPlainEnd(replay("start", i, cases[i]), ran, [0, 2, 4]);
    });
  }, 180_000);
});

describe("found by fuzzing", () => {
  it("a blank --owner, --client or --incident is a usage error (exit 2), not an unexpected error", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "answers.yaml"), stringify(ANSWERS));
    for (const [flag, value] of [["--owner", ""], ["--client", "  "], ["--incident", "\t"]] as const) {
      const flags: Record<string, string> = { "--client": "Acme", "--incident": "API outage", "--owner": "Dana", [flag]: value };
      const ran = await spawnCli(["start", "--answers", join(dir, "answers.yaml"), "--db", join(dir, "trust.db"), ...Object.entries(flags).flat()]).exited;
      expect(ran.stderr).toBe(`trust: ${flag} is empty\nhint: give ${flag} a value\n`);
      expect(ran.code).toBe(2);
    }
  }, 60_000);

  it("a list as a mapping key in an answers file or a playbook gives no Node warning on stderr", async () => {
    const dir = tempDir();
    const file = join(dir, "complex-key.yaml");
    writeFileSync(file, "? [a, b]\n: 1\n");
    const validated = await spawnCli(["playbook", "validate", file]).exited;
    expect(validated.stderr).not.toMatch(/Warning|node:/);
    expect(validated.code).toBe(2);
    const started = await spawnCli(["start", "--answers", file, "--client", "Acme", "--incident", "x", "--db", join(dir, "trust.db")]).exited;
    expect(started.stderr).toMatch(/^trust: answers file .* has \d+ problems\n/);
    expect(started.stderr).not.toMatch(/Warning|node:/);
    expect(started.code).toBe(2);
  }, 60_000);
});
