import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { parsePlaybook } from "../../src/playbook/load.js";
import { describeWhen, renderOutline } from "../../src/playbook/outline.js";
import { ROOT, VALID_DIR } from "./corpus.js";

const plain = new Chalk({ level: 0 });

describe("describeWhen", () => {
  it.each([
    [{ prompt: "ok" }, "ok was answered"],
    [{ prompt: "ok", equals: true }, "ok is true"],
    [{ session: "severity" as const, in: ["high", "critical"] }, "session severity is one of high, critical"],
    [{ prompt: "impact", not_in: ["minor"] }, "impact is not one of minor"],
    [{ prompt: "checked", includes: "logs" }, "checked includes logs"],
    [{ prompt: "trust", min: 4 }, "trust is 4 or more"],
    [{ prompt: "trust", max: 2 }, "trust is 2 or less"],
  ])("%j → %s", (when, text) => {
    expect(describeWhen(when)).toBe(text);
  });
});

describe("renderOutline", () => {
  const parsed = parsePlaybook(readFileSync(join(ROOT, VALID_DIR, "every-prompt-type.yaml"), "utf8"), "x.yaml");
  if (!parsed.ok) throw new Error("fixture invalid");
  const text = renderOutline(parsed.playbook, plain);

  it("shows the header, each step with its budget and condition, and each prompt with its flags", () => {
    const lines = text.split("\n");
    expect(lines[0]).toBe("Every prompt type for {{client}} (every-prompt-type, version 3; 3 steps, 21 prompts)");
    expect(lines).toContain("1/3. Prepare for {{client}} (prepare) · 1m30s");
    expect(lines).toContain("   only when session severity is one of high, critical");
    expect(lines).toContain("   ? Ready? [ready: confirm, required]");
    expect(lines).toContain("   ? Who joins? [contact: text, sensitive]");
    expect(lines).toContain("       scale 0..10 (0 none, 10 full) · metric trust_before");
    expect(lines).toContain("       only when impact is one of serious, severe");
    expect(lines).toContain("   ? What will we do? [actions: actions, internal]");
    expect(lines).toContain("   ? What happened? [story: longtext, fact, letter: heard]");
  });

  it("has no escape codes when colour is off", () => {
    expect(text).not.toMatch(/\x1b\[/);
  });
});
