process.env.TZ = "UTC";

import { describe, expect, it } from "vitest";
import { clientsOverview } from "../../src/clients/overview.js";
import type { ClientOverviewRow } from "../../src/store/client-history.js";

/** `trust clients` from rows made by hand, read on 15 March 2026 at noon (UTC). */

const NOW = Date.UTC(2026, 2, 15, 12);
const at = (iso: string) => Date.parse(iso);

let lastPk = 0;
function row(client: string, more: Partial<ClientOverviewRow> = {}): ClientOverviewRow {
  const pk = ++lastPk;
  return { client, calls: 1, lastAt: at("2026-03-01T10:00:00Z"), lastPk: pk, trustAt: at("2026-03-01T10:00:00Z"), trustPk: pk, trustBefore: 2, trustAfter: 3, open: 0, overdue: 0, ...more };
}
const names = (rows: ClientOverviewRow[]) => clientsOverview(rows, { now: NOW, includeRehearsals: false }).clients.map((c) => c.client);

describe("clientsOverview: the spellings of a client", () => {
  it("merges them into one line: the newest spelling, calls and commitments added up, the newest rating", () => {
    const overview = clientsOverview(
      [
        row("Acme", { calls: 3, lastAt: at("2026-02-01T10:00:00Z"), trustAt: at("2026-02-01T10:00:00Z"), trustBefore: 1, trustAfter: 2, open: 2, overdue: 1 }),
        // Newer spelling, but its newest call is not rated: the rating stays the older spelling's...
        row("ACME", { calls: 1, lastAt: at("2026-03-10T10:00:00Z"), trustAt: null, trustBefore: null, trustAfter: null, open: 1, overdue: 1 }),
        // ...unless another spelling has a newer rated call.
        row("acme", { calls: 2, lastAt: at("2026-02-15T10:00:00Z"), trustAt: at("2026-02-15T10:00:00Z"), trustBefore: 3, trustAfter: 4 }),
      ],
      { now: NOW, includeRehearsals: true },
    );
    expect(overview).toEqual({
      version: 1,
      asOf: "2026-03-15",
      rehearsalsIncluded: true,
      clients: [{ client: "ACME", calls: 6, lastCall: "2026-03-10T10:00:00.000Z", daysSinceLastCall: 5, trustBefore: 3, trustAfter: 4, open: 3, overdue: 2 }],
    });
  });

  it("takes letters other than ASCII in any case, in either Unicode form, as one client", () => {
    const overview = clientsOverview(
      [row("Café Noir", { lastAt: at("2026-03-02T10:00:00Z") }), row("CAFÉ NOIR"), row("Cafe\u0301 noir", { lastAt: at("2026-02-01T10:00:00Z") })],
      { now: NOW, includeRehearsals: false },
    );
    expect(overview.clients.map((c) => [c.client, c.calls])).toEqual([["Café Noir", 3]]);
  });

  it("keeps the rating of a spelling whose rated call is newer, when another spelling was called later", () => {
    const overview = clientsOverview(
      [
        row("Beta", { lastAt: at("2026-03-05T10:00:00Z"), trustAt: at("2026-03-05T10:00:00Z"), trustAfter: 5 }),
        row("BETA", { lastAt: at("2026-03-06T10:00:00Z"), trustAt: at("2026-01-05T10:00:00Z"), trustAfter: 1 }),
      ],
      { now: NOW, includeRehearsals: false },
    );
    expect(overview.clients[0]).toMatchObject({ client: "BETA", trustAfter: 5 });
  });
});

describe("clientsOverview: calls at one instant", () => {
  it("takes the spelling and the rating of the call recorded last, in whatever order the spellings come", () => {
    const when = at("2026-03-01T10:00:00Z");
    const first = row("tie corp", { lastAt: when, lastPk: 7, trustAt: when, trustPk: 7, trustAfter: 2 });
    const last = row("Tie Corp", { lastAt: when, lastPk: 9, trustAt: when, trustPk: 9, trustAfter: 4 });
    for (const rows of [[first, last], [last, first]]) {
      expect(clientsOverview(rows, { now: NOW, includeRehearsals: false }).clients).toEqual([expect.objectContaining({ client: "Tie Corp", calls: 2, trustAfter: 4 })]);
    }
  });
});

describe("clientsOverview: the riskiest first", () => {
  it("more overdue commitments first, whatever the trust and the date", () => {
    expect(names([row("One", { overdue: 1, trustAfter: 1, lastAt: at("2025-01-01T00:00:00Z") }), row("Two", { overdue: 2, trustAfter: 5 })])).toEqual(["Two", "One"]);
  });

  it("then the lower trust after, whatever the date; unrated after every rated one", () => {
    expect(
      names([
        row("Unrated", { trustAt: null, trustBefore: null, trustAfter: null, lastAt: at("2024-01-01T00:00:00Z") }),
        row("High", { trustAfter: 4.5, lastAt: at("2025-01-01T00:00:00Z") }),
        row("Low", { trustAfter: 1.5 }),
      ]),
    ).toEqual(["Low", "High", "Unrated"]);
  });

  it("then the older last call; two unrated clients are ordered by it too", () => {
    expect(names([row("Recent"), row("Old", { lastAt: at("2026-01-01T00:00:00Z") })])).toEqual(["Old", "Recent"]);
    const unrated = { trustAt: null, trustBefore: null, trustAfter: null };
    expect(names([row("Recent", unrated), row("Old", { ...unrated, lastAt: at("2026-01-01T00:00:00Z") })])).toEqual(["Old", "Recent"]);
  });

  it("then the name", () => {
    expect(names([row("Zeta"), row("Alpha"), row("Mu")])).toEqual(["Alpha", "Mu", "Zeta"]);
  });

  it("counts days since the last call by the calendar, and gives an empty list for no rows", () => {
    const [line] = clientsOverview([row("Late", { lastAt: at("2026-03-14T23:59:00Z") })], { now: NOW, includeRehearsals: false }).clients;
    expect(line).toMatchObject({ lastCall: "2026-03-14T23:59:00.000Z", daysSinceLastCall: 1 });
    expect(clientsOverview([], { now: NOW, includeRehearsals: false }).clients).toEqual([]);
  });
});
