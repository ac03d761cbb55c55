import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import type { CommitmentJson } from "../../src/json/commitment.js";

/**
 * `trust actions --owner` finds an owner as `trust report --group-by owner` groups them: in any
 * case, in any script, however the letters are composed (an é typed as e and a combining accent),
 * with or without a role in brackets. Through the real built CLI.
 */

const NOW = "2026-02-15T09:00:00Z";
let dir: string;
const trust = (args: string[]) => runCli(args, { env: { TRUST_DB: join(dir, "trust.db"), TRUST_NOW: NOW, TZ: "UTC", XDG_CONFIG_HOME: join(dir, "no-config") } });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "trust-actions-owner-"));
  const answers = join(dir, "answers.json");
  writeFileSync(
    answers,
    JSON.stringify({
      trust_before: 2,
      client_facts: ["Checkout was down"],
      actions: [
        { what: "Composed", owner: "Zoé Martin", due: "2026-02-10" },
        { what: "Decomposed, in capitals", owner: "ZOE\u0301 MARTIN", due: "2026-02-11" },
        { what: "With a role", owner: "zoé martin (Support lead)", due: "2026-02-12" },
        { what: "Someone else", owner: "Zoe Martin", due: "2026-02-13" },
      ],
      trust_after: 3,
    }),
  );
  const r = await trust(["start", "--answers", answers, "--client", "Acme", "--incident", "Outage", "--severity", "high", "--owner", "Dana"]);
  expect(r.code, r.stderr).toBe(0);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("trust actions --owner, beyond ASCII", () => {
  it.each([["Zoé Martin"], ["ZOÉ MARTIN"], ["Zoe\u0301 martin"], ["  zoé   martin "]])("%j finds every spelling of Zoé Martin, and not Zoe Martin", async (typed) => {
    const r = await trust(["actions", "--json", "--owner", typed]);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as CommitmentJson[]).map((a) => a.what)).toEqual(["Composed", "Decomposed, in capitals", "With a role"]);
  });

  it("takes the two spellings and the one with a role as the report's one owner, and the CI gate fails on all three", async () => {
    const report = await trust(["report", "--group-by", "owner", "--json"]);
    expect(report.code, report.stderr).toBe(0);
    const groups = (JSON.parse(report.stdout) as { groups: Array<{ key: string; commitments: { overdue: number } }> }).groups;
    const overdue = Object.fromEntries(groups.map((g) => [g.key.normalize("NFC"), g.commitments.overdue]));
    // Named as the earliest commitment spells it. A role in brackets after the name is the same
    // person, in the report as in actions --owner.
    expect(overdue).toEqual({ "Zoé Martin": 3, "Zoe Martin": 1 });
    const gate = await trust(["actions", "--overdue", "--fail", "--owner", "Zoe\u0301 Martin"]);
    expect(gate.code).toBe(3);
    expect(gate.stderr).toMatch(/^trust: 3 commitments are overdue/);
  });
});
