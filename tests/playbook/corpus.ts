import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: corpus paths are given relative to it, as a user would type them. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const BROKEN_DIR = "tests/fixtures/playbooks/broken";
export const VALID_DIR = "tests/fixtures/playbooks/valid";

export interface BrokenFixture {
  name: string;
  /** Relative to ROOT. */
  file: string;
  /** Each line the file must produce, `file:line:col path: message`, in order. */
  expected: string[];
}

/**
 * The broken playbooks, each with the exact problems it must produce, read from its
 * `# expect: line:col path: message` comment lines (the comments count as lines too).
 */
export function brokenFixtures(): BrokenFixture[] {
  return readdirSync(join(ROOT, BROKEN_DIR))
    .filter((name) => name.endsWith(".yaml"))
    .sort()
    .map((name) => {
      const file = `${BROKEN_DIR}/${name}`;
      const expected = readFileSync(join(ROOT, file), "utf8")
        .split("\n")
        .flatMap((line) => (line.startsWith("# expect: ") ? [`${file}:${line.slice("# expect: ".length)}`] : []));
      return { name, file, expected };
    });
}

/** Fixtures too large or too odd to commit, written into `dir`: name → [bytes, the problem line after `file:`]. */
export const GENERATED: Record<string, { bytes: () => Buffer; expect: string }> = {
  "over-one-mib.yaml": {
    bytes: () => Buffer.from(`id: big\ntitle: Big\nversion: 1\ndescription: "${"x".repeat(1024 * 1024)}"\n`),
    expect: "1:1 the file is 1.0 MiB (1,048,622 bytes), over the 1 MiB limit for a playbook",
  },
  "invalid-utf8.yaml": {
    bytes: () => Buffer.concat([Buffer.from("id: cafe\ntitle: Caf"), Buffer.from([0xe9, 0x20]), Buffer.from("au lait\n")]),
    expect: "2:11 is not UTF-8 text: save the file as UTF-8",
  },
};
