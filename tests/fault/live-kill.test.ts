import Database from "better-sqlite3";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { snapshotPlaybook } from "../../src/commands/snapshot.js";
import { nextPosition } from "../../src/session/engine.js";
import { replay } from "../../src/session/state.js";
import { openStore } from "../../src/store/index.js";
import { KEY, TerminalSession } from "../helpers/pty.js";
import { START_FLAGS, cliEnv, seeded, tempDirs } from "./helpers.js";

/**
 * A live session typed in a pseudo-terminal and SIGKILLed part-way through an answer. The runner
 * commits each answer before it shows the next prompt, so every answer whose next prompt was on
 * screen before the kill must be in the database, with its value; the answer being typed at the
 * moment of the kill may or may not be, but never half of it.
 */

const tempDir = tempDirs("trust-fault-live-");

interface Move {
  /** Words of the prompt this move answers. */
  prompt: string;
  id: string;
  value: unknown;
  answer: (t: TerminalSession) => Promise<void>;
}

const MOVES: Move[] = [
  { prompt: "Have you read the full timeline", id: "timeline_reviewed", value: true, answer: keys("y", "(Y/n) y") },
  { prompt: "What do we know for sure", id: "known_and_open", value: "Gateway failed at 09:12", answer: typed("Gateway failed at 09:12") },
  { prompt: "How much does Acme trust us right now?", id: "trust_before", value: 2, answer: keys("2", "[2]") },
  { prompt: "fact 1 (empty to finish):", id: "client_facts", value: ["Checkout was down"], answer: typed("Checkout was down") },
  { prompt: "fact 2 (empty to finish):", id: "client_facts", value: ["Checkout was down"], answer: async (t) => t.press(KEY.enter) },
  { prompt: "What did it cost their business?", id: "business_impact", value: "A day of sales", answer: typed("A day of sales") },
  { prompt: "Were particular people", id: "affected_people", value: "Their support team", answer: typed("Their support team") },
];

function keys(key: string, echo: string) {
  return async (t: TerminalSession) => {
    t.press(key);
    await t.waitFor(echo);
    t.press(KEY.enter);
  };
}

function typed(text: string) {
  return (t: TerminalSession) => t.type(text);
}

/** Waits until the open prompt (the last line starting with "? ") holds `text`. */
async function waitForPrompt(t: TerminalSession, text: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const open = (await t.screen()).split("\n").filter((l) => l.startsWith("? ")).pop();
    if (open?.includes(text)) return;
    if (t.exitCode !== undefined || Date.now() > deadline) throw new Error(`prompt "${text}" never showed:\n${await t.screen()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("a live session killed while an answer is being given", () => {
  const random = seeded(0x11fe);
  const plans = Array.from({ length: 4 }, () => ({ confirmed: 1 + Math.floor(random() * (MOVES.length - 1)), delayMs: Math.floor(random() * 40) }));

  for (const [i, { confirmed, delayMs }] of plans.entries()) {
    it(`run ${i + 1}: the ${confirmed} answers confirmed on screen are all saved`, { timeout: 60_000 }, async () => {
      const db = join(tempDir(), "trust.db");
      const t = new TerminalSession(["start", ...START_FLAGS, "--attendee", "Sam", "--db", db], cliEnv({ TRUST_DB: db }));
      try {
        for (const move of MOVES.slice(0, confirmed)) {
          await waitForPrompt(t, move.prompt);
          await move.answer(t);
        }
        // The next prompt on screen: everything above it is committed. Start answering it, then kill.
        const next = MOVES[confirmed]!;
        await waitForPrompt(t, next.prompt);
        void next.answer(t).catch(() => undefined);
        await new Promise((r) => setTimeout(r, delayMs));
        t.kill("SIGKILL");
        await t.exited;
      } finally {
        t.kill();
      }

      const raw = new Database(db);
      expect(raw.pragma("integrity_check", { simple: true })).toBe("ok");
      raw.close();
      const store = openStore(db, { readonly: true });
      try {
        const [session] = store.listSessions();
        expect(session?.status).toBe("in_progress");
        const state = replay(store.events(session!.id));
        // The latest confirmed value of each prompt (a list saves each entry as it is added).
        const lastConfirmed = new Map(MOVES.slice(0, confirmed).map((m) => [m.id, m.value]));
        for (const [id, value] of lastConfirmed) {
          const answer = state.answers.get(id);
          // The answer being typed at the kill may have replaced a list's value with a longer one.
          if (id === MOVES[confirmed]!.id) continue;
          expect(answer).toMatchObject({ kind: "answered", value });
        }
        // And `trust resume` has somewhere to continue.
        expect(nextPosition(snapshotPlaybook(session!), state, session!)).not.toBeNull();
      } finally {
        store.close();
      }
    });
  }
});
