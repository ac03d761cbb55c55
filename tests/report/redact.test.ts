import { describe, expect, it } from "vitest";
import { isCardNumber, isIban, looksLikePhone, luhn, redactText } from "../../src/report/redact.js";

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

  it.each(["@handle", "user@localhost", "meet @ 10", "mailto: nothing here", "2 @ 3.50", "logged in at app.acme.com", "at 10.30 in room 4"])("leaves %j alone", (text) => {
    expect(redactText(text)).toBe(text);
  });

  it("redacts several of both kinds in one text and keeps the rest", () => {
    expect(redactText("Sam (sam@northwind.example, +44 20 7946 0958) and Priya (555-123-4567) on 2026-12-01")).toBe(
      "Sam ([email], [phone]) and Priya ([phone]) on 2026-12-01",
    );
  });
});

describe("redactText: the forms people paste", () => {
  it.each([
    ["0044 20 7946 0958"],
    ["+44 (0)20 7946 0958"],
    ["5551234567"],
    ["07946095812"],
    ["555-123-4567"],
    ["555\u00a0123\u00a04567"],
    ["+44\u202f20\u202f7946\u202f0958"],
    ["020\u20097946\u20090958"],
    ["555\u2013123\u20134567"],
    ["555\u2014123\u20144567"],
    ["+1\u00a0(555)\u00a0123\u20134567"],
  ])("redacts the phone number %j", (phone) => {
    expect(redactText(`call ${phone} today`)).toBe("call [phone] today");
  });

  it.each([
    ["da\u200bna@acme.example"],
    ["dana@ac\u200cme.example"],
    ["dana\u2060@acme.example"],
    ["dana@acme\u200d.example"],
    ["dana\uff20acme.example"],
    ["dana [at] acme [dot] example"],
    ["dana[at]acme.example"],
    ["dana (at) acme (dot) example"],
    ["dana at acme dot example"],
    ["DANA [AT] ACME.EXAMPLE"],
  ])("redacts the email address %j", (email) => {
    expect(redactText(`write to ${email} please`)).toBe("write to [email] please");
  });

  it.each(["we met at 10.30", "arrived at the office", "look at example.com"])("leaves %j alone (a bare ' at ' needs a written-out dot)", (text) => {
    expect(redactText(text)).toBe(text);
  });
});

/** `prefix` with the Luhn check digit appended. */
function withLuhn(prefix: string): string {
  for (let d = 0; d <= 9; d++) if (luhn((prefix + d).replace(/\D/g, ""))) return prefix + d;
  throw new Error("unreachable");
}

describe("redactText: card numbers", () => {
  it.each([
    ["4111 1111 1111 1111"],
    ["4111-1111-1111-1111"],
    ["4111111111111111"],
    ["378282246310005"],
    ["3782 822463 10005"],
    ["6011000990139424"],
    ["4222222222222"],
    [withLuhn("630400000000000000")],
    [withLuhn("4111 1111 1111 1111 00")],
  ])("redacts %j (Luhn holds)", (card) => {
    expect(luhn(card.replace(/\D/g, ""))).toBe(true);
    expect(redactText(`card ${card}, exp 09/28`)).toBe("card [card], exp 09/28");
  });

  it.each(["order 4111111111111112", "ref 4111 1111 1111 1112", "invoice 1234567890123", "2026-11-09 2026-11-12", "12 34 56 78 90 12 34 5"])(
    "leaves %j alone (Luhn fails, or not grouped like a card)",
    (text) => {
      expect(redactText(text)).toBe(text);
    },
  );

  it("isCardNumber checks the length, the grouping and the Luhn digit", () => {
    expect(isCardNumber("4111 1111 1111 1111")).toBe(true);
    expect(isCardNumber("4111 1111 1111 1112")).toBe(false);
    expect(isCardNumber("411111111111")).toBe(false);
    expect(isCardNumber("41 11 11 11 11 11 11 11")).toBe(false);
  });
});

describe("redactText: IBANs", () => {
  it.each([
    ["GB82 WEST 1234 5698 7654 32"],
    ["GB82WEST12345698765432"],
    ["gb82 west 1234 5698 7654 32"],
    ["DE89 3704 0044 0532 0130 00"],
    ["FR14 2004 1010 0505 0001 3M02 606"],
    ["NL91ABNA0417164300"],
  ])("redacts %j (mod 97 holds)", (iban) => {
    expect(isIban(iban)).toBe(true);
    expect(redactText(`pay to ${iban} by Friday`)).toBe("pay to [iban] by Friday");
  });

  it("stops at the IBAN when the words after it look like more of it", () => {
    expect(redactText("IBAN GB82 WEST 1234 5698 7654 32 ASAP")).toBe("IBAN [iban] ASAP");
  });

  it.each(["GB82 WEST 1234 5698 7654 33", "AB12 CDEF GHIJ KLMN OP", "ISO 27001 and SOC 2"])("leaves %j alone", (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe("redactText: what is not contact data stays", () => {
  it.each([
    "2026-11-09",
    "on 2026-11-09 at 14:05",
    "09:30\u201310:45",
    "2026\u201311\u201309",
    "£1,200",
    "£1,200.50 credited",
    "€1.200,50",
    "$12,345,678.90",
    "version 10.4.12",
    "v2.10.11",
    "INC-5551234567",
    "order 5551234567",
    "ticket #5551234567",
    "case: 5551234567",
    "ticket 4512",
    "session 911e4b35f75df6d88d099ca87821054f",
    "123e4567-e89b-12d3-a456-426614174000",
    "order 12345678901",
  ])("leaves %j alone", (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe("redactText: numbers and addresses hidden by what does not show", () => {
  const ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u2063"].map((c) => [c.codePointAt(0)!.toString(16), c]);
  it.each(ZERO_WIDTH)("an invisible U+%s inside a phone number, a card number, an IBAN and an email", (_code, zw) => {
    expect(redactText(`call 555${zw}123${zw}4567 today`)).toBe("call [phone] today");
    expect(redactText(`call +44 20${zw} 7946 0958`)).toBe("call [phone]");
    expect(redactText(`card 4111 ${zw}1111 1111 1${zw}111`)).toBe("card [card]");
    expect(redactText(`iban GB82 WEST${zw} 1234 5698 7654 32`)).toBe("iban [iban]");
    expect(redactText(`mail dana${zw}@acme${zw}.com`)).toBe("mail [email]");
  });

  it("digits of other scripts: fullwidth, Arabic-Indic, Devanagari, a fullwidth plus", () => {
    expect(redactText("call ５５５-１２３-４５６７")).toBe("call [phone]");
    expect(redactText("call ＋４４ ２０ ７９４６ ０９５８")).toBe("call [phone]");
    expect(redactText("call ٥٥٥١٢٣٤٥٦٧")).toBe("call [phone]");
    expect(redactText("call ५५५ १२३ ४५६७")).toBe("call [phone]");
    expect(redactText("card ４１１１ １１１１ １１１１ １１１１")).toBe("card [card]");
    // A number failing Luhn stays, in any script, and so does a date.
    expect(redactText("ref ４１１１ １１１１ １１１１ １１１２")).toBe("ref ４１１１ １１１１ １１１１ １１１２");
    expect(redactText("on ٢٠٢٦-١٢-٠١")).toBe("on ٢٠٢٦-١٢-٠١");
  });

  it("joiners that shape an emoji or a script stay; text without anything to redact is unchanged", () => {
    for (const text of ["👩‍💻 on call", "❤️‍🔥 thanks", "👍🏽‍ ok", "क्‍ष", "می‌خواهم", "plain"]) {
      expect(redactText(text)).toBe(text.replace(/\u200d(?= )/u, ""));
    }
  });
});

describe("redactText: the forms an outside review found (issue 10)", () => {
  it.each([
    "dana @ acme.com",
    "dana[@]acme.com",
    "dana(@)acme.com",
    "dana＠acme．com",
    "dana@acme。com",
    '"dana smith"@acme.com',
    "dana@[192.168.0.1]",
    "mailto:dana%40acme.com",
    "dana&#64;acme.com",
    "dana&#x40;acme.com",
    "dana_at_acme_dot_com",
    "dana_smith@acme.com",
  ])("the email %j", (email) => {
    expect(redactText(`write to ${email} today`)).toMatch(/^write to (mailto:)?\[email\] today$/);
  });

  it.each([
    "030/12345678",
    "+49 30/1234 5678",
    "555\u2010123\u20104567",
    "555\u2212123\u22124567",
    "555\uff0d123\uff0d4567",
    "555\u2002123\u20024567",
    "555\u3000123\u30004567",
    "+1\t555\t123\t4567",
    "555_123_4567",
  ])("the phone number %j", (phone) => {
    expect(redactText(`call ${phone} now`)).toBe("call [phone] now");
  });

  it("a phone number with an extension goes whole", () => {
    expect(redactText("call 555-123-4567x89 now")).toBe("call [phone] now");
    expect(redactText("call 555-123-4567 ext. 89 now")).toBe("call [phone] now");
  });

  it.each(["4111.1111.1111.1111", "4111/1111/1111/1111", "4111_1111_1111_1111", "4111\u00a01111\u00a01111\u00a01111", "4111\u20101111\u20101111\u20101111", "4111  1111  1111  1111"])(
    "the card number %j",
    (card) => {
      expect(redactText(`card ${card} on file`)).toBe("card [card] on file");
    },
  );

  it.each(["GB82-WEST-1234-5698-7654-32", "GB82.WEST.1234.5698.7654.32", "GB82\u00a0WEST\u00a01234\u00a05698\u00a07654\u00a032", "GB82  WEST  1234  5698  7654  32", "GB82_WEST_1234_5698_7654_32"])(
    "the IBAN %j",
    (iban) => {
      expect(redactText(`pay ${iban} now`)).toBe("pay [iban] now");
    },
  );

  it.each([
    "09.11.2026 14.30",
    "20261109 1030",
    "2026 11 09 10 30",
    "version 2026.11.09.1234",
    "epoch 1731146400",
    "PR 1234567890",
    "INV 2026 000 123 45",
    "11/09/2026 14:30",
    "build 2026-11-09-1030",
  ])("leaves %j alone", (text) => {
    expect(redactText(`see ${text} here`)).toBe(`see ${text} here`);
  });
});

describe("redactText: the second outside review (issue 10)", () => {
  it.each([
    ["Her number: 555-123-4567", "Her number: [phone]"],
    ["mobile no. 555 123 4567", "mobile no. [phone]"],
    ["Phone number 0207 946 0958", "Phone number [phone]"],
    ["Tel.5551234567", "Tel.[phone]"],
    ["Tel.+33 1 23 45 67 89", "Tel.[phone]"],
    ["call 555 - 123 - 4567", "call [phone]"],
    ["call 555  123  4567", "call [phone]"],
    ["Call 555\n123\n4567 back", "Call [phone] back"],
    ["Card.4111111111111111", "Card.[card]"],
    ["card 4111 - 1111 - 1111 - 1111", "card [card]"],
    ["pay GB82   WEST 1234 5698 7654 32", "pay [iban]"],
    ["dana <at> acme <dot> com", "[email]"],
    ["dana&commat;acme.com", "[email]"],
    ["ops@acme.xn--p1ai", "[email]"],
    ["rene\u0301@acme.fr", "[email]"],
    ["rene\u0301.dupont@acme.fr", "[email]"],
  ])("%j", (text, redacted) => {
    expect(redactText(text)).toBe(redacted);
  });

  it("numbers listed with ' / ' between them are two numbers, each redacted", () => {
    expect(redactText("0044 20 7946 0958 / 5555 5555 5555 4444 / dana@acme.com")).toBe("[phone] / [card] / [email]");
  });

  it("a control character inside an address or a number hides nothing: it goes before the patterns look", () => {
    expect(redactText("mail dana\u0000@acme.com")).toBe("mail [email]");
    expect(redactText("ring 555\u0007-123-4567")).toBe("ring [phone]");
    expect(redactText("card 4111\u007f111111111111")).toBe("card [card]");
    expect(redactText("x dana\u202e@acme.com y")).toBe("x [email] y");
    expect(redactText("x dana\u034f@acme.com y")).toBe("x [email] y");
  });

  it.each([
    "Orders 5551234567",
    "transaction 5551234567",
    "shipment 1234567890",
    "Order #: 5551234567",
    "Rp 1500000000",
    "firmware 3.10.2304.1187",
    "duration 1234567890 ms",
    "$1234567890",
    "customer 5551234567",
    "order no. 5551234567",
  ])("keeps %j", (text) => {
    expect(redactText(text)).toBe(text);
  });
});
