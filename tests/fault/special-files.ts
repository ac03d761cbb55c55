import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { afterAll } from "vitest";

/**
 * Things at a path that are not regular files, for the tests that give them to trust where it
 * expects a file (--db, --out, --answers). Each maker returns the path it made.
 */

export function mkfifo(path: string): string {
  execFileSync("mkfifo", [path]);
  return path;
}

/** A character device like /dev/null (1, 3), made in the test's own folder: needs root. */
export function mknod(path: string): string {
  execFileSync("mknod", [path, "c", "1", "3"]);
  return path;
}

export function link(to: string, path: string): string {
  symlinkSync(to, path);
  return path;
}

export function mkdir(path: string): string {
  mkdirSync(path);
  return path;
}

/** Listening unix sockets, closed when the test file ends: `socket(path)` resolves once one is there. */
export function useSockets(): (path: string) => Promise<string> {
  const servers: Server[] = [];
  afterAll(() => {
    for (const s of servers.splice(0)) s.close();
  });
  return (path) => new Promise((resolve) => servers.push(createServer().listen(path, () => resolve(path))));
}
