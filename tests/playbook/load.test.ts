import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MAX_FILE_BYTES } from "../../src/fs/read-text-file.js";
import { formatProblem, loadPlaybookFile, parsePlaybook, type Problem } from "../../src/playbook/load.js";

const HEAD = "id: demo\ntitle: Demo\nversion: 1\ndescription: For tests.\n";

function problems(text: string): string[] {
  const r = parsePlaybook(text, "t.yaml");
  return r.ok ? [] : r.problems.map(formatProblem);
}

describe("parsePlaybook", () => {
  it("returns the playbook with defaults applied, and the source", () => {
    const text = HEAD + "steps:\n  - id: one\n    title: One\n    prompts:\n      - { id: r, type: rating, message: m }\n";
    const r = parsePlaybook(text, "t.yaml");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.source).toBe(text);
    expect(r.playbook.steps[0]!.prompts[0]).toMatchObject({ type: "rating", min: 1, max: 5 });
  });

  it("points a value problem at the value, deep inside lists", () => {
    const text = HEAD + "steps:\n  - id: one\n    title: One\n  - id: two\n    title: Two\n    prompts:\n      - id: p\n        type: rate\n        message: m\n";
    expect(problems(text)).toEqual(['t.yaml:12:15 steps[1].prompts[0].type: unknown prompt type "rate" (did you mean "rating"?)']);
  });

  it("points an unknown key at the key itself, in flow mappings too", () => {
    expect(problems(HEAD + "steps:\n  - { id: one, titel: One }\n")).toEqual([
      "t.yaml:6:5 steps[0].title: is required",
      't.yaml:6:16 steps[0].titel: unknown key "titel" (did you mean "title"?)',
    ]);
  });

  it("points a missing key at the mapping that lacks it", () => {
    expect(problems("id: demo\ntitle: Demo\nversion: 1\nsteps:\n  - id: one\n    title: One\n")).toEqual(["t.yaml:1:1 description: is required"]);
  });

  it("points an empty value at its key", () => {
    expect(problems(HEAD.replace("title: Demo", "title:") + "steps:\n  - { id: one, title: One }\n")).toEqual(["t.yaml:2:1 title: must be text, but it is empty"]);
  });

  it("stops at an alias on the way to a problem inside the aliased value", () => {
    const shared = HEAD + "steps:\n  - id: one\n    title: One\n    say: &lines [ok, 3]\n  - id: two\n    title: Two\n    say: *lines\n";
    expect(problems(shared)).toEqual(["t.yaml:8:22 steps[0].say[1]: must be text, not a number", "t.yaml:11:10 steps[1].say[1]: must be text, not a number"]);
  });

  it("names a number YAML reads as not finite (.inf, .nan, one too large to hold) for what it is", () => {
    const prompt = (min: string) => HEAD + `steps:\n  - id: one\n    title: One\n    prompts:\n      - { id: n, type: number, message: m, min: ${min} }\n`;
    expect(problems(prompt(".inf"))).toEqual(["t.yaml:9:49 steps[0].prompts[0].min: must be a number, not infinity (.inf, or a number too large to hold)"]);
    expect(problems(prompt("1e400"))).toEqual(["t.yaml:9:49 steps[0].prompts[0].min: must be a number, not infinity (.inf, or a number too large to hold)"]);
    expect(problems(prompt("-.inf"))).toEqual(["t.yaml:9:49 steps[0].prompts[0].min: must be a number, not minus infinity (-.inf, or a number too large to hold)"]);
    expect(problems(prompt(".nan"))).toEqual(["t.yaml:9:49 steps[0].prompts[0].min: must be a number, not .nan"]);
    expect(problems(prompt("2"))).toEqual([]);
  });

  it("reports every problem at once, in file order: shape and rules together", () => {
    const shape = HEAD.replace("version: 1", "version: one") + "steps:\n  - { id: one, title: One, budget: 3x }\n  - { id: one, title: Two }\n";
    expect(problems(shape)).toEqual([
      "t.yaml:3:10 version: must be a number, not text",
      "t.yaml:6:36 steps[0].budget: must look like 90s, 3m or 1m30s",
      't.yaml:7:11 steps[1].id: step id "one" is already used by steps[0]',
    ]);
    const rules = HEAD + "steps:\n  - id: one\n    title: One {{clinet}}\n  - { id: one, title: Two, budget: 0s }\n";
    expect(problems(rules)).toEqual([
      "t.yaml:7:16 steps[0].title: unknown variable {{clinet}} (did you mean {{client}}?)",
      't.yaml:8:11 steps[1].id: step id "one" is already used by steps[0]',
      "t.yaml:8:36 steps[1].budget: must be more than zero, e.g. 90s or 3m",
    ]);
  });

  it("points a variable problem at the variable itself, inside a block of guidance too", () => {
    const block = HEAD + "steps:\n  - id: one\n    title: One\n    guidance: |\n      Before the call with {{client}},\n      read what {{onwer}} wrote.\n      Then {{client\n";
    expect(problems(block)).toEqual([
      "t.yaml:10:17 steps[0].guidance: unknown variable {{onwer}} (did you mean {{owner}}?)",
      't.yaml:11:12 steps[0].guidance: has "{{" without a closing "}}"',
    ].sort());
    // Written through an escape ("\x7b" is "{"), the variable is nowhere in the file as it reads: the value's start.
    expect(problems(HEAD + 'steps:\n  - id: one\n    title: "One \\x7b{clinet}}"\n')).toEqual(["t.yaml:7:12 steps[0].title: unknown variable {{clinet}} (did you mean {{client}}?)"]);
    expect(problems(HEAD + 'steps:\n  - id: one\n    title: "\\tOne {{clinet}}"\n')).toEqual(["t.yaml:7:19 steps[0].title: unknown variable {{clinet}} (did you mean {{client}}?)"]);
  });

  it("does not let a missing description hide what the rules find (issue 13)", () => {
    const text = [
      "id: demo",
      "title: Demo",
      "version: 1",
      "steps:",
      "  - id: one",
      "    title: One",
      "    prompts:",
      "      - { id: mood, type: select, message: How?, choices: [good, bad], default: awful }",
      "      - { id: rate, type: rating, message: Rate, min: 5, max: 1, when: { prompt: later, equals: 1 } }",
      "  - id: one",
      "    title: Again",
      "    prompts:",
      "      - { id: later, type: number, message: Later? }",
      "      - { id: odd, type: ratng, message: x, min: 9, max: 1 }",
      "",
    ].join("\n");
    expect(problems(text)).toEqual([
      "t.yaml:1:1 description: is required",
      't.yaml:8:81 steps[0].prompts[0].default: "awful" is not one of the choices (good, bad)',
      "t.yaml:9:55 steps[0].prompts[1].min: must be less than max (1)",
      't.yaml:9:82 steps[0].prompts[1].when.prompt: refers to prompt "later", which comes later (steps[1].prompts[0]); a condition can only test an earlier answer',
      't.yaml:10:9 steps[1].id: step id "one" is already used by steps[0]',
      // Inside a prompt whose type is unknown, only the type is reported: its min and max mean nothing yet.
      't.yaml:14:26 steps[1].prompts[1].type: unknown prompt type "ratng" (did you mean "rating"?)',
    ]);
  });

  it("does not let a missing description hide unknown {{variables}} in the texts there are", () => {
    const text = ["id: demo", "title: T {{clinet}}", "version: 1", "steps:", "  - id: a", "    title: A {{nope}}", "    prompts:", "      - { id: p, type: text, message: M }", ""].join("\n");
    expect(problems(text)).toEqual([
      "t.yaml:1:1 description: is required",
      "t.yaml:2:10 title: unknown variable {{clinet}} (did you mean {{client}}?)",
      "t.yaml:6:14 steps[0].title: unknown variable {{nope}} (known ones: {{client}}, {{incident}}, {{owner}}, {{severity}}, {{attendees}})",
    ]);
  });

  it("translates zod's wording into plain English", () => {
    const text =
      "id: 7\ntitle: [a]\nversion: 1\ndescription: { a: 1 }\ntags: solo\nsteps:\n" +
      "  - id: one\n    title: One\n    prompts:\n" +
      "      - { id: c, type: select, message: m, choices: [3, { label: x }] }\n" +
      "      - { id: d, type: text, message: m, category: facts }\n" +
      "      - { id: e, type: text, message: m, when: { prompt: c, equals: { a: 1 } } }\n";
    expect(problems(text)).toEqual([
      "t.yaml:1:5 id: must be text, not a number",
      "t.yaml:2:8 title: must be text, not a list",
      "t.yaml:4:14 description: must be text, not a mapping",
      "t.yaml:5:7 tags: must be a list, not text",
      "t.yaml:10:54 steps[0].prompts[0].choices[0]: must be text or a mapping, not a number",
      "t.yaml:10:57 steps[0].prompts[0].choices[1].value: is required",
      't.yaml:11:52 steps[0].prompts[1].category: must be one of "fact", "feeling" (did you mean "fact"?)',
      "t.yaml:12:69 steps[0].prompts[2].when.equals: must be text, a number or true/false, not a mapping",
    ]);
  });

  it("points a bad label key at the key", () => {
    const text = HEAD + "steps:\n  - id: one\n    title: One\n    prompts:\n      - { id: r, type: rating, message: m, labels: { low: x } }\n";
    expect(problems(text)).toEqual(['t.yaml:9:54 steps[0].prompts[0].labels.low: the key "low" must be a whole number']);
  });

  it("lists the allowed keys when a key is not close to any", () => {
    expect(problems(HEAD + "steps:\n  - { id: one, title: One, zzzzzz: 1 }\n")).toEqual([
      't.yaml:6:28 steps[0].zzzzzz: unknown key "zzzzzz" (allowed here: id, title, guidance, say, avoid, budget, when, prompts)',
    ]);
  });
});

describe("parsePlaybook refuses bad files quickly", () => {
  it("refuses text over 1 MiB without parsing it", () => {
    const text = "# " + "x".repeat(MAX_FILE_BYTES) + "\n";
    expect(problems(text)).toEqual(["t.yaml:1:1 the file is 1.0 MiB (1,048,579 bytes), over the 1 MiB limit for a playbook"]);
  });

  it("refuses an alias bomb, pointing at the first alias", () => {
    let text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (const [name, prev] of [["b", "a"], ["c", "b"], ["d", "c"], ["e", "d"], ["f", "e"]]) text += `${name}: &${name} [${Array(10).fill(`*${prev}`).join(", ")}]\n`;
    expect(problems(text)).toEqual(['t.yaml:2:8 refusing to load: its aliases expand into too much data (over 100 copies), which looks like a "billion laughs" attack']);
  });

  it("refuses a file nested too deeply to parse, without a stack trace", () => {
    const [problem, ...rest] = problems("a: " + "[".repeat(5000) + "]".repeat(5000) + "\n");
    expect(rest).toEqual([]);
    expect(problem).toMatch(/^t\.yaml:1:\d+ the YAML is nested too deeply to read: a playbook needs only a few levels$/);
    // In block style, closed by a line indented less: depending on the stack Node has, the parser
    // records the error where the nesting gives out or recurses past the stack and throws (1:1).
    const [block, ...more] = problems(`description:\n ${"- ".repeat(2500)}x\ntitle: T\n`);
    expect(more).toEqual([]);
    expect(block).toMatch(/^t\.yaml:\d+:\d+ the YAML is nested too deeply to read: a playbook needs only a few levels$/);
  });

  it("allows a few aliases for shared values", () => {
    const text = HEAD + "steps:\n  - id: one\n    title: One\n    say: &lines [ok]\n  - id: two\n    title: Two\n    say: *lines\n";
    expect(problems(text)).toEqual([]);
  });

  it.each([
    ["", "t.yaml:1:1 the file is empty: a playbook needs at least id, title, version, description and steps"],
    ["# just a comment\n", "t.yaml:1:1 the file is empty: a playbook needs at least id, title, version, description and steps"],
    ["~\n", "t.yaml:1:1 the file is empty: a playbook needs at least id, title, version, description and steps"],
    ["\n\n- a\n", "t.yaml:3:1 a playbook must be a mapping of keys (id, title, steps, ...), but this file holds a list"],
    ["just words\n", "t.yaml:1:1 a playbook must be a mapping of keys (id, title, steps, ...), but this file holds a single line of text"],
    ["42\n", "t.yaml:1:1 a playbook must be a mapping of keys (id, title, steps, ...), but this file holds a single value (42)"],
    ["a: 1\n---\na: 2\n", "t.yaml:2:1 the file holds more than one YAML document (a second ---): a playbook is one document"],
    ["a: 1\na: 2\n", 't.yaml:2:1 the key "a" appears twice in this mapping'],
    ["a: [1\n", "t.yaml:2:1 invalid YAML: flow sequence in block collection must be sufficiently indented and end with a ]"],
  ])("%j", (text, message) => {
    expect(problems(text)).toEqual([message]);
  });
});

describe("loadPlaybookFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "trust-load-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function fileProblems(file: string): Promise<Problem[]> {
    const r = await loadPlaybookFile(file);
    return r.ok ? [] : r.problems;
  }

  it("loads a valid file", async () => {
    const file = join(dir, "ok.yaml");
    writeFileSync(file, HEAD + "steps:\n  - { id: one, title: One }\n");
    const r = await loadPlaybookFile(file);
    expect(r.ok && r.playbook.id).toBe("demo");
  });

  it("says plainly when the file is missing or a folder", async () => {
    expect(await fileProblems(join(dir, "nope.yaml"))).toEqual([{ file: join(dir, "nope.yaml"), line: 1, col: 1, path: "", message: "no such file" }]);
    mkdirSync(join(dir, "folder.yaml"));
    expect((await fileProblems(join(dir, "folder.yaml")))[0]?.message).toBe("is a folder, not a playbook file");
  });

  it.skipIf(process.getuid?.() === 0)("says plainly when the file cannot be read", async () => {
    const file = join(dir, "locked.yaml");
    writeFileSync(file, HEAD);
    chmodSync(file, 0o000);
    expect((await fileProblems(file))[0]?.message).toBe("cannot be read: permission denied");
  });

  it("refuses a file over 1 MiB from its size, before reading it", async () => {
    const file = join(dir, "huge.yaml");
    writeFileSync(file, "# " + "x".repeat(2 * MAX_FILE_BYTES));
    expect(await fileProblems(file)).toEqual([{ file, line: 1, col: 1, path: "", message: "the file is 2.0 MiB (2,097,154 bytes), over the 1 MiB limit for a playbook" }]);
  });

  it("refuses bytes that are not UTF-8, saying where the first bad one is", async () => {
    const file = join(dir, "latin1.yaml");
    writeFileSync(file, Buffer.concat([Buffer.from("id: demo\ntitle: Caf"), Buffer.from([0xe9]), Buffer.from("\n")]));
    expect(await fileProblems(file)).toEqual([{ file, line: 2, col: 11, path: "", message: "is not UTF-8 text: save the file as UTF-8" }]);
  });

  it("accepts a UTF-8 byte order mark", async () => {
    const file = join(dir, "bom.yaml");
    writeFileSync(file, "\uFEFF" + HEAD + "steps:\n  - { id: one, title: Ünïcödé }\n");
    expect(await fileProblems(file)).toEqual([]);
  });
});
