import { TrustError } from "./errors.js";

/**
 * A part of the installation that is not there: a dependency trust loads at run time (the
 * better-sqlite3 package, left out by `--omit` mistakes, a pruned node_modules or a half-copied
 * install) or one of trust's own built files. Node says so with MODULE_NOT_FOUND and a stack
 * trace; the person needs to hear which part is missing and that installing again mends it.
 */
export function installProblem(err: unknown): TrustError | undefined {
  if (!(err instanceof Error)) return undefined;
  const code = (err as NodeJS.ErrnoException).code;
  if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") return undefined;
  const named = /Cannot find (package|module) '([^']+)'/.exec(err.message);
  if (!named) return undefined;
  const what = named[2]!;
  // A path is one of trust's own files; a bare name is a package from node_modules.
  const part = /^[./]|^[A-Za-z]:[\\/]/.test(what) ? `its file ${what}` : `the package ${packageName(what)}`;
  return new TrustError(`trust is not completely installed: ${part} cannot be found`, undefined, {
    // bin/trust.cjs says the same when dist/ itself cannot be loaded, before this module can be.
    hint: "in a checkout of trust, `npm ci && npm run build` installs and builds it; otherwise install trust again (`npm install -g trust-cli`)",
    cause: err,
  });
}

/** `@scope/name/sub/path` → `@scope/name`, `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}
