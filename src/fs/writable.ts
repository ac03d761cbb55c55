import type { Stats } from "node:fs";

/**
 * Whether the permission bits let this user write the file, for root too (which the kernel would
 * let write anything): a file someone made read-only is a choice to respect, not an obstacle.
 */
export function writableByUs(info: Stats): boolean {
  const uid = process.getuid?.();
  if (uid === undefined) return (info.mode & 0o222) !== 0;
  if (info.uid === uid) return (info.mode & 0o200) !== 0;
  const groups = [process.getgid?.(), ...(process.getgroups?.() ?? [])];
  if (groups.includes(info.gid)) return (info.mode & 0o020) !== 0;
  return (info.mode & 0o002) !== 0;
}
