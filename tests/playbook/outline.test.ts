import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { parsePlaybook } from "../../src/playbook/load.js";
import { renderOutline } from "../../src/playbook/outline.js";
import { ROOT, VALID_DIR } from "./corpus.js";

const plain = new Chalk({ level: 0 });

describe("renderOutline", () => {
  const parsed = parsePlaybook(readFileSync(join(ROOT, VALID_DIR, "every-prompt-type.yaml"), "utf8"), "x.yaml");
  if (!parsed.ok) throw new Error("fixture invalid");
  const text = renderOutline(parsed.playbook, plain);

  it("shows the header, each step with its budget and condition, and each prompt with its flags", () => {
    const lines = text.split("\n");
    expect(lines[0]).toBe("Every prompt type for {{client}} (every-prompt-type, version 3; 3 steps, 21 prompts)");
    expect(lines).toContain("1/3. Prepare for {{client}} (prepare) · 1m30s");
    expect(lines).toContain("   only when severity is high or critical");
    expect(lines).toContain("   ? Ready? [ready: confirm, required]");
    expect(lines).toContain("   ? Who joins? [contact: text, sensitive]");
    expect(lines).toContain("       scale 0..10 (0 none, 10 full) · metric trust_before");
    expect(lines).toContain("       only when impact is serious or severe");
    expect(lines).toContain("   ? What will we do? [actions: actions, internal]");
    expect(lines).toContain("   ? What happened? [story: longtext, fact, letter: heard]");
  });

  it("has no escape codes when colour is off", () => {
    expect(text).not.toMatch(/\x1b\[/);
  });
});
