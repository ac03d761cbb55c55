import type { Client } from "pg";
import { ExitCode, TrustError, UsageError } from "../errors.js";
import { counted } from "../format/count.js";
import { progressLine, type Progress } from "../format/progress.js";
import type { MergeCounts, Store } from "../store/store.js";
import { eventsAfter, fileId, forgetSync, knownServers, readSyncState, recordSync } from "../store/sync-state.js";
import { CONNECT_TIMEOUT_MS, connect } from "../sync/connect.js";
import { resolveRemote, type Remote } from "../sync/remote.js";
import { remoteError } from "../sync/server-errors.js";
import { prepareServer, tryFileLock, type ServerState } from "../sync/server-schema.js";
import { pendingPull, pull, pullsWhole, push, serverWentBack, type Moved } from "../sync/transfer.js";
import type { CommandOptions } from "./options.js";
import { printJson, type Printed } from "./printed.js";
import { preloadLeanWriter, readingStore, writingStore } from "./store-access.js";

export type SyncOptions = CommandOptions<"sync">;

/**
 * `trust sync`: this file and the team's PostgreSQL server exchange what the other lacks (issue
 * 14). The local file stays where calls are written; the server is the team's union of them.
 * Push first, then pull: a pull that finds nothing of this file waiting can then mark all it
 * merged as already on the server.
 */
export async function sync(opts: SyncOptions): Promise<Printed> {
  if (opts.push && opts.pull) throw new UsageError("--push and --pull together are what `trust sync` does without either");
  const remote = resolveRemote(opts.remote);
  if (opts.status) return status(opts, remote);
  const doPush = !opts.pull;
  const doPull = !opts.push;
  const started = Date.now();
  const client = await connect(remote, process.env, CONNECT_TIMEOUT_MS, preloadLeanWriter);
  try {
    const server = await step(remote, doPush && !opts.dryRun ? "schema set-up" : "schema check", () => prepareServer(client, doPush && !opts.dryRun));
    if (opts.dryRun) return await dryRun(opts, remote, client, server, doPush, doPull);
    return await writingStore(opts, async (store) => {
      // Only a pull finds no schema (a push makes it): there is nothing to bring.
      if (server === null) return summary(opts, remote, null, null, { sessions: 0, events: 0, rebuilt: 0 }, started, "the team server has no trust data yet");
      await holdFileLock(client, store, remote);
      const warnings: string[] = [];
      if (await step(remote, "check of the marks", () => serverWentBack(client, store, server.id))) {
        store.batch(() => forgetSync(store.db, server.id));
        warnings.push(
          `the team server (${remote.shown}) no longer holds everything this file sent to it or fetched from it, as after a restore from an older backup: this sync sends and fetches everything again, and what either side already holds is skipped`,
        );
      }
      const pushed = doPush ? await transfer(remote, "push", (progress) => push(client, store, server.id, progress)) : null;
      const whole = doPull && pullsWhole(store, server.id);
      const pulled = doPull
        ? await transfer(remote, "pull", (progress) => pull(client, store, server.id, remote.shown, progress, whole), whole ? WHOLE_PULL_KEPT : undefined)
        : null;
      store.batch(() => recordSync(store.db, server.id, { at: Date.now() }));
      return { ...summary(opts, remote, server, pushed, pulled, started), warnings };
    }, { lean: true });
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Runs one direction with its progress line (on a terminal), erased before anything else is
 * said; a failure says what is kept: the chunks moved before it, on both sides, or for a pull
 * that is one transaction, nothing.
 */
async function transfer<T>(remote: Remote, during: "push" | "pull", run: (progress: Progress) => Promise<T>, kept = CHUNKS_KEPT): Promise<T> {
  const progress = progressLine(during === "push" ? "pushing events" : "pulling events");
  try {
    return await step(remote, during, () => run(progress), kept);
  } finally {
    progress.end();
  }
}

const CHUNKS_KEPT = "What was sent before it is kept on both sides, and `trust sync` goes on from there.";
const WHOLE_PULL_KEPT = "Nothing of it was merged: a first pull into a file that holds nothing is one transaction, and `trust sync` starts it again.";

async function step<T>(remote: Remote, during: string, run: () => Promise<T>, kept = ""): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw remoteError(err, remote, during, kept);
  }
}

/**
 * One sync of a file with a server at a time: a second (another terminal, a cron job) would only
 * send and merge the same chunks again. The lock is the server's, tied to the connection, so a
 * killed sync never leaves it behind.
 */
async function holdFileLock(client: Client, store: Store, remote: Remote): Promise<void> {
  if (!(await step(remote, "connection", () => tryFileLock(client, fileId(store.db))))) {
    throw new TrustError(`another trust sync of ${store.path} with this server is running`, ExitCode.failure, {
      hint: "Wait for it to finish; running both would only send the same events twice.",
    });
  }
}

function summary(opts: SyncOptions, remote: Remote, server: ServerState | null, pushed: Moved | null, pulled: MergeCounts | null, started: number, note?: string): Printed {
  const seconds = (Date.now() - started) / 1000;
  if (opts.json) return printJson({ remote: remote.shown, server: server?.id ?? null, pushed, pulled, seconds });
  if (note !== undefined) return { stdout: "", notice: `Nothing to pull: ${note} (${remote.shown}).` };
  const parts: string[] = [];
  if (pushed) parts.push(`pushed ${moved(pushed)}`);
  if (pulled) parts.push(`pulled ${moved(pulled)}`);
  const order = pulled && pulled.rebuilt > 0 ? ` ${counted(pulled.rebuilt, "session")} held events from elsewhere too and ${pulled.rebuilt === 1 ? "was" : "were"} put back in order.` : "";
  const line = `${capital(parts.join(", "))} in ${seconds.toFixed(1)} s.${order}`;
  return { stdout: "", notice: line };
}

function moved(m: Moved): string {
  return `${counted(m.sessions, "session")} (${counted(m.events, "event")})`;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What a sync would move, without writing on either side (nor making the server's schema). */
async function dryRun(opts: SyncOptions, remote: Remote, client: Client, server: ServerState | null, doPush: boolean, doPull: boolean): Promise<Printed> {
  return readingStore(opts, async (store) => {
    const state = server === null ? { pulled: 0, pushed: 0 } : readSyncState(store.db, server.id);
    const toPush = doPush ? eventsAfter(store.db, state.pushed) : null;
    const toPull = doPull && server !== null ? await step(remote, "pull", () => pendingPull(client, store, server.id)) : doPull ? 0 : null;
    if (opts.json) return printJson({ remote: remote.shown, server: server?.id ?? null, dryRun: true, toPush, toPull });
    const parts = [toPush === null ? "" : `push up to ${counted(toPush, "event")}`, toPull === null ? "" : `pull ${counted(toPull, "event")}`].filter(Boolean);
    return { stdout: "", notice: `Would ${parts.join(" and ")} (${remote.shown}); nothing written.` };
  });
}

/** When this file last synced; with `known` (the server was not reached), with which of the servers it knows. */
function lastSyncLine(at: string | null, known?: ReadonlyArray<{ server: string }>): string {
  if (known === undefined || known.length === 0) return at ?? "never";
  if (known.length === 1) return `${at ?? "never"} (with server ${known[0]!.server.slice(0, 8)}, the only one this file has synced with)`;
  return `unknown: this file has synced with ${known.length} servers, and which one this is cannot be told without reaching it`;
}

/** `trust sync --status`: the marks this file keeps, and what waits on each side. */
async function status(opts: SyncOptions, remote: Remote): Promise<Printed> {
  let client: Client | undefined;
  let unreachable: string | undefined;
  try {
    client = await connect(remote);
  } catch (err) {
    unreachable = err instanceof Error ? err.message : String(err);
  }
  try {
    const server = client ? await step(remote, "schema check", () => prepareServer(client!, false)) : null;
    return await readingStore(opts, async (store) => {
      // The marks are kept per server, by its id: one that cannot be reached is known by id only
      // when this file has synced with one server alone; with several, what waits is unknown.
      const known = server ? [] : knownServers(store.db);
      const state = server ? readSyncState(store.db, server.id) : known.length === 1 ? known[0]! : known.length === 0 ? { pushed: 0, syncedAt: null } : undefined;
      const toPush = state === undefined ? null : eventsAfter(store.db, state.pushed);
      const toPull = client && server ? await step(remote, "pull", () => pendingPull(client!, store, server.id)) : null;
      const out = {
        remote: remote.shown,
        reachable: client !== undefined,
        server: server?.id ?? null,
        lastSync: state?.syncedAt == null ? null : new Date(state.syncedAt).toISOString(),
        toPush,
        toPull,
        ...(unreachable === undefined ? {} : { problem: unreachable }),
      };
      if (opts.json) return printJson(out);
      const lines = [
        `Team server: ${remote.shown}${unreachable === undefined ? "" : ` (not reachable: ${unreachable})`}`,
        `Last sync:   ${lastSyncLine(out.lastSync, server === null ? known : undefined)}`,
        `To push:     ${toPush === null ? "unknown" : counted(toPush, "event")}`,
        `To pull:     ${toPull === null ? "unknown" : counted(toPull, "event")}`,
      ];
      return { stdout: lines.join("\n") + "\n" };
    });
  } finally {
    await client?.end().catch(() => undefined);
  }
}
