import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { TrustError } from "../errors.js";

/**
 * The folder of the installed trust-cli package, found by walking up from this module to the
 * package.json that names it. That works from the bundle in dist/, from src/ under vitest, and
 * from a global install, where a fixed "../" would be right in only one of them.
 */

const PACKAGE_NAME = "trust-cli";
let cached: string | undefined;

function isPackageRoot(dir: string): boolean {
  const manifest = join(dir, "package.json");
  if (!existsSync(manifest)) return false;
  try {
    return (JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

/** The package folder holding playbooks/ and schema/, starting the search at `from` (a file URL). */
export function packageRoot(from: string = import.meta.url): string {
  if (from === import.meta.url && cached) return cached;
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    if (isPackageRoot(dir)) {
      if (from === import.meta.url) cached = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new TrustError(`cannot find the ${PACKAGE_NAME} package folder above ${fileURLToPath(from)}`, undefined, { hint: "reinstall trust" });
    dir = parent;
  }
}

/** The folder of the builtin playbooks. */
export function builtinPlaybooksDir(): string {
  return join(packageRoot(), "playbooks");
}

/** The JSON Schema file editors use, as shipped in the package. */
export function schemaFile(): string {
  return join(packageRoot(), "schema", "playbook.schema.json");
}
