import { describe, expect, it } from "vitest";
import { clientKey, findClient, nearestClients, type ClientNames } from "../../src/clients/lookup.js";

/** Which stored client a typed name means, over a list of names standing in for the store. */

const STORED = ["Northwind Logistics Ltd", "Northwind Traders", "Acme", "ACME", "Café Noir", "Globex", "Initech", "Ωmega Bank"];

/**
 * The store's answers, computed the way SQLite does: `client = ?` compares ASCII letters only in
 * any case (COLLATE NOCASE). Records what was asked, to show which paths read the full list.
 */
function store(names = STORED, rehearsalOnly: string[] = []) {
  const asked: string[] = [];
  const nocase = (a: string, b: string) => a.replace(/[A-Z]/g, (c) => c.toLowerCase()) === b.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const api: ClientNames = {
    spellingsOf: (n) => (asked.push(`spellingsOf ${n}`), names.filter((s) => nocase(s, n))),
    all: () => (asked.push("all"), [...names]),
    current: (ns) => (asked.push(`current ${ns.join(" | ")}`), names.find((s) => ns.some((n) => nocase(s, n)) && !rehearsalOnly.includes(s))),
  };
  return { api, asked };
}

describe("clientKey", () => {
  it.each([
    ["Acme", "acme"],
    ["  ACME ", "acme"],
    ["CAFÉ", "café"],
    ["Cafe\u0301", "café"], // decomposed é: the same key as the composed one
    ["ΩMEGA", "ωmega"],
  ])("%j → %j", (name, key) => {
    expect(clientKey(name)).toBe(key);
  });
});

describe("findClient", () => {
  it("takes a name holding controls typed back as it is shown and offered (a tab as a space, ESC as ␛)", () => {
    const names = [...STORED, "Tab\tName", "Title\x1b]0;pwned\x07Co \x1b[2J", "Tab Co"];
    expect(findClient(store(names).api, "tab name")).toEqual({ spellings: ["Tab\tName"] });
    expect(findClient(store(names).api, "Title␛]0;pwned␇Co ␛[2J")).toEqual({ spellings: ["Title\x1b]0;pwned\x07Co \x1b[2J"] });
    // A plain name typed is that name, never one that only shows like it.
    expect(findClient(store(names).api, "Tab Co")).toEqual({ spellings: ["Tab Co"] });
  });


  it("finds an ASCII name in any case through the index alone", () => {
    const { api, asked } = store();
    expect(findClient(api, "acme")).toEqual({ spellings: ["Acme", "ACME"] });
    expect(findClient(api, "  NorthWind Traders ")).toEqual({ spellings: ["Northwind Traders"] });
    expect(asked).toEqual(["spellingsOf acme", "spellingsOf NorthWind Traders"]);
  });

  it("finds other letters in any case, and either Unicode form, from the full list", () => {
    const { api, asked } = store();
    expect(findClient(api, "CAFÉ NOIR")).toEqual({ spellings: ["Café Noir"] });
    expect(findClient(api, "cafe\u0301 noir")).toEqual({ spellings: ["Café Noir"] });
    expect(findClient(api, "ωMEGA bank")).toEqual({ spellings: ["Ωmega Bank"] });
    expect(asked).toEqual(["all", "all", "all"]);
  });

  it("offers the nearest names when none matches", () => {
    const { api } = store();
    expect(findClient(api, "Acmee")).toEqual({ spellings: [], suggestions: ["Acme"] });
    expect(findClient(api, "northwind")).toEqual({ spellings: [], suggestions: ["Northwind Logistics Ltd", "Northwind Traders"] });
    expect(findClient(api, "Umbrella")).toEqual({ spellings: [], suggestions: [] });
  });

  it("offers a name as its page shows it, and passes over one with no calls that count", () => {
    const { api } = store(["acme", "Acme Old", "Globex"], ["Acme Old"]);
    const current = { ...api, current: (ns: readonly string[]) => (ns.includes("acme") ? "ACME" : api.current(ns)) };
    expect(findClient(current, "acm")).toEqual({ spellings: [], suggestions: ["ACME"] });
  });
});

describe("nearestClients", () => {
  it("puts names containing what was typed first, then likely typos, three at most", () => {
    const all = ["Northwind Logistics Ltd", "Northwind Traders", "Northwest Bank", "Northwind Foods", "Nordwind GmbH"];
    expect(nearestClients("northwind", all)).toEqual(["Northwind Foods", "Northwind Logistics Ltd", "Northwind Traders"]);
    expect(nearestClients("nordwind gmbh", all)).toEqual(["Nordwind GmbH"]);
    expect(nearestClients("Northwest Bnak", all)).toEqual(["Northwest Bank"]);
  });

  it("finds a typo across letters other than ASCII", () => {
    expect(nearestClients("Cafe Noir", ["Café Noir", "Globex"])).toEqual(["Café Noir"]);
    expect(nearestClients("CAFÉ", ["Café Noir", "Globex"])).toEqual(["Café Noir"]);
  });

  it("offers one spelling per client, the first in the list", () => {
    expect(nearestClients("acm", ["Acme", "ACME", "acme"])).toEqual(["Acme"]);
  });

  it("asks `shown` once per client with all of its spellings, in any case and either Unicode form", () => {
    const asked: string[][] = [];
    const found = nearestClients("cafe noi", ["CAFÉ NOIR", "Globex", "café noir", "Cafe\u0301 Noir"], (ns) => (asked.push([...ns]), "Café Noir"));
    expect(found).toEqual(["Café Noir"]);
    expect(asked).toEqual([["CAFÉ NOIR", "café noir", "Cafe\u0301 Noir"]]);
  });

  it("offers nothing for an empty name or one close to nothing", () => {
    expect(nearestClients("", STORED)).toEqual([]);
    expect(nearestClients("   ", STORED)).toEqual([]);
    expect(nearestClients("Zzyzx Holdings", STORED)).toEqual([]);
  });

  it("asks `shown` about candidates only, in order, until it has three", () => {
    const asked: string[] = [];
    const all = Array.from({ length: 50 }, (_, i) => `Client ${String(i).padStart(2, "0")}`);
    const found = nearestClients("client", all, ([n]) => (asked.push(n!), n!.endsWith("1") ? undefined : n!.toUpperCase()));
    expect(found).toEqual(["CLIENT 00", "CLIENT 02", "CLIENT 03"]);
    expect(asked).toEqual(["Client 00", "Client 01", "Client 02", "Client 03"]);
  });
});
