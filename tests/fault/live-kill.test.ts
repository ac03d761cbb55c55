import Database from "better-sqlite3";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { snapshotPlaybook } from "../../src/commands/snapshot.js";
import { nextPosition } from "../../src/session/engine.js";
import { replay } from "../../src/session/state.js";
import { openStore } from "../../src/store/index.js";
import { activePrompt, entriesOf, inputOf } from "../e2e/helpers.js";
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
  /** The screen is asking the question this move answers (and everything before it is confirmed). */
  ready: (screen: string) => boolean;
  what: string;
  id: string;
  value: unknown;
  answer: (t: TerminalSession) => Promise<void>;
}

/** The open question (the rows from the last "? " row on) contains `text`. */
const asking = (text: string) => (screen: string) => activePrompt(screen)?.includes(text) ?? false;

const MOVES: Move[] = [
  { ready: asking("Have you read the full timeline"), what: "the timeline question", id: "timeline_reviewed", value: true, answer: keys("y", "(Y/n) y") },
  { ready: asking("What do we know for sure"), what: "what we know", id: "known_and_open", value: "Gateway failed at 09:12", answer: long("Gateway failed at 09:12") },
  { ready: asking("How much does Acme trust us right now?"), what: "trust before", id: "trust_before", value: 2, answer: keys("2", "[2]") },
  { ready: asking("What happened, as Acme saw it?"), what: "the first fact", id: "client_facts", value: ["Checkout was down"], answer: typed("Checkout was down") },
  {
    // The entry shown in the list and the input empty again: the entry is confirmed.
    ready: (s) => asking("What happened, as Acme saw it?")(s) && entriesOf(s).includes("Checkout was down") && inputOf(s) === "",
    what: "the end of the list",
    id: "client_facts",
    value: ["Checkout was down"],
    answer: async (t) => t.press(KEY.enter),
  },
  { ready: asking("What did it cost their business?"), what: "the business impact", id: "business_impact", value: "A day of sales", answer: long("A day of sales") },
  { ready: asking("Were particular people"), what: "the people affected", id: "affected_people", value: "Their support team", answer: typed("Their support team") },
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

/** A longtext answer: typed, then ^D finishes it (Enter would start a new line). */
function long(text: string) {
  return async (t: TerminalSession) => {
    t.press(text);
    await t.waitFor(text);
    t.press(KEY.ctrlD);
  };
}

/** Waits until the screen is asking what `move` answers. */
async function waitForMove(t: TerminalSession, move: Move): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (move.ready(await t.screen())) return;
    if (t.exitCode !== undefined || Date.now() > deadline) throw new Error(`${move.what} was never asked:\n${await t.screen()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("a live session killed while an answer is being given", () => {
  const random = seeded(0x11fe);
  const plans = Array.from({ length: 4 }, () => ({ confirmed: 1 + Math.floor(random() * (MOVES.length - 1)), delayMs: Math.floor(random() * 40) }));

  for (const [i, { confirmed, delayMs }] of plans.entries()) {
    it(`run ${i + 1}: the ${confirmed} answers confirmed on screen are all saved`, { timeout: 60_000 }, async () => {
      const db = join(tempDir(), "trust.db");
      const t = new TerminalSession(["start", ...START_FLAGS, "--attendee", "Sam", "--contact", "Priya", "--db", db], cliEnv({ TRUST_DB: db }));
      try {
        for (const move of MOVES.slice(0, confirmed)) {
          await waitForMove(t, move);
          await move.answer(t);
        }
        // The next question on screen: everything before it is committed. Start answering it, then kill.
        const next = MOVES[confirmed]!;
        await waitForMove(t, next);
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
        expect(nextPosition(await snapshotPlaybook(store, session!), state, session!)).not.toBeNull();
      } finally {
        store.close();
      }
    });
  }
});
