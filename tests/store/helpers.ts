import { build } from "esbuild";
import { createHash } from "node:crypto";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach } from "vitest";
import type { NewSession } from "../../src/store/index.js";
import { copySqliteInto, openUp } from "../helpers/other-user.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** A fresh temporary folder per test, removed afterwards. */
export function useTempDir(): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), "trust-store-"));
    dirs.push(dir);
    return dir;
  };
}

/** sha256 of a file's bytes. */
export function fileHash(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** Every file in a folder with its hash: the whole state a refusal must leave alone. */
export function folderState(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((name) => [name, fileHash(join(dir, name))]));
}

/** The permission bits of a file, as an octal string like "600". */
export function modeOf(path: string): string {
  return (statSync(path).mode & 0o777).toString(8);
}

export const PLAYBOOK_SOURCE = "id: restore-trust\nversion: 1\nsteps: []\n";

/** A session as the runner would create it, with the given overrides. */
export function newSession(overrides: Partial<NewSession["info"]> & { at?: number; playbookId?: string; source?: string } = {}): NewSession {
  const { at = 1_700_000_000_000, playbookId = "restore-trust", source = PLAYBOOK_SOURCE, ...info } = overrides;
  return {
    info: { client: "Acme", incident: "API outage", severity: "high", owner: "Ann", attendees: [{ name: "Bob" }, { name: "Carla", email: "carla@ours.example" }], contacts: [{ name: "Priya", email: "priya@acme.example" }], rehearsal: false, ...info },
    playbookId,
    playbookVersion: 1,
    playbookSource: source,
    at,
  };
}

/**
 * Bundles tests/store/fixtures/worker.ts (and the store it imports) into a temporary folder, so
 * child processes can use the real store without a TypeScript loader. better-sqlite3 stays
 * external, imported from this project's node_modules by absolute path.
 */
export async function buildWorker(): Promise<{ script: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), "trust-store-worker-"));
  chmodSync(dir, 0o755); // readable by the unprivileged user some tests run it as
  const script = join(dir, "worker.mjs");
  // Its own copy of better-sqlite3, beside it: the unprivileged user may not be able to enter the
  // checkout at all (a clone under a 0700 home folder).
  copySqliteInto(dir);
  const native = join(dir, "node_modules", "better-sqlite3", "lib", "index.js");
  await build({
    entryPoints: [join(ROOT, "tests", "store", "fixtures", "worker.ts")],
    outfile: script,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // Bundled CommonJS (yaml, which the store reads playbook snapshots with) requires Node's builtins.
    banner: { js: "import { createRequire as __workerCreateRequire } from 'node:module'; const require = __workerCreateRequire(import.meta.url);" },
    logLevel: "warning",
    plugins: [
      {
        name: "native-better-sqlite3",
        setup(b) {
          b.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path: native, external: true }));
        },
      },
    ],
  });
  openUp(dir);
  return { script, dir };
}
