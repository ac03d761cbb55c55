import { displayWidth } from "../../src/format/text.js";
import { describe, expect, it } from "vitest";
import { fillPlaybook, templateValues } from "../../src/playbook/template.js";
import { summaryJson } from "../../src/json/summary.js";
import { renderSummary } from "../../src/session/summary.js";
import { autoSession, builtinPlaybooks, type Variant } from "../helpers/auto-session.js";

const same = (s: string) => s;
const plain: Parameters<typeof renderSummary>[4] = { bold: same, dim: same, cyan: same, yellow: same, green: same, red: same, inverse: same };
const VARIANTS: Variant[] = ["low", "high"];
const cases = builtinPlaybooks().flatMap(([name, playbook]) => VARIANTS.map((variant) => [name, variant, playbook] as const));

describe("the end-of-call summary of a session on every builtin playbook", () => {
  it.each(cases)("%s (%s answers): no {{ in the text or the JSON", (_name, variant, playbook) => {
    const { session, state, actions } = autoSession(playbook, variant);
    const text = renderSummary(playbook, session, state, actions, plain);
    expect(text).toContain("What was said");
    expect(text).not.toContain("{{");
    const listed = actions.map((a) => ({ ...a, client: session.client, incident: session.incident }));
    expect(JSON.stringify(summaryJson(playbook, session, state, listed, "2026-11-09"))).not.toContain("{{");
  });

  it("shows step titles and questions filled in", () => {
    const [, playbook] = builtinPlaybooks().find(([name]) => name === "restore-trust.yaml")!;
    const { session, state, actions } = autoSession(playbook, "low");
    const text = renderSummary(playbook, session, state, actions, plain);
    const filled = fillPlaybook(playbook, templateValues(session));
    expect(text).toContain(`1. ${filled.steps[0]!.title}\n`);
    expect(text).toContain(`How much does ${session.client} trust us right now?\n`);
    expect(text).toContain(`\nThe client's letter: trust letter ${session.id.slice(0, 8)} --edit`);
  });

  it("wraps every answer to the terminal's width instead of cutting it, line breaks kept", () => {
    const [, playbook] = builtinPlaybooks().find(([name]) => name === "restore-trust.yaml")!;
    const { session, state, actions } = autoSession(playbook, "low");
    const long = "word ".repeat(60).trim();
    state.answers.set("known_and_open", { kind: "answered", value: `${long}\nsecond line`, at: 0, seq: 1e9 });
    for (const width of [60, 80]) {
      const text = renderSummary(playbook, session, state, actions, plain, width);
      for (const line of text.split("\n")) expect(displayWidth(line), line).toBeLessThanOrEqual(width);
      expect(text.replace(/\s+/g, " ")).toContain(long);
      expect(text).toMatch(/\n {6}second line\n/);
    }
  });
});
