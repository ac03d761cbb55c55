import { describe, expect, it } from "vitest";
import { fillPlaybook, templateValues } from "../../src/playbook/template.js";
import { renderSummary, summaryJson } from "../../src/session/summary.js";
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
    expect(JSON.stringify(summaryJson(playbook, session, state, actions))).not.toContain("{{");
  });

  it("shows step titles and questions filled in", () => {
    const [, playbook] = builtinPlaybooks().find(([name]) => name === "restore-trust.yaml")!;
    const { session, state, actions } = autoSession(playbook, "low");
    const text = renderSummary(playbook, session, state, actions, plain);
    const filled = fillPlaybook(playbook, templateValues(session));
    expect(text).toContain(`  ${filled.steps[0]!.title}\n`);
    expect(text).toContain(`How much does ${session.client} trust us right now? `);
  });
});
