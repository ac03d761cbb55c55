import { lstatSync, readlinkSync, realpathSync, statSync, type Stats } from "node:fs";
import { basename, dirname, join, resolve, sep } from "node:path";
import { errnoCode, errnoReason } from "./errno.js";
import { kindOf } from "./file-kind.js";

/**
 * Where a path someone named for trust to write (`--out`, `--db`) really leads, followed one link
 * at a time as the kernel would, through linked folders too: both must end at a regular file or
 * at nothing yet. /dev/stdout, /dev/fd/3 and /proc/self/fd/1 lead to whatever a descriptor is open
 * on (a terminal, a pipe, another program's log), /sys and /proc hold the kernel's views, so a hop
 * into /dev, /proc or /sys is refused whatever it leads to, also through `ln -s /proc p; p/self/...`.
 */

export type PathEnd =
  /** Something is there: `real` is it, links followed. */
  | { found: true; real: string; info: Stats }
  /** Nothing is there yet: `real` is where a new file would be made (its folder may be missing too). */
  | { found: false; real: string };

/** Why a path cannot be written, in words that follow "cannot write X: " or "cannot use X as the database: ". */
export class PathRefusal extends Error {
  override name = "PathRefusal";
  constructor(
    message: string,
    /** virtual: /dev, /proc, /sys; link: a link that leads nowhere or loops; path: the name itself. */
    readonly kind: "virtual" | "link" | "path",
  ) {
    super(message);
  }
}

const MAX_LINKS = 40;
const VIRTUAL = /^\/(dev|proc|sys)(\/|$)/;

/** Follows `path` to what it names; throws a PathRefusal for a path that can only go wrong. */
export function followPath(path: string): PathEnd {
  // resolve() drops a trailing slash, which says the name is a folder's.
  if (path.length > 1 && (path.endsWith("/") || path.endsWith(sep))) throw new PathRefusal("it ends with a slash, so it names a folder, not a file", "path");
  const given = resolve(path);
  let current = given;
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    current = join(realFolder(dirname(current)), basename(current));
    if (VIRTUAL.test(current)) throw virtual(current, given);
    let info: Stats;
    try {
      info = lstatSync(current);
    } catch (err) {
      const code = errnoCode(err);
      if (code === "ENAMETOOLONG" || code === "ENOTDIR") throw new PathRefusal(errnoReason(code, "write")!, "path");
      if (hops === 0) return { found: false, real: current };
      if (code === "ENOENT") throw new PathRefusal(`it is a symbolic link to a file that does not exist (${current})`, "link");
      throw new PathRefusal(`it is a symbolic link that cannot be followed (${code}: ${current})`, "link");
    }
    if (!info.isSymbolicLink()) return { found: true, real: current, info };
    current = resolve(dirname(current), readlinkSync(current));
  }
  throw new PathRefusal("it is a symbolic link that loops", "link");
}

/**
 * The real path of a folder, links resolved; for a folder that does not exist yet, the real path
 * of the nearest one that does, with the missing names after it.
 */
function realFolder(dir: string): string {
  try {
    return realpathSync(dir);
  } catch (err) {
    const code = errnoCode(err);
    if (code === "ENOTDIR" || code === "ENAMETOOLONG") throw new PathRefusal(errnoReason(code, "write")!, "path");
    // Not errno.ts's ELOOP words: the loop is in a folder on the way, not the file itself.
    if (code === "ELOOP") throw new PathRefusal("a folder in its path is a symbolic link that loops", "link");
    if (code !== "ENOENT" || dirname(dir) === dir) return dir; // EACCES and the like: the write itself says so
    if (isLink(dir)) throw new PathRefusal(`its folder ${dir} is a symbolic link to a folder that does not exist`, "link");
    return join(realFolder(dirname(dir)), basename(dir));
  }
}

/** A path of a thousand characters would drown a one-line message: its start and end say enough. */
export function shortPath(path: string): string {
  return path.length <= 120 ? path : `${path.slice(0, 50)}...${path.slice(-50)}`;
}

/** A hop into /dev, /proc or /sys, said as what it is: a device, or the kernel's views. */
function virtual(current: string, given: string): PathRefusal {
  const area = VIRTUAL.exec(current)![1];
  if (/^\/proc\/[^/]+\/fd(\/|$)/.test(current)) return new PathRefusal(`it names an open file descriptor (${current}), not a regular file`, "virtual");
  if (area !== "dev") return new PathRefusal(`/${area} is a virtual file system, with no room for files${current === given ? "" : ` (${current})`}`, "virtual");
  const through = current === given ? "" : ` (through the link to ${current})`;
  let info: Stats | undefined;
  try {
    info = statSync(current);
  } catch {
    info = undefined;
  }
  // /dev/stdout and /dev/fd/N lead on to whatever the descriptor is open on, a regular file too.
  if (info === undefined || info.isFile()) return new PathRefusal(`it names a device or an open file descriptor${through}, not a regular file`, "virtual");
  return new PathRefusal(`it is ${info.isDirectory() ? "a folder" : kindOf(info)}${through}, not a regular file`, "virtual");
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
