import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadPlaybookFile } from "../../src/playbook/load.js";
import { templateVariables } from "../../src/playbook/rules.js";
import type { Playbook } from "../../src/playbook/schema.js";
import {
  attendeeList,
  displayTexts,
  fillPlaybook,
  fillTemplate,
  mapDisplayTexts,
  NO_ATTENDEES,
  TEMPLATE_VARIABLES,
  templateProblems,
  templateValues,
  variableNames,
} from "../../src/playbook/template.js";
import { ROOT, VALID_DIR } from "./corpus.js";
import { playbookWith } from "./helpers.js";

const values = { client: "Acme", incident: "API outage", owner: "Dana", severity: "high", attendees: "Priya and Sam" };

describe("TEMPLATE_VARIABLES", () => {
  it("are the session fields a text may use", () => {
    expect(TEMPLATE_VARIABLES).toEqual(["client", "incident", "owner", "severity", "attendees"]);
  });
});

describe("fillTemplate", () => {
  it.each([
    ["How much does {{client}} trust us?", "How much does Acme trust us?"],
    ["{{ owner }} owns {{incident}} ({{severity}})", "Dana owns API outage (high)"],
    ["{{\towner\n}}", "Dana"],
    ["Thank {{attendees}} for coming", "Thank Priya and Sam for coming"],
    ["{{client}} and {{client}}", "Acme and Acme"],
    ["{{client}}{{owner}}", "AcmeDana"],
    ["{{unknown}} stays", "{{unknown}} stays"],
    ["{{ unknown }} stays as written", "{{ unknown }} stays as written"],
    ["{{Client}} is not {{client}}", "{{Client}} is not Acme"],
    ["{{constructor}} and {{toString}} stay", "{{constructor}} and {{toString}} stay"],
    ["{{}} stays", "{{}} stays"],
    ["no variables", "no variables"],
    ["{client} is not a variable", "{client} is not a variable"],
    ["{{{client}}}", "{Acme}"],
    ["{{client left open", "{{client left open"],
    ["", ""],
  ])("%j -> %j", (text, expected) => expect(fillTemplate(text, values)).toBe(expected));

  it.each([
    ["{{client}}", { ...values, client: "{{owner}}" }, "{{owner}}"],
    ["{{client}} / {{owner}}", { ...values, client: "{{owner}}", owner: "{{client}}" }, "{{owner}} / {{client}}"],
    ["{{client}}", { ...values, client: "$& $1 $$" }, "$& $1 $$"],
  ])("never fills a value again: %j with client %j", (text, given, expected) => expect(fillTemplate(text, given)).toBe(expected));

  it("keeps a known variable with no value given as written", () => {
    expect(fillTemplate("{{owner}} for {{client}}", { owner: "Dana" })).toBe("Dana for {{client}}");
    expect(fillTemplate("{{ owner }}", { owner: undefined })).toBe("{{ owner }}");
  });
});

describe("variableNames", () => {
  it.each([
    ["none here", []],
    ["{{client}} and {{ owner }} and {{ due date }}", ["client", "owner", "due date"]],
    ["{{}} {{client", [""]],
  ])("%j -> %j", (text, expected) => expect(variableNames(text)).toEqual(expected));
});

describe("templateProblems", () => {
  it.each([
    ["Hi {{client}}, about {{incident}} ({{severity}}); {{owner}} calls.", []],
    ["Thank {{attendees}}, {{ client }} and {{\nowner\n}}.", []],
    ["no variables at all", []],
    ["Hi {{clinet}}", ["unknown variable {{clinet}} (did you mean {{client}}?)"]],
    ["Hi {{ clinet }}", ["unknown variable {{ clinet }} (did you mean {{client}}?)"]],
    ["{{Client}}", ["unknown variable {{Client}} (did you mean {{client}}?)"]],
    ["{{attendee}}", ["unknown variable {{attendee}} (did you mean {{attendees}}?)"]],
    ["{{date}}", ["unknown variable {{date}} (known ones: {{client}}, {{incident}}, {{owner}}, {{severity}}, {{attendees}})"]],
    ["{{}}", ["unknown variable {{}} (known ones: {{client}}, {{incident}}, {{owner}}, {{severity}}, {{attendees}})"]],
    ["Hi {{client", ['has "{{" without a closing "}}"']],
    [
      "{{clinet}} and {{onwer}}, then {{",
      ["unknown variable {{clinet}} (did you mean {{client}}?)", "unknown variable {{onwer}} (did you mean {{owner}}?)", 'has "{{" without a closing "}}"'],
    ],
  ])("%j -> %j", (text, expected) => expect(templateProblems(text)).toEqual(expected));
});

describe("templateValues", () => {
  const session = { client: "Acme", incident: "API outage", owner: "Dana", severity: "high", attendees: [{ name: "Sam Lee" }, { name: "Jo Park" }], contacts: [{ name: "Priya Raman" }] };

  it("takes every variable from the session, attendees as an English list", () => {
    expect(templateValues(session)).toEqual({
      client: "Acme",
      incident: "API outage",
      owner: "Dana",
      severity: "high",
      attendees: "Priya Raman, Sam Lee and Jo Park",
    });
  });

  it.each([
    [[], NO_ATTENDEES],
    [["Priya Raman"], "Priya Raman"],
    [["Priya Raman", "Sam Lee"], "Priya Raman and Sam Lee"],
    [["Priya Raman", "Sam Lee", "Jo Park"], "Priya Raman, Sam Lee and Jo Park"],
  ])("attendees %j -> %j", (attendees, expected) => expect(attendeeList(attendees)).toBe(expected));

  it("joins names as en-GB's list format does, without loading it", () => {
    const names = ["Priya Raman", "Sam Lee", "Jo Park", "Zoë d'Arc", "李雷", "A, B", "Ann and Bo"];
    const en = new Intl.ListFormat("en-GB", { type: "conjunction" });
    for (let n = 1; n <= names.length; n++) expect(attendeeList(names.slice(0, n))).toBe(en.format(names.slice(0, n)));
  });

  it('says "everyone on the call" when nobody is listed', () => {
    expect(fillTemplate("Thank {{attendees}}.", templateValues({ ...session, attendees: [], contacts: [] }))).toBe("Thank everyone on the call.");
  });
});

/** A playbook with a variable in every display text, and in every place that must never be filled. */
function everyField(): Playbook {
  const pb = playbookWith([
    {
      id: "s1",
      title: "T {{client}}",
      guidance: "G {{client}}",
      say: ["S {{owner}}"],
      avoid: ["A {{incident}}"],
      prompts: [
        { id: "m", type: "text", message: "M {{client}}", help: "H {{owner}}", default: "{{client}} stays" },
        { id: "sel", type: "select", message: "m", choices: ["{{plain}}", { value: "{{v}}", label: "L {{client}}", help: "CH {{severity}}" }], default: "{{plain}}" },
        { id: "chk", type: "checklist", message: "m", choices: [{ value: "v", label: "L {{attendees}}" }, "w"], default: ["w"] },
        { id: "r", type: "rating", message: "m", labels: { 1: "R {{client}}", 5: "fine" } },
        { id: "n", type: "number", message: "m", unit: "U {{client}}" },
        { id: "l", type: "list", message: "m", item: "I {{client}}" },
        { id: "ac", type: "actions", message: "m", owner: "{{owner}}'s team" },
      ],
    },
    { id: "s2", title: "Only {{client}}", when: { prompt: "sel", equals: "{{v}}" } },
  ]);
  return { ...pb, id: "every-field", title: "Call with {{client}}", description: "For {{incident}}.", tags: ["t"] };
}

describe("displayTexts and fillPlaybook", () => {
  it("list every text a person reads, with its path, in playbook order", () => {
    expect(displayTexts(everyField()).map((t) => t.path.join("."))).toEqual([
      "title",
      "description",
      "steps.0.title",
      "steps.0.guidance",
      "steps.0.say.0",
      "steps.0.avoid.0",
      "steps.0.prompts.0.message",
      "steps.0.prompts.0.help",
      "steps.0.prompts.1.message",
      "steps.0.prompts.1.choices.1.label",
      "steps.0.prompts.1.choices.1.help",
      "steps.0.prompts.2.message",
      "steps.0.prompts.2.choices.0.label",
      "steps.0.prompts.3.message",
      "steps.0.prompts.3.labels.1",
      "steps.0.prompts.3.labels.5",
      "steps.0.prompts.4.message",
      "steps.0.prompts.4.unit",
      "steps.0.prompts.5.message",
      "steps.0.prompts.5.item",
      "steps.0.prompts.6.message",
      "steps.0.prompts.6.owner",
      "steps.1.title",
    ]);
  });

  it("fill exactly the display texts: ids, values, defaults and conditions stay as written", () => {
    const pb = everyField();
    const before = structuredClone(pb);
    const filled = fillPlaybook(pb, values);
    expect(pb, "the original is not changed").toEqual(before);
    expect([filled.id, filled.title, filled.description, filled.tags]).toEqual(["every-field", "Call with Acme", "For API outage.", ["t"]]);
    const [s1, s2] = filled.steps;
    expect([s1!.title, s1!.guidance, s1!.say, s1!.avoid]).toEqual(["T Acme", "G Acme", ["S Dana"], ["A API outage"]]);
    expect(s1!.prompts).toEqual([
      { id: "m", type: "text", message: "M Acme", help: "H Dana", default: "{{client}} stays" },
      { id: "sel", type: "select", message: "m", choices: ["{{plain}}", { value: "{{v}}", label: "L Acme", help: "CH high" }], default: "{{plain}}" },
      { id: "chk", type: "checklist", message: "m", choices: [{ value: "v", label: "L Priya and Sam" }, "w"], default: ["w"] },
      { id: "r", type: "rating", message: "m", min: 1, max: 5, labels: { 1: "R Acme", 5: "fine" } },
      { id: "n", type: "number", message: "m", unit: "U Acme" },
      { id: "l", type: "list", message: "m", item: "I Acme" },
      { id: "ac", type: "actions", message: "m", owner: "Dana's team" },
    ]);
    expect(s2).toEqual({ id: "s2", title: "Only Acme", when: { prompt: "sel", equals: "{{v}}" }, prompts: [] });
  });

  it("the templateVariables rule checks the very texts fillPlaybook fills", () => {
    const pb = mapDisplayTexts(fillPlaybook(everyField(), values), (text) => `${text} {{nope}}`);
    const flagged = templateVariables(pb).filter((p) => p.message.startsWith("unknown variable {{nope}}"));
    expect(flagged.map((p) => p.path)).toEqual(displayTexts(pb).map((t) => t.path));
    expect(flagged).toHaveLength(23);
  });
});

/** Every string anywhere in a value, with its path, for checks that do not trust displayTexts. */
function strings(value: unknown, path = ""): Array<[string, string]> {
  if (typeof value === "string") return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  return [];
}

const PLAYBOOK_FILES = [
  ...readdirSync(join(ROOT, "playbooks"))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => `playbooks/${f}`),
  ...readdirSync(join(ROOT, VALID_DIR))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => `${VALID_DIR}/${f}`),
  "tests/report/fixtures/restore-trust.yaml",
].sort();

describe("every builtin and valid fixture playbook, filled", () => {
  it.each(PLAYBOOK_FILES)("%s has no {{ left in any display text", async (file) => {
    const loaded = await loadPlaybookFile(join(ROOT, file));
    if (!loaded.ok) throw new Error(`${file} does not validate`);
    const filled = fillPlaybook(loaded.playbook, values);
    expect(displayTexts(filled).filter((t) => t.text.includes("{{"))).toEqual([]);
    // And nowhere else either: these playbooks keep variables out of ids and values.
    expect(strings(filled).filter(([, s]) => s.includes("{{")).map(([p]) => p)).toEqual([]);
  });
});
