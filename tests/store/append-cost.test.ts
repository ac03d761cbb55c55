import Database from "better-sqlite3";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { replay } from "../../src/session/state.js";
import { openStore } from "../../src/store/index.js";
import { stepTimes } from "../helpers/step-times.js";
import { newSession, useTempDir } from "./helpers.js";

/**
 * An append folds its own event into the clocks kept with the session's summary (migration 10):
 * it never reads the session's earlier events again. Checked by what the summary says, not by
 * time: the timeline's events are read only when no clocks are kept.
 */

const tempDir = useTempDir();

describe("appending to a long session", () => {
  it("folds each new event into the kept clocks: the summary stays right though the earlier events are gone", () => {
    const path = join(tempDir(), "trust.db");
    const store = openStore(path);
    const s = store.createSession(newSession({ at: 0 }));
    const steps = 300;
    for (let i = 0; i < steps; i++) store.append(s.id, { type: "step_started", step: `s${i}` }, i * 1000);
    store.close();
    // Take the earlier events away behind the store's back (as no real file would be): a store
    // that walked the timeline again would now count only what is left.
    const db = new Database(path);
    db.exec("DELETE FROM events WHERE type = 'step_started'");
    db.close();
    const again = openStore(path);
    again.append(s.id, { type: "completed" }, steps * 1000);
    const row = again.db.prepare("SELECT active_ms, step_ms FROM session_stats st JOIN sessions s ON s.pk = st.session_pk WHERE s.id = ?").get(s.id) as {
      active_ms: number;
      step_ms: Buffer;
    };
    const timed = stepTimes(again.db, row.step_ms);
    again.close();
    expect(row.active_ms).toBe(steps * 1000);
    expect(timed.length).toBe(steps);
  });

  it("a summary written before the clocks were kept is folded from the whole timeline once, then kept", () => {
    const path = join(tempDir(), "trust.db");
    const store = openStore(path);
    const s = store.createSession(newSession({ at: 0 }));
    for (let i = 0; i < 5; i++) store.append(s.id, { type: "step_started", step: `s${i}` }, i * 1000);
    store.db.prepare("UPDATE session_stats SET clocks = NULL").run();
    store.append(s.id, { type: "step_started", step: "s5" }, 5000);
    const row = store.db.prepare("SELECT active_ms, clocks FROM session_stats").get() as { active_ms: number; clocks: string | null };
    store.close();
    expect(row.active_ms).toBe(5000);
    expect(row.clocks).not.toBeNull();
  });

  it("a completed call keeps no clocks, and an append after it folds the timeline again", () => {
    const path = join(tempDir(), "trust.db");
    const store = openStore(path);
    const s = store.createSession(newSession({ at: 0 }));
    for (let i = 0; i < 5; i++) store.append(s.id, { type: "step_started", step: `s${i}` }, i * 1000);
    store.append(s.id, { type: "completed" }, 5000);
    const read = () => store.db.prepare("SELECT active_ms, step_ms, clocks FROM session_stats").get() as { active_ms: number; step_ms: Buffer; clocks: string | null };
    expect(read().clocks).toBeNull();
    store.append(s.id, { type: "resumed" }, 60_000);
    store.append(s.id, { type: "note", step: "s4", text: "called back" }, 61_000);
    const after = read();
    const steps = stepTimes(store.db, after.step_ms);
    const replayed = replay(store.events(s.id));
    store.close();
    expect(after.clocks).toBeNull();
    expect(after.active_ms).toBe(replayed.activeMs);
    expect(after.active_ms).toBe(5000);
    expect(steps).toEqual([...replayed.stepTimes].map(([step, t]) => [step, t.spentMs]));
  });
});
