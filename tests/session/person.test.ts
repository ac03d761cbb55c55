import { describe, expect, it } from "vitest";
import { formatPerson, parsePeople, parsePerson } from "../../src/session/person.js";

describe("parsePerson", () => {
  it.each([
    ["Sam Lee <sam@ours.example>", { name: "Sam Lee", email: "sam@ours.example" }],
    ['"Raman, Priya" <priya@client.example>', { name: "Raman, Priya", email: "priya@client.example" }],
    ["Raman, Priya <priya@client.example>", { name: "Raman, Priya", email: "priya@client.example" }],
    ['"Quoted" Name <q@client.example>', { name: "Quoted Name", email: "q@client.example" }],
    // A backslash quotes the next character inside the quotes, as mail clients write it.
    ['"O\\"Neil, Pat" <pat@client.example>', { name: 'O"Neil, Pat', email: "pat@client.example" }],
    ['"Back\\\\slash" <b@client.example>', { name: "Back\\slash", email: "b@client.example" }],
    ["  Priya   Raman ", { name: "Priya Raman" }],
    ["priya@client.example", { name: "priya@client.example", email: "priya@client.example" }],
    ["<priya@client.example>", { name: "priya@client.example", email: "priya@client.example" }],
    ["Sam <not an address>", { error: '"not an address" is not an email address' }],
    ["sam@", { error: '"sam@" is not an email address' }],
    ["", { error: "a person needs a name" }],
  ])("%j", (text, expected) => {
    expect(parsePerson(text)).toEqual(expected);
  });
});

describe("parsePeople", () => {
  it("splits on commas outside quotes and angle brackets", () => {
    expect(parsePeople('Sam Lee <sam@ours.example>, "Raman, Priya" <priya@c.example>,, Jo')).toEqual([
      { name: "Sam Lee", email: "sam@ours.example" },
      { name: "Raman, Priya", email: "priya@c.example" },
      { name: "Jo" },
    ]);
    expect(parsePeople("Sam, bad@")).toEqual({ error: '"bad@" is not an email address' });
    expect(parsePeople('"O\\"Neil, Pat" <pat@c.example>, Jo')).toEqual([{ name: 'O"Neil, Pat', email: "pat@c.example" }, { name: "Jo" }]);
  });

  it("formats back", () => {
    expect(formatPerson({ name: "Sam Lee", email: "sam@ours.example" })).toBe("Sam Lee <sam@ours.example>");
    expect(formatPerson({ name: "Jo" })).toBe("Jo");
  });
});

describe("an email address holds no control or invisible character", () => {
  it.each(["sam\x1b[2J@ours.example", "sam@ours\u200b.example", "sam@ours.exa\u202emple", "sam\x00@ours.example"])("%j is refused", (email) => {
    expect(parsePerson(`Sam <${email}>`)).toMatchObject({ error: expect.stringContaining("is not an email address") });
    expect(parsePerson(email)).toHaveProperty("error");
  });
});
