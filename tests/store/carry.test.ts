import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ActionItem } from "../../src/session/model.js";
import { openStore, type Store } from "../../src/store/index.js";
import { newSession, useTempDir } from "./helpers.js";

/** Commitments of an earlier call carried into a later call with the same client (issue 16). */

const tempDir = useTempDir();
let store: Store;

beforeEach(() => {
  store = openStore(join(tempDir(), "trust.db"));
});
afterEach(() => store.close());

const RCA: ActionItem = { what: "Send the root-cause analysis", owner: "Dana", due: "2026-11-20" };
const CREDIT: ActionItem = { what: "Issue the SLA credit", owner: "Bob", due: "2026-11-25" };
const DAY = 86_400_000;

function answer(sessionId: string, items: ActionItem[], at: number): ActionItem[] {
  const e = store.append(sessionId, { type: "answered", step: "commit", prompt: "actions", value: items }, at);
  return e.type === "answered" ? (e.value as ActionItem[]) : [];
}

/** An earlier call with two commitments, and a later call with the same client. */
function twoCalls(later: Parameters<typeof newSession>[0] = {}) {
  const first = store.createSession(newSession({ at: 1_000 }));
  const [rca, credit] = answer(first.id, [RCA, CREDIT], 2_000);
  const second = store.createSession(newSession({ at: 10 * DAY, incident: "Second outage", ...later }));
  return { first, second, rca: rca!, credit: credit! };
}

describe("carrying a commitment into a later call", () => {
  it("keeps its id, takes the new due date as an edit on the call that made it, and counts once", () => {
    const { first, second, rca } = twoCalls();
    const saved = answer(second.id, [{ ...rca, due: "2026-12-10" }, { what: "Weekly status mail", owner: "Sam", due: "2026-12-04" }], 11 * DAY);
    expect(saved[0]).toEqual({ ...RCA, id: rca.id, due: "2026-12-10" });
    expect(saved[1]?.id).not.toBe(rca.id);

    // One row for it, still the first call's, with the new date.
    const all = store.listActions();
    expect(all.filter((a) => a.id === rca.id)).toEqual([expect.objectContaining({ sessionId: first.id, due: "2026-12-10", status: "open", createdAt: 2_000 })]);
    expect(all).toHaveLength(3);
    // The first call's timeline says who moved it.
    expect(store.events(first.id).at(-1)).toMatchObject({ type: "action_edited", action: rca.id, due: "2026-12-10", via: second.id, at: 11 * DAY });
    // The later call lists what its call promised: the carried one too.
    expect(store.listActions({ sessionId: second.id }).map((a) => a.what).sort()).toEqual([RCA.what, "Weekly status mail"]);
    // Each session's summary counts its own: the carried one only with the first call.
    const due = (id: string) =>
      JSON.parse((store.db.prepare("SELECT open_due FROM session_stats st JOIN sessions s ON s.pk = st.session_pk WHERE s.id = ?").get(id) as { open_due: string }).open_due);
    expect(due(first.id).sort()).toEqual(["2026-11-25", "2026-12-10"]);
    expect(due(second.id)).toEqual(["2026-12-04"]);
  });

  it("saved again with the list (a partial save, a revisit) records no second edit", () => {
    const { first, second, rca } = twoCalls();
    answer(second.id, [{ ...rca, due: "2026-12-10" }], 11 * DAY);
    const edits = () => store.events(first.id).filter((e) => e.type === "action_edited").length;
    expect(edits()).toBe(1);
    answer(second.id, [{ ...rca, due: "2026-12-10" }, CREDIT], 11 * DAY + 1);
    expect(edits()).toBe(1);
  });

  it("left out of the later list again, stays open with the call that made it", () => {
    const { first, second, rca } = twoCalls();
    answer(second.id, [{ ...rca, due: "2026-12-10" }], 11 * DAY);
    answer(second.id, [CREDIT], 12 * DAY);
    expect(store.listActions({ sessionId: second.id }).map((a) => a.id)).not.toContain(rca.id);
    expect(store.listActions({ sessionId: first.id }).find((a) => a.id === rca.id)).toMatchObject({ status: "open", due: "2026-12-10" });
  });

  it("a skipped question lets go of what it carried", () => {
    const { second, rca } = twoCalls();
    answer(second.id, [{ ...rca, due: "2026-12-10" }], 11 * DAY);
    store.append(second.id, { type: "skipped", step: "commit", prompt: "actions" }, 12 * DAY);
    expect(store.listActions({ sessionId: second.id })).toEqual([]);
    expect(store.listActions().find((a) => a.id === rca.id)?.status).toBe("open");
  });

  it("a done commitment is listed with the later call but not changed", () => {
    const { first, second, credit } = twoCalls();
    store.changeAction(credit.id!, { kind: "done" }, 5 * DAY);
    answer(second.id, [{ ...credit, due: "2026-12-30" }], 11 * DAY);
    expect(store.listActions({ sessionId: second.id })).toEqual([expect.objectContaining({ id: credit.id, status: "done", due: CREDIT.due })]);
    expect(store.events(first.id).some((e) => e.type === "action_edited")).toBe(false);
  });

  it("the client in another case is the same client", () => {
    const { rca, second } = twoCalls({ client: "ACME" });
    expect(answer(second.id, [{ ...rca, due: "2026-12-10" }], 11 * DAY)[0]?.id).toBe(rca.id);
  });

  for (const [what, later] of [
    ["another client's", { client: "Globex" }],
    ["a real call's, in a rehearsal,", { rehearsal: true }],
  ] as const) {
    it(`${what} commitment is not carried: the item is a new commitment, the old one untouched`, () => {
      const { first, second, rca } = twoCalls(later);
      const [saved] = answer(second.id, [{ ...rca, due: "2026-12-10" }], 11 * DAY);
      expect(saved?.id).not.toBe(rca.id);
      expect(store.listActions({ sessionId: first.id }).find((a) => a.id === rca.id)?.due).toBe(RCA.due);
      expect(store.events(first.id).some((e) => e.type === "action_edited")).toBe(false);
    });
  }
});
