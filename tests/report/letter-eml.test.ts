process.env.TZ = "UTC";

import { simpleParser, type AddressObject } from "mailparser";
import { describe, expect, it } from "vitest";
import { buildExport } from "../../src/report/export-model.js";
import { buildLetter } from "../../src/report/letter.js";
import { buildLetterEml, recipients } from "../../src/report/letter-eml.js";
import { fixtureInput, inputWith, T0 } from "./fixtures/session.js";

/** The .eml as a mail client reads it, parsed with mailparser. */

const INJECT = "\r\nBcc: evil@x";

async function emlOf(input = fixtureInput(), from = { name: "Dana Whitfield", email: "dana@ours.example" }) {
  const letter = buildLetter(buildExport(input, { audience: "client", redact: false }), { signer: from });
  const raw = await buildLetterEml({ ...letter, to: letter.to, from: letter.from, date: T0 });
  return { raw, mail: await simpleParser(raw), letter };
}

const addresses = (a: AddressObject | AddressObject[] | undefined) => (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value);

describe("the letter as an email", () => {
  it("is addressed to the contacts, from the owner, with the incident in the subject and both parts", async () => {
    const input = inputWith({
      session: { contacts: [{ name: "Priya Raman", email: "priya@acme.example" }, { name: "Sam Ortiz", email: "sam.ortiz@northwind.example" }] },
    });
    const { mail, raw } = await emlOf(input);
    expect(addresses(mail.to).map((a) => [a.name, a.address])).toEqual([
      ["Priya Raman", "priya@acme.example"],
      ["Sam Ortiz", "sam.ortiz@northwind.example"],
    ]);
    expect(addresses(mail.from).map((a) => [a.name, a.address])).toEqual([["Dana Whitfield", "dana@ours.example"]]);
    expect(mail.subject).toBe("Checkout outage on 11 Nov: following up on our call");
    expect(mail.headers.get("x-unsent")).toBe("1");
    expect(mail.date?.getTime()).toBe(T0);
    expect(mail.text).toMatch(/^Dear Priya and Sam,\n\nI'm sorry\./);
    expect(mail.text).toContain("You will hear from me by Monday 16 November 2026");
    // The subject is the title: the body does not repeat it.
    expect(mail.text).not.toContain("following up on our call");
    expect(mail.html).toContain("<p>Dear Priya and Sam,</p>");
    expect(mail.html).not.toContain("<h1>");
    expect(raw).toMatch(/Content-Type: multipart\/alternative/);
  });

  it("leaves out of To: the contacts without an address, and has no From without the owner's", async () => {
    const input = inputWith({ session: { contacts: [{ name: "Priya Raman", email: "priya@acme.example" }, { name: "Sam Ortiz" }] } });
    const { mail } = await emlOf(input, { name: "Dana Whitfield" } as never);
    expect(addresses(mail.to).map((a) => a.address)).toEqual(["priya@acme.example"]);
    expect(mail.from).toBeUndefined();
    expect(mail.text).toMatch(/^Dear Priya and Sam,/);
    expect(recipients([{ name: "A", email: "a@x.example" }, { name: "B" }])).toEqual({ to: [{ name: "A", email: "a@x.example" }], missing: [{ name: "B" }] });
  });

  it("adds no header from a client, contact, owner or incident holding a line break", async () => {
    const input = inputWith({
      session: {
        client: `Acme${INJECT}`,
        incident: `Outage${INJECT}`,
        contacts: [{ name: `Priya${INJECT}`, email: "priya@acme.example" }],
      },
    });
    const { mail, raw } = await emlOf(input, { name: `Dana${INJECT}`, email: "dana@ours.example" });
    const head = raw.slice(0, raw.search(/\r?\n\r?\n/));
    expect(head).not.toMatch(/^bcc:/im);
    expect(mail.bcc).toBeUndefined();
    expect(mail.cc).toBeUndefined();
    expect([...mail.headers.keys()].sort()).toEqual(["content-type", "date", "from", "message-id", "mime-version", "subject", "to", "x-unsent"]);
    expect(addresses(mail.to).map((a) => a.address)).toEqual(["priya@acme.example"]);
    expect(addresses(mail.to)[0]!.name).toBe("Priya Bcc: evil@x");
    expect(mail.subject).toBe("Outage Bcc: evil@x: following up on our call");
    expect(addresses(mail.from)[0]!.name).toBe("Dana Bcc: evil@x");
  });

  it("ends every line with CRLF and keeps each under 998 octets, whatever line breaks the answers hold", async () => {
    const long = "x".repeat(2_500);
    const name = `Priya ${"ž".repeat(300)}${"y".repeat(300)}`;
    const input = inputWith({ session: { incident: `Outage ${long}`, contacts: [{ name, email: "priya@acme.example" }, { name: "Sam Ortiz", email: "sam@acme.example" }] } });
    const { raw, mail } = await emlOf(input, { name: `Dana ${long}`, email: "dana@ours.example" });
    // A bare LF or CR anywhere, headers and both parts alike.
    expect(raw.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    const octets = raw.split("\r\n").map((line) => Buffer.byteLength(line));
    expect(Math.max(...octets)).toBeLessThanOrEqual(998);
    // The breaks are still breaks once read: the letter has paragraphs.
    expect(mail.text).toMatch(/^Dear Priya and Sam,\n\nI'm sorry\./);
    // The long words read back whole, in the same headers.
    expect(mail.subject).toBe(`Outage ${long}: following up on our call`);
    expect(addresses(mail.to).map((a) => [a.name, a.address])).toEqual([
      [name, "priya@acme.example"],
      ["Sam Ortiz", "sam@acme.example"],
    ]);
    expect(addresses(mail.from).map((a) => [a.name, a.address])).toEqual([[`Dana ${long}`, "dana@ours.example"]]);
    expect(mail.messageId).toMatch(/@ours\.example>$/);
    expect([...mail.headers.keys()].sort()).toEqual(["content-type", "date", "from", "message-id", "mime-version", "subject", "to", "x-unsent"]);
  });

  it("keeps a rehearsal's warning in the subject and the body", async () => {
    const { mail } = await emlOf(inputWith({ session: { rehearsal: true } }));
    expect(mail.subject).toMatch(/^Rehearsal, do not send: /);
    expect(mail.text?.replace(/\s+/g, " ")).toMatch(/^Rehearsal: this letter comes from a practice run, not a real call\. Do not send it\./);
  });
});
