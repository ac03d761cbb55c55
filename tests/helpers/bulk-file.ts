import { spawn } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { openStore } from "../../src/store/index.js";
import { BIN, ROOT } from "./cli.js";

/**
 * A file of many calls, for what happens to a large merge into a file that holds nothing (a
 * first pull, an import), and what to check it by.
 */

/** `sessions` completed calls of about ten events each, written in one transaction. */
export function manyCalls(db: string, sessions: number, client = "Bulk"): void {
  const store = openStore(db);
  try {
    const source = readFileSync(join(ROOT, "playbooks", "restore-trust.yaml"), "utf8");
    store.batch(() => {
      for (let i = 0; i < sessions; i++) {
        const t = Date.parse("2026-03-01T09:00:00Z") + i * 3_600_000;
        const s = store.createSession({
          info: { client: `${client} ${i % 40}`, incident: `Outage ${i}`, severity: "high", owner: "Ana", attendees: [], contacts: [], rehearsal: false },
          playbookId: "restore-trust",
          playbookVersion: 1,
          playbookSource: source,
          at: t,
        });
        const steps: Array<[string, Array<[string, unknown]>]> = [
          ["prepare", [["trust_before", 1 + (i % 5)]]],
          ["get-facts", []],
          ["handle-problem", [["actions", [{ what: `Fix ${i}`, owner: "Lee", due: "2026-06-01" }]]]],
          ["accountability", [["trust_after", 1 + ((i + 2) % 5)]]],
        ];
        let at = t;
        for (const [step, answers] of steps) {
          store.append(s.id, { type: "step_started", step }, (at += 60_000));
          for (const [prompt, value] of answers) store.append(s.id, { type: "answered", step, prompt, value } as never, (at += 1_000));
        }
        store.append(s.id, { type: "completed" }, (at += 1_000));
      }
    });
  } finally {
    store.close();
  }
}

/** Every index of a file, by name, with its SQL. */
export function indexes(db: string): unknown[] {
  const store = openStore(db, { readonly: true });
  try {
    return store.db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' ORDER BY name").all();
  } finally {
    store.close();
  }
}

/** How many events a file holds. */
export function eventCount(db: string): number {
  const store = openStore(db, { readonly: true });
  try {
    return store.db.prepare("SELECT count(*) FROM events").pluck().get() as number;
  } finally {
    store.close();
  }
}

/** Polls `check` until it holds (every 20 ms, up to a minute): a condition, never a fixed sleep. */
export async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for a condition");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Runs the built CLI with `args` on the file `db` and SIGKILLs it half way, once its transaction
 * has begun to spill merged pages into the file's log; answers the signal it died of.
 */
export async function killWhenSpilling(args: string[], db: string, now: string): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TRUST_DB: db, TRUST_NOW: now, TZ: "UTC" },
    stdio: "ignore",
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
  await until(() => existsSync(`${db}-wal`) && statSync(`${db}-wal`).size > 256 * 1024);
  child.kill("SIGKILL");
  return exited;
}
