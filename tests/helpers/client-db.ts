import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { runCli, withoutPastDays, type CliResult } from "./cli.js";

/**
 * Databases for the client pages, made by the real built CLI: each call is `trust start --answers`
 * at a pinned time, so the pages built from them can be compared with figures worked out by hand.
 */

/** A playbook with no ratings and no commitments: a call whose client stays unrated. */
const CHECK_IN = `id: check-in
title: A short check-in
version: 1
description: A call that rates nothing and promises nothing.
steps:
  - id: talk
    title: Talk
    prompts:
      - { id: notes, type: text, message: What did they say?, letter: heard }
`;

export interface Call {
  /** When the call starts (TRUST_NOW for `trust start`). */
  at: string;
  client: string;
  incident?: string;
  owner?: string;
  /** Trust before and after; none: the check-in playbook, which rates nothing. */
  trust?: [number, number];
  /** restore-trust needs at least one. */
  actions?: Array<{ what: string; owner: string; due: string }>;
  contacts?: string[];
  rehearsal?: boolean;
}

export interface ClientDb {
  db: string;
  /** Runs trust on this database, at `now`. */
  trust(args: string[], now: string): Promise<CliResult>;
  /** Records a call; returns its session id. */
  call(c: Call): Promise<string>;
  /** Every commitment, rehearsals and cancelled ones included, by what it says. */
  commitments(now: string): Promise<Map<string, { id: string; session: string }>>;
}

/** A database at `dir/name.db`, with the check-in playbook beside the builtins. */
export function clientDb(dir: string, name: string): ClientDb {
  const db = join(dir, `${name}.db`);
  const playbooks = join(dir, "playbooks");
  mkdirSync(playbooks, { recursive: true });
  writeFileSync(join(playbooks, "check-in.yaml"), CHECK_IN);
  const env = { TRUST_DB: db, TRUST_PLAYBOOKS: playbooks, XDG_CONFIG_HOME: join(dir, "config"), TZ: "UTC", NO_COLOR: "1" };
  const trust = (args: string[], now: string) => runCli(args, { env: { ...env, TRUST_NOW: now } });
  let n = 0;
  return {
    db,
    trust,
    async call(c) {
      const answers = join(dir, `${name}-answers-${++n}.json`);
      const rated = c.trust !== undefined;
      writeFileSync(
        answers,
        JSON.stringify(
          rated
            ? {
                timeline_reviewed: true,
                trust_before: c.trust![0],
                client_facts: ["The API returned errors for two hours"],
                apologised: true,
                apology_words: "I'm sorry: we let you down.",
                problem_agreed: true,
                actions: c.actions ?? [],
                goodwill: "none",
                trust_after: c.trust![1],
              }
            : { notes: "All quiet." },
        ),
      );
      const r = await trust(
        [
          "start", ...(rated ? [] : ["check-in"]), "--answers", answers,
          "--client", c.client, "--incident", c.incident ?? "Incident", "--severity", "high", "--owner", c.owner ?? "Dana",
          ...(c.contacts ?? []).flatMap((p) => ["--contact", p]),
          ...(c.rehearsal ? ["--rehearsal"] : []),
          "--json",
        ],
        c.at,
      );
      expect(withoutPastDays(r.stderr), `trust start for ${c.client} at ${c.at}`).toBe("");
      expect(r.code).toBe(0);
      return (JSON.parse(r.stdout) as { id: string }).id;
    },
    async commitments(now) {
      const r = await trust(["actions", "--json", "--status", "all", "--rehearsals"], now);
      expect(r.code).toBe(0);
      const list = JSON.parse(r.stdout) as Array<{ id: string; session: string; what: string }>;
      return new Map(list.map((a) => [a.what, { id: a.id, session: a.session }]));
    },
  };
}
