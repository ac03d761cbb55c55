import { isoTimestamp } from "../report/dates.js";
import { daysBetween, toIsoDate } from "../session/time.js";
import type { ClientOverviewRow } from "../store/client-history.js";
import { clientKey } from "./lookup.js";

/**
 * `trust clients`: one line per client, the ones most at risk first. Pure. Also the documented
 * JSON of `trust clients --json` (README, "JSON shapes"); bump CLIENTS_VERSION when a field
 * changes meaning or goes.
 */

export const CLIENTS_VERSION = 1;

export interface ClientLine {
  client: string;
  calls: number;
  lastCall: string;
  daysSinceLastCall: number;
  /** The newest call with a trust-after rating: its before and after; nulls when none was rated. */
  trustBefore: number | null;
  trustAfter: number | null;
  open: number;
  overdue: number;
}

export interface ClientsOverview {
  version: typeof CLIENTS_VERSION;
  asOf: string;
  rehearsalsIncluded: boolean;
  clients: ClientLine[];
}

/**
 * The spellings of each client merged into one line, sorted by risk: more overdue
 * commitments first, then the lower latest trust after (unrated after rated), then the longer
 * since the last call, then by name.
 */
export function clientsOverview(rows: readonly ClientOverviewRow[], opts: { now: number; includeRehearsals: boolean }): ClientsOverview {
  const today = toIsoDate(new Date(opts.now));
  const merged = new Map<string, ClientOverviewRow>();
  for (const r of rows) {
    const key = clientKey(r.client);
    const m = merged.get(key);
    if (!m) {
      merged.set(key, { ...r });
      continue;
    }
    const newerCall = later(r.lastAt, r.lastPk, m.lastAt, m.lastPk);
    const newerRating = r.trustAt !== null && (m.trustAt === null || later(r.trustAt, r.trustPk!, m.trustAt, m.trustPk!));
    merged.set(key, {
      client: newerCall ? r.client : m.client,
      calls: m.calls + r.calls,
      lastAt: newerCall ? r.lastAt : m.lastAt,
      lastPk: newerCall ? r.lastPk : m.lastPk,
      trustAt: newerRating ? r.trustAt : m.trustAt,
      trustPk: newerRating ? r.trustPk : m.trustPk,
      trustBefore: newerRating ? r.trustBefore : m.trustBefore,
      trustAfter: newerRating ? r.trustAfter : m.trustAfter,
      open: m.open + r.open,
      overdue: m.overdue + r.overdue,
    });
  }
  const lines = [...merged.values()].map(
    (r): ClientLine => ({
      client: r.client,
      calls: r.calls,
      lastCall: isoTimestamp(r.lastAt),
      daysSinceLastCall: daysBetween(toIsoDate(new Date(r.lastAt)), today),
      trustBefore: r.trustBefore,
      trustAfter: r.trustAfter,
      open: r.open,
      overdue: r.overdue,
    }),
  );
  lines.sort(
    (a, b) =>
      b.overdue - a.overdue ||
      (a.trustAfter ?? Number.POSITIVE_INFINITY) - (b.trustAfter ?? Number.POSITIVE_INFINITY) ||
      (a.lastCall < b.lastCall ? -1 : a.lastCall > b.lastCall ? 1 : 0) ||
      a.client.localeCompare(b.client),
  );
  return { version: CLIENTS_VERSION, asOf: today, rehearsalsIncluded: opts.includeRehearsals, clients: lines };
}

/** Whether the call at `at` with local key `pk` came after the other: of two at one instant, the one recorded later, as the client's page orders its calls. */
function later(at: number, pk: number, otherAt: number, otherPk: number): boolean {
  return at > otherAt || (at === otherAt && pk > otherPk);
}
