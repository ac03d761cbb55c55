import Database from "better-sqlite3";
import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { clientTrustFigures, ownerFigures } from "../../src/report/aggregate.js";
import type { ActionChange } from "../../src/session/commitments.js";
import type { SessionEvent } from "../../src/session/model.js";
import { openStore, type Store } from "../../src/store/index.js";
import { clientTrust, commitmentFacts, type ReportFilter } from "../../src/store/report.js";
import { TimelineReader } from "../../src/store/timeline.js";
import { backTo16 } from "../helpers/older-schema.js";
import { useTempDir } from "../store/helpers.js";

/**
 * The report's commitments per owner and due month, and trust per client, come from counts the
 * triggers of migration 17 keep (commitment_months, client_ratings) when no session filter is given,
 * and from every commitment or session otherwise. Both must give the same figures whatever
 * happened: commitments made, dropped by a changed answer, skipped, done, edited (owner in another
 * case, due day), cancelled, reopened; ratings given, changed, skipped; clients and owners spelled
 * in several cases; rehearsals; a merge from another file; an upgrade from an older file.
 */

const SOURCE = readFileSync(new URL("../../playbooks/restore-trust.yaml", import.meta.url), "utf8");
const T0 = Date.UTC(2026, 0, 10, 9, 0);
const DAY = 86_400_000;
const tempDir = useTempDir();

/** A seeded generator, so a failure names a case that can be run again. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OWNERS = ["Sam", "sam", "SAM", "Dana", "Émile", "émile", "Lee (SRE)", "李雷"];

function fill(store: Store, seed: number, sessions = 24): void {
  const r = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const due = () => `2026-0${1 + Math.floor(r() * 4)}-${String(1 + Math.floor(r() * 28)).padStart(2, "0")}`;
  for (let i = 0; i < sessions; i++) {
    const start = T0 + i * DAY;
    const rec = store.createSession({
      info: { client: pick(["Acme", "acme", "ACME", "Globex", "Émile SA", "émile sa", "株式会社"]), incident: "outage", severity: "high", owner: "Dana", attendees: [], contacts: [], rehearsal: r() < 0.2 },
      playbookId: "restore-trust",
      playbookVersion: 1,
      playbookSource: SOURCE,
      at: start,
    });
    const answer = (): SessionEvent => ({
      type: "answered",
      step: "accountability",
      prompt: "actions",
      value: Array.from({ length: 1 + Math.floor(r() * 4) }, (_, k) => ({ what: `promise ${i}.${k}`, owner: pick(OWNERS), due: due() })),
    });
    const rating = (prompt: "trust_before" | "trust_after"): SessionEvent =>
      r() < 0.15
        ? { type: "skipped", step: prompt === "trust_before" ? "prepare" : "accountability", prompt }
        : { type: "answered", step: prompt === "trust_before" ? "prepare" : "accountability", prompt, value: 1 + Math.floor(r() * 5) };
    store.append(rec.id, { type: "step_started", step: "prepare" }, start);
    if (r() < 0.8) store.append(rec.id, rating("trust_before"), start + 100);
    store.append(rec.id, { type: "step_started", step: "accountability" }, start + 200);
    store.append(rec.id, answer(), start + 1000);
    // A rating given, then changed or skipped.
    if (r() < 0.7) store.append(rec.id, rating("trust_after"), start + 1100);
    if (r() < 0.3) store.append(rec.id, rating("trust_after"), start + 1200);
    // A changed answer drops some commitments; a skip drops the open ones.
    if (r() < 0.3) store.append(rec.id, answer(), start + 2000);
    if (r() < 0.1) store.append(rec.id, { type: "skipped", step: "accountability", prompt: "actions" }, start + 3000);
    let at = start + 4000;
    for (const action of store.listActions({ sessionId: rec.id })) {
      const changes: ActionChange[] = [];
      const roll = r();
      if (roll < 0.3) changes.push({ kind: "done", note: "done" });
      else if (roll < 0.45) changes.push({ kind: "edit", owner: pick(OWNERS), due: due() });
      else if (roll < 0.55) changes.push({ kind: "cancel", reason: "not needed" });
      else if (roll < 0.65) changes.push({ kind: "done" }, { kind: "reopen", note: "not really" });
      else if (roll < 0.7) changes.push({ kind: "cancel", reason: "oops" }, { kind: "reopen" }, { kind: "done" });
      for (const change of changes) store.changeAction(action.id, change, (at += Math.floor(r() * 5 * DAY) + 1));
    }
  }
}

/** What the report shows from them: commitments per owner (named as it names them) and per due month, trust per client. */
function figures(store: Store, filter: ReportFilter) {
  const facts = commitmentFacts(store, filter);
  return { owners: ownerFigures(facts.owners), dueMonths: facts.dueMonths, clients: clientTrustFigures(clientTrust(store, filter)) };
}

/**
 * The counts path and the joined path (since: 0 chooses every session, so it reads each
 * commitment), on a day in the middle of the due months: some of that month's open commitments
 * are overdue and some not.
 */
function bothWays(store: Store, includeRehearsals: boolean, today = "2026-03-15") {
  const filter: ReportFilter = { today, includeRehearsals };
  return { counted: figures(store, filter), joined: figures(store, { ...filter, since: 0 }) };
}

/** commitment_months and client_ratings as the triggers keep them, and as counting the rows now gives them. */
function counts(db: Database.Database) {
  return {
    kept: [
      db.prepare("SELECT rehearsal, owner, month, status, n FROM commitment_months ORDER BY 1, 2, 3, 4").raw(true).all(),
      db.prepare("SELECT * FROM client_ratings WHERE sessions > 0 ORDER BY 1, 2").raw(true).all(),
    ],
    counted: [
      db
        .prepare(
          `SELECT rehearsal, owner COLLATE BINARY, substr(due, 1, 7), status, count(*) FROM actions WHERE status IN ('open', 'done')
           GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
        )
        .raw(true)
        .all(),
      db
        .prepare(
          `SELECT s.rehearsal, s.client COLLATE BINARY, count(*),
             coalesce(sum(st.trust_before), 0), count(st.trust_before), coalesce(sum(st.trust_after), 0), count(st.trust_after),
             coalesce(sum(st.trust_after - st.trust_before), 0), count(st.trust_after - st.trust_before)
           FROM sessions s LEFT JOIN session_stats st ON st.session_pk = s.pk GROUP BY 1, 2 ORDER BY 1, 2`,
        )
        .raw(true)
        .all(),
    ],
  };
}

describe("the report's kept counts", () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`are the same from the kept counts as from every commitment (seed ${seed})`, () => {
      const store = openStore(join(tempDir(), "trust.db"));
      fill(store, seed);
      const { kept, counted } = counts(store.db);
      expect(kept).toEqual(counted);
      for (const [rehearsals, today] of [[false, "2026-03-15"], [true, "2026-02-10"], [false, "2026-04-01"], [true, "2026-01-01"]] as const) {
        const { counted: fromCounts, joined } = bothWays(store, rehearsals, today);
        expect(fromCounts).toEqual(joined);
        expect(fromCounts.owners.length).toBeGreaterThan(0);
        expect(fromCounts.clients.length).toBeGreaterThan(0);
      }
      store.close();
    });
  }

  it("names an owner spelled in several cases as on the earliest commitment, both ways", () => {
    const store = openStore(join(tempDir(), "trust.db"));
    const rec = store.createSession({
      info: { client: "Acme", incident: "outage", severity: "high", owner: "Dana", attendees: [], contacts: [], rehearsal: false },
      playbookId: "restore-trust",
      playbookVersion: 1,
      playbookSource: SOURCE,
      at: T0,
    });
    const value = [
      { what: "one", owner: "sam", due: "2026-02-01" },
      { what: "two", owner: "Sam", due: "2026-04-01" },
    ];
    store.append(rec.id, { type: "step_started", step: "accountability" }, T0);
    store.append(rec.id, { type: "answered", step: "accountability", prompt: "actions", value }, T0 + 1000);
    const [first] = store.listActions({ sessionId: rec.id }).filter((a) => a.what === "one");
    expect(bothWays(store, false).counted.owners.map((o) => o.key)).toEqual(["sam"]);
    // The earliest one given to Sam: the group is named Sam, however it is read.
    store.changeAction(first!.id, { kind: "edit", owner: "Sam" }, T0 + 2000);
    const { counted: fromCounts, joined } = bothWays(store, false);
    expect(fromCounts).toEqual(joined);
    expect(fromCounts.owners).toEqual([{ key: "Sam", commitments: { open: 2, done: 0, overdue: 1, medianTimeToDoneMs: null } }]);
    store.close();
  });

  it("are kept by a merge, and made by migration 17 for an older file", () => {
    const dir = tempDir();
    const from = openStore(join(dir, "from.db"));
    fill(from, 11, 12);
    const into = openStore(join(dir, "into.db"));
    fill(into, 12, 6);
    const reader = new TimelineReader(from.db);
    for (let t = reader.next(9); t; t = reader.next(9)) into.merge(t, from.path);
    const merged = counts(into.db);
    expect(merged.kept).toEqual(merged.counted);
    const { counted: fromCounts, joined } = bothWays(into, true);
    expect(fromCounts).toEqual(joined);
    into.close();
    from.close();

    copyFileSync(join(dir, "into.db"), join(dir, "old.db"));
    const old = new Database(join(dir, "old.db"));
    backTo16(old);
    old.close();
    const upgraded = openStore(join(dir, "old.db"));
    const after = counts(upgraded.db);
    expect(after.kept).toEqual(merged.kept);
    expect(bothWays(upgraded, true).counted).toEqual(fromCounts);
    upgraded.close();
  });
});
