import { NeedsMigrations, openWith } from "./open-file.js";
import type { Store } from "./store.js";

/**
 * A writer's store for a command that writes its own records and, only sometimes, what came from
 * elsewhere (trust sync: its marks always, a pull's events when there are any). The file is
 * opened without the migrations and the write checks, which load zod and the YAML parser (a
 * tenth of a second of an incremental sync); a file that needs migrations is opened with them.
 */
export async function openLeanWriter(path: string): Promise<Store> {
  try {
    return openWith(path, {}, {});
  } catch (err) {
    if (!(err instanceof NeedsMigrations)) throw err;
    const { openStore } = await import("./open.js");
    return openStore(path);
  }
}

/** Gives a store opened by openLeanWriter its write checks, before it merges anything. */
export async function withWriteChecks(store: Store): Promise<void> {
  if (!store.checking) store.useChecks((await import("./write-checks.js")).WRITE_CHECKS);
}
