import { accessSync, constants, realpathSync, statSync } from "node:fs";
import { delimiter, join } from "node:path";

/**
 * Which program a shell runs for `name`: the first executable file of that name in PATH's
 * folders, as the shell looks it up. `trust` is also the name of p11-kit's certificate tool
 * (Debian's /usr/bin/trust), so `trust doctor` says when the one on PATH is not this program.
 */
export function firstOnPath(name: string, path: string | undefined): string | undefined {
  for (const folder of (path ?? "").split(delimiter)) {
    // An empty entry means the current folder, which shells still search.
    const candidate = join(folder === "" ? "." : folder, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not there, or not executable: the shell goes on to the next folder too.
    }
  }
  return undefined;
}

/** Whether two paths name the same file once every link is followed. */
export function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}
