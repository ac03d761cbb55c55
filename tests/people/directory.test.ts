import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Directory } from "../../src/people/directory.js";
import { loadDirectory } from "../../src/people/load-people.js";

const people = new Directory([
  { name: "Sam Whitfield", email: "sam@ours.example", aliases: ["Sam", "S. Whitfield"] },
  { name: "Lee Park", aliases: [] },
]);

describe("Directory.checkOwner", () => {
  it.each([
    ["Sam Whitfield", { ok: true, name: "Sam Whitfield", email: "sam@ours.example" }],
    ["  sam   WHITFIELD ", { ok: true, name: "Sam Whitfield", email: "sam@ours.example" }],
    ["Sam Whitfield (Head of Reliability)", { ok: true, name: "Sam Whitfield", email: "sam@ours.example" }],
    ["sam", { ok: true, name: "Sam Whitfield", email: "sam@ours.example" }],
    ["lee park", { ok: true, name: "Lee Park" }],
    ["Engineering team", { ok: false, name: "Engineering team", warning: '"Engineering team" sounds like a group: name the one person who answers for it' }],
    ["Sam Whitfeld", { ok: false, name: "Sam Whitfeld", warning: '"Sam Whitfeld" is not in the people file (did you mean Sam Whitfield?)' }],
    ["Jo", { ok: false, name: "Jo", warning: '"Jo" is not in the people file' }],
  ])("%j", (typed, expected) => {
    expect(people.checkOwner(typed)).toEqual(expected);
  });

  it("without a people file takes any person's name, and still flags a group", () => {
    const none = new Directory();
    expect(none.checkOwner("Jo")).toEqual({ ok: true, name: "Jo" });
    expect(none.checkOwner("the support team").ok).toBe(false);
  });
});

describe("Directory.ownerMatches", () => {
  it("matches by any name of the person, case and a role in brackets aside", () => {
    expect(people.ownerMatches("sam", "Sam Whitfield")).toBe(true);
    expect(people.ownerMatches("Sam Whitfield", "Sam Whitfield (Head of Reliability)")).toBe(true);
    expect(new Directory().ownerMatches("sam whitfield", "Sam Whitfield (Head of Reliability)")).toBe(true);
    expect(people.ownerMatches("Lee", "Lee Park")).toBe(false);
  });
});

describe("Directory.namesFor", () => {
  it("gives all of a known person's names, else the name given without a role in brackets", () => {
    expect(people.namesFor("SAM")).toEqual(["Sam Whitfield", "Sam", "S. Whitfield"]);
    expect(people.namesFor("Sam Whitfield (Head of Reliability)")).toEqual(["Sam Whitfield", "Sam", "S. Whitfield"]);
    expect(people.namesFor("  Jo   Park (CTO) ")).toEqual(["Jo Park"]);
  });
});

describe("loadDirectory", () => {
  const dir = mkdtempSync(join(tmpdir(), "trust-people-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the default file when there is one, nobody when there is none", async () => {
    expect((await loadDirectory({}, { XDG_CONFIG_HOME: join(dir, "none") })).people).toEqual([]);
    const config = join(dir, "cfg");
    (await import("node:fs")).mkdirSync(join(config, "trust"), { recursive: true });
    writeFileSync(join(config, "trust", "people.yaml"), "people:\n  - name: Sam Whitfield\n    email: sam@ours.example\n");
    expect((await loadDirectory({}, { XDG_CONFIG_HOME: config })).people).toEqual([{ name: "Sam Whitfield", email: "sam@ours.example", aliases: [] }]);
  });

  it("refuses a file with problems, each at its line:col", async () => {
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "people:\n  - name: Sam\n    emial: sam@x.example\n  - name: Lee\n    aliases: [sam]\n");
    await expect(loadDirectory({ people: file })).rejects.toMatchObject({
      message: `people file ${file} has 1 problem`,
      details: [expect.stringMatching(/bad\.yaml:3:5 people\[0\]\.emial: unknown key "emial" \(did you mean "email"\?\)/)],
    });
    writeFileSync(file, "people:\n  - name: Sam\n  - name: Lee\n    aliases: [sam]\n");
    await expect(loadDirectory({ people: file })).rejects.toMatchObject({ details: [expect.stringMatching(/bad\.yaml:4:15 people\[1\]\.aliases\[0\]: "sam" is already a name of Sam/)] });
    await expect(loadDirectory({ people: join(dir, "missing.yaml") })).rejects.toMatchObject({ details: [expect.stringMatching(/missing\.yaml:1:1 no such file/)] });
  });
});
