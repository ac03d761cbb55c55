import { describe, expect, it } from "vitest";
import { buildExport, type ExportOptions } from "../../src/report/export-model.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { autoSession, builtinPlaybooks, type Variant } from "../helpers/auto-session.js";

/**
 * Every `{{variable}}` in a builtin playbook is filled in every export of a session run on it:
 * the team summary and the client letter, as markdown and as JSON, redacted or not.
 */

const OPTIONS: Array<[string, ExportOptions]> = [
  ["team", { audience: "team", redact: false }],
  ["team, redacted", { audience: "team", redact: true }],
  ["client", { audience: "client", redact: false }],
  ["client, redacted", { audience: "client", redact: true }],
];
const VARIANTS: Variant[] = ["low", "high"];

const cases = builtinPlaybooks().flatMap(([name, playbook]) =>
  VARIANTS.flatMap((variant) => OPTIONS.map(([label, options]) => [name, variant, label, playbook, options] as const)),
);

describe("exports of a session on every builtin playbook", () => {
  it.each(cases)("%s (%s answers), %s: no {{ in markdown or JSON", (_name, variant, _label, playbook, options) => {
    const run = autoSession(playbook, variant);
    const doc = buildExport({ playbook, session: run.session, state: run.state, actions: run.actions }, options);
    expect(doc.steps.length, "the session reached some steps").toBeGreaterThan(0);
    const json = JSON.stringify(doc, null, 2);
    const markdown = renderMarkdown(doc);
    expect(json).not.toContain("{{");
    expect(markdown).not.toContain("{{");
    expect(json).toContain(run.session.client);
  });
});

describe("exports fill variables with the session's values", () => {
  it("fills titles, questions and choice labels, and keeps a value that looks like a variable as it is", () => {
    const [, playbook] = builtinPlaybooks().find(([name]) => name === "restore-trust.yaml")!;
    const run = autoSession(playbook, "low", { client: "{{owner}} Ltd", owner: "Dana" });
    const doc = buildExport({ playbook, session: run.session, state: run.state, actions: run.actions }, { audience: "team", redact: false });
    const messages = doc.steps.flatMap((s) => s.prompts.map((p) => p.message));
    expect(messages).toContain("How much does {{owner}} Ltd trust us right now?");
    expect(messages.join("\n")).not.toMatch(/\{\{(client|incident|severity|attendees)\}\}/);
  });

  it("fills the incident as redacted in a redacted export", () => {
    const [, playbook] = builtinPlaybooks().find(([name]) => name === "restore-trust.yaml")!;
    const run = autoSession(playbook, "low", { incident: "Mail to ops@acme.example bounced" });
    const doc = buildExport({ playbook, session: run.session, state: run.state, actions: run.actions }, { audience: "team", redact: true });
    const text = JSON.stringify(doc);
    expect(text).not.toContain("ops@acme.example");
    expect(doc.steps.flatMap((s) => s.prompts.map((p) => p.message))).toContain("Have you read the full timeline of Mail to [email] bounced?");
  });
});
