import Database from "better-sqlite3";
import { afterEach, beforeEach, expect, test } from "vitest";
import {
  E2E_TIMEOUT,
  KEY,
  START_ARGS,
  activePrompt,
  answer,
  answerAttendees,
  toTheFactsList,
  onlySession,
  sandbox,
  see,
  showJson,
  typeLong,
  waitForPrompt,
  addEntries,
  confirmWith,
  entriesOf,
  type Sandbox,
} from "./helpers.js";

let box: Sandbox;
beforeEach(() => {
  box = sandbox();
});
afterEach(() => box.cleanup());

function integrity(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.pragma("integrity_check", { simple: true }) as string) ?? "";
  } finally {
    db.close();
  }
}

test(
  "SIGKILL right after an answer is confirmed loses nothing, and resume goes on from the next prompt",
  async () => {
    const t = box.open(START_ARGS);
    await answerAttendees(t);
    await confirmWith(t, "Have you read the full timeline", "y");
    await waitForPrompt(t, "What do we know for sure");
    await typeLong(t, "The cause is still open");
    // The next prompt on screen means the answer was confirmed (and so committed).
    await waitForPrompt(t, "How much does Acme trust us right now?");
    t.kill("SIGKILL");
    await t.exited;

    expect(integrity(box.db)).toBe("ok");
    const id = await onlySession(box);
    const shown = await showJson(box, id);
    expect(shown.session.status).toBe("in_progress");
    expect(answer(shown, "timeline_reviewed")?.value).toBe(true);
    expect(answer(shown, "known_and_open")?.value).toBe("The cause is still open");
    expect(answer(shown, "trust_before")).toBeUndefined();

    const r = box.open(["resume"]);
    const s = await waitForPrompt(r, "How much does Acme trust us right now?");
    expect(s).toContain("1. Be prepared");
    expect(activePrompt(s)).not.toContain("What do we know");
    r.press("3");
    await see(r, "[3]");
    r.press(KEY.enter);
    await waitForPrompt(r, "What happened, as Acme saw it?");
    r.press(KEY.ctrlC);
    expect(await r.exited).toBe(130);

    const after = await showJson(box, id);
    expect(answer(after, "trust_before")?.value).toBe(3);
    expect(after.timeline.map((e) => e.type)).toContain("resumed");
  },
  E2E_TIMEOUT,
);

test(
  "SIGKILL in the middle of a list keeps the confirmed entries, and resume goes on with the list",
  async () => {
    const t = box.open(START_ARGS);
    await toTheFactsList(t);
    // The entry in the list, the input empty again: it is saved.
    await addEntries(t, ["Orders failed from 09:12"]);
    t.kill("SIGKILL");
    await t.exited;

    expect(integrity(box.db)).toBe("ok");
    const id = await onlySession(box);
    expect(answer(await showJson(box, id), "client_facts")?.value).toEqual(["Orders failed from 09:12"]);

    const r = box.open(["resume", id.slice(0, 6)]);
    const s = await waitForPrompt(r, "What happened, as Acme saw it?");
    expect(entriesOf(s)).toEqual(["Orders failed from 09:12"]);
    await addEntries(r, ["Nobody told them until 10:00"]);
    r.press(KEY.ctrlC);
    expect(await r.exited).toBe(130);
    expect(answer(await showJson(box, id), "client_facts")?.value).toEqual(["Orders failed from 09:12", "Nobody told them until 10:00"]);
  },
  E2E_TIMEOUT,
);

test.each([
  ["SIGTERM", 143],
  ["SIGHUP", 129],
] as const)(
  "%s (a kill, the terminal closing) pauses the call like ^C: saved, paused, what was said on the normal screen, exit %i as shells report it",
  async (signal, code) => {
    const t = box.open(START_ARGS);
    await answerAttendees(t);
    await confirmWith(t, "Have you read the full timeline", "y");
    await waitForPrompt(t, "What do we know for sure");
    t.kill(signal);
    expect(await t.exited).toBe(code);
    expect(await t.bufferType()).toBe("normal");
    const normal = await t.normalScreen();
    expect(normal).toContain("What was said");
    expect(normal).toMatch(/Session [0-9a-f]{8} paused/);

    expect(integrity(box.db)).toBe("ok");
    const shown = await showJson(box, await onlySession(box));
    expect(shown.session.status).toBe("in_progress");
    expect(answer(shown, "timeline_reviewed")?.value).toBe(true);
    expect(shown.timeline.at(-1)?.type).toBe("paused");
  },
  E2E_TIMEOUT,
);
