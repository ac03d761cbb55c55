import type { GlobalOptions } from "../commands/options.js";
import { visible } from "../format/visible.js";
import { resolveDbPath } from "../store/paths.js";
import { connect } from "./connect.js";
import { maskRemote, resolveRemote } from "./remote.js";
import { remoteError } from "./server-errors.js";
import { prepareServer } from "./server-schema.js";
import { writeStderr } from "../standard-streams.js";

/** A push after a call or a change must not keep a person waiting on a server that does not answer. */
const QUICK_CONNECT_MS = 3_000;

/**
 * After a call ends (`trust start`, `trust resume`) or a commitment changes (`trust actions
 * done` and the others), pushes this file's new events when a team server is configured
 * (TRUST_REMOTE, or `remote:` in the config file): never during the call, and never failing the
 * command. A push that fails is said once, in one line (returned, for the command to print after
 * its own output), and `trust sync` sends it later.
 */
export async function pushAfterChange(opts: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (!env.TRUST_REMOTE) return undefined;
  let shown = maskRemote(env.TRUST_REMOTE);
  try {
    const remote = resolveRemote(undefined, env);
    shown = remote.shown;
    const client = await connect(remote, env, QUICK_CONNECT_MS);
    try {
      const server = await prepareServer(client, true).catch((err: unknown) => {
        throw remoteError(err, remote, "schema set-up");
      });
      const { openStore } = await import("../store/open.js");
      // COPY's stream module loads only when a push happens.
      const { push } = await import("./transfer.js");
      const store = openStore(resolveDbPath(opts));
      try {
        await push(client, store, server!.id, { update: () => undefined, end: () => undefined }).catch((err: unknown) => {
          throw remoteError(err, remote, "push");
        });
      } finally {
        store.close();
      }
    } finally {
      await client.end().catch(() => undefined);
    }
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return visible(`not pushed to the team server yet (${why.replace(/\.$/, "")}); \`trust sync\` will send it (${shown})`);
  }
  return undefined;
}

/** Pushes as above, and says a failure on stderr at once: for commands that have printed all they print. */
export async function pushAfterCall(opts: GlobalOptions): Promise<void> {
  const failed = await pushAfterChange(opts);
  if (failed !== undefined) writeStderr(`trust: ${failed}\n`);
}
