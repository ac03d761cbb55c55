import { describe, expect, it } from "vitest";
import { looksLikePhone, redactText } from "../../src/report/redact.js";

describe("redactText: phone numbers", () => {
  it.each([
    ["+44 20 7946 0958"],
    ["(555) 123-4567"],
    ["555-123-4567"],
    ["555.123.4567"],
    ["555 123 4567"],
    ["+1 (555) 123-4567"],
    ["+1-555-123-4567"],
    ["+1.555.123.4567"],
    ["+447946095812"],
    ["+44 (0)20 7946 0958"],
    ["020 7946 0958"],
    ["(020) 7946 0958"],
    ["07946 095812"],
    ["+33 1 23 45 67 89"],
    ["01 23 45 67 89"],
    ["+49 30 12345678"],
    ["+81 3-1234-5678"],
  ])("redacts %j", (phone) => {
    expect(redactText(`call ${phone} today`)).toBe("call [phone] today");
  });

  it("redacts phone numbers next to punctuation", () => {
    expect(redactText("tel:+44 20 7946 0958, or (555) 123-4567.")).toBe("tel:[phone], or [phone].");
    expect(redactText("(555-123-4567)")).toBe("([phone])");
    expect(redactText("Call Sam on (555) 123-4567 before Friday")).toBe("Call Sam on [phone] before Friday");
  });

  it.each([
    "2026-12-01",
    "from 2026-12-01 to 2026-12-05",
    "2026-12-01T14:05:00Z",
    "12/01/2026",
    "01.12.2026",
    "1,250.00",
    "$1,250.00 and €12,345,678.90",
    "1 250 000 000 EUR",
    "1.250.000.000",
    "14:05 to 16:30",
    "version 1.2.3 and v2.10.11",
    "192.168.100.200",
    "order 12345678901",
    "ticket 4512",
    "pi is 3.14159265358",
    "10% of 300 calls",
    "ISO 8601",
    "123-4567",
  ])("leaves %j alone", (text) => {
    expect(redactText(text)).toBe(text);
  });

  it("explains its choices through looksLikePhone", () => {
    expect(looksLikePhone("+44 20 7946 0958")).toBe(true);
    expect(looksLikePhone("2026-12-01")).toBe(false);
    expect(looksLikePhone("555 123 456 7")).toBe(false);
    expect(looksLikePhone("555--123--4567")).toBe(false);
  });
});

describe("redactText: email addresses", () => {
  it.each([
    "dana@acme.com",
    "first.last+ops@mail.example.co.uk",
    "o'neil_x%y@sub-domain.example.org",
    "jürgen@beispiel.de",
    "ADMIN@EXAMPLE.COM",
  ])("redacts %j", (email) => {
    expect(redactText(`write to ${email}.`)).toBe("write to [email].");
  });

  it.each(["@handle", "user@localhost", "a @ b.com", "mailto: nothing here", "2 @ 3.50"])("leaves %j alone", (text) => {
    expect(redactText(text)).toBe(text);
  });

  it("redacts several of both kinds in one text and keeps the rest", () => {
    expect(redactText("Sam (sam@northwind.example, +44 20 7946 0958) and Priya (555-123-4567) on 2026-12-01")).toBe(
      "Sam ([email], [phone]) and Priya ([phone]) on 2026-12-01",
    );
  });
});
