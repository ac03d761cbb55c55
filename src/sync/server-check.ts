import { connect } from "./connect.js";
import { resolveRemote } from "./remote.js";
import { prepareServer } from "./server-schema.js";

/** How long doctor waits for the team server before saying it does not answer. */
const DOCTOR_CONNECT_MS = 3_000;

/**
 * The team server as `trust doctor` sees it, when one is configured: whether it answers, and its
 * trust schema. Only reads; a problem is a warning (calls are still saved locally, and pushed by
 * the next sync), never a failed check.
 */
export async function checkServer(env: NodeJS.ProcessEnv = process.env): Promise<{ ok: true; warning?: true; detail: string; fix?: string } | undefined> {
  if (!env.TRUST_REMOTE) return undefined;
  let shown = "";
  try {
    const remote = resolveRemote(undefined, env);
    shown = remote.shown;
    const client = await connect(remote, env, DOCTOR_CONNECT_MS);
    try {
      const state = await prepareServer(client, false);
      return {
        ok: true,
        detail: state === null ? `${shown} answers; it has no trust data yet (the first sync makes its tables)` : `${shown} answers, schema ${state.version}, server ${state.id.slice(0, 8)}`,
      };
    } finally {
      await client.end().catch(() => undefined);
    }
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { ok: true, warning: true, detail: why, fix: "Calls are still saved here; `trust sync` sends them once the server can be used. `trust sync --status` says what waits." };
  }
}
