import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, extname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findPlaybook } from "../../src/playbook/catalog.js";
import { loadPlaybookFile, type Problem } from "../../src/playbook/load.js";
import { builtinPlaybooksDir } from "../../src/playbook/package-root.js";
import { rounds } from "../helpers/node-line.js";

/**
 * findPlaybook reads only the files that may hold the id asked for (issue 10); this checks,
 * on random folders, that it still answers exactly as loading every file did: the same
 * playbook, or the same error. The reference below is the former findPlaybook, kept here.
 */

const tmp = mkdtempSync(join(tmpdir(), "trust-catalog-find-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Loaded = { file: string; id?: string; title?: string; problems?: Problem[] };

async function loadFolder(dir: string): Promise<Loaded[]> {
  const names = (await readdir(dir)).filter((n) => /\.ya?ml$/i.test(n)).sort();
  return Promise.all(
    names.map(async (name) => {
      const file = join(dir, name);
      const r = await loadPlaybookFile(file);
      return r.ok ? { file, id: r.playbook.id, title: r.playbook.title } : { file, problems: r.problems };
    }),
  );
}

// The builtins do not change during the test: loaded once, where the former findPlaybook loaded them each time.
let builtins: Promise<Loaded[]> | undefined;

/** The former findPlaybook, over one folder: load all, mark duplicates among user files, walk user then builtin. */
async function reference(userDir: string): Promise<(ref: string) => string> {
  const first = new Map<string, string>();
  const user = (await loadFolder(userDir)).map((l): Loaded => {
    if (l.id === undefined) return l;
    const earlier = first.get(l.id);
    if (earlier === undefined) {
      first.set(l.id, l.file);
      return l;
    }
    return { file: l.file, problems: [{ file: l.file, line: 1, col: 1, path: "id", message: `the id "${l.id}" is already used by ${earlier}: rename one of them` }] };
  });
  const all = [...user, ...(await (builtins ??= loadFolder(builtinPlaybooksDir())))];
  return (ref) => {
    for (const l of all) {
      if (l.id === ref) return `found ${l.file} ${l.title}`;
      if (l.id === undefined && basename(l.file, extname(l.file)) === ref) return `invalid ${l.file} ${l.problems!.map((p) => p.message).join("; ")}`;
    }
    return "not found";
  };
}

async function actual(ref: string, userDir: string): Promise<string> {
  try {
    const found = await findPlaybook(ref, { userDir, env: {} });
    return `found ${found.file} ${found.playbook.title}`;
  } catch (err) {
    const e = err as Error & { exitCode?: number; details?: string[] };
    if (e.exitCode === 4) return "not found";
    if (e.exitCode === 2 && /^playbook (.*) is invalid$/.test(e.message)) {
      const file = /^playbook (.*) is invalid$/.exec(e.message)![1]!;
      return `invalid ${file} ${e.details!.map((d) => d.replace(/^.*?:\d+:\d+ (\S+: )?/, "")).join("; ")}`;
    }
    throw err;
  }
}

const IDS = ["alpha", "beta", "restore-trust", "service-outage"];
const body = (title: string) => `title: ${title}\nversion: 1\ndescription: A user playbook.\nsteps:\n  - { id: one, title: One }\n`;

describe("findPlaybook, reading only what it needs", () => {
  const FOLDERS = rounds(100, 25);
  it(`answers as loading every file did, on ${FOLDERS} random folders`, async () => {
    let seed = 12345;
    const r = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
    for (let c = 0; c < FOLDERS; c++) {
      const dir = mkdtempSync(join(tmp, "case-"));
      for (let f = Math.floor(r() * 6); f >= 0; f--) {
        const name = `${pick([...IDS, "a", "b", "z"])}${pick(["", "-2", "-x"])}.${pick(["yaml", "yml"])}`;
        const id = pick(IDS);
        const title = `T${c}-${f}`;
        const text = pick([
          `id: ${id}\n${body(title)}`,
          `# comment\n---\nid: "${id}"\n${body(title)}`,
          `${body(title)}id: ${id}\n`,
          `{ id: ${id}, title: ${title}, version: 1, description: d, steps: [{ id: one, title: One }] }\n`,
          `id: ${id}\n${body(title)}steps: []\n`,
          `id: ${id}\ntitle: [unclosed\n`,
          `id: ${id}\n${body(title)}`.replace("version: 1", "version: nope"),
        ]);
        writeFileSync(join(dir, name), text);
      }
      const answer = await reference(dir);
      for (const ref of [...IDS, "a", "b-2", "missing"]) {
        const expected = answer(ref);
        const got = await actual(ref, dir);
        expect(got, `case ${c}, ref ${ref}`).toBe(expected);
      }
    }
  }, 120_000);
});
