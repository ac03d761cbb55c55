import { existsSync, statSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { NotFoundError, UsageError } from "../errors.js";
import { configDir, whereSet } from "../config/settings.js";
import { STDIN_LABEL, loadPlaybookFile, type ReadOptions } from "./load.js";
import { builtinPlaybooksDir } from "./package-root.js";
import { scanPlaybookId } from "./scan-id.js";
import { readYaml } from "../fs/yaml-data.js";
import { lineCol, offsetOf } from "./positions.js";
import { formatProblem, type Problem } from "./problem.js";
import type { Playbook } from "./schema.js";
import { didYouMean } from "./suggest.js";

/**
 * Where playbooks come from: the builtin ones shipped in the package, and the user's own folder
 * (`--playbooks DIR`, else TRUST_PLAYBOOKS, else ~/.config/trust/playbooks when it exists).
 * A user playbook with a builtin's id replaces it, so a team can adapt restore-trust.
 */

export type Origin = "builtin" | "user" | "file";

export interface CatalogOptions {
  /** The --playbooks option; when absent, TRUST_PLAYBOOKS and the config folder are tried. */
  userDir?: string;
  env?: NodeJS.ProcessEnv;
}

/** One playbook as listed; an invalid file is listed with its problems and without the fields it lacks. */
export interface CatalogEntry {
  id: string;
  title?: string;
  version?: number;
  description?: string;
  steps?: number;
  prompts?: number;
  origin: "builtin" | "user";
  file: string;
  /** A user playbook that replaces the builtin with the same id. */
  overrides?: boolean;
  problems?: Problem[];
}

export interface FoundPlaybook {
  playbook: Playbook;
  source: string;
  file: string;
  origin: Origin;
}

/** The user's playbook folder, or undefined when none is configured and the default one does not exist. */
export function userPlaybooksDir(opts: CatalogOptions = {}): string | undefined {
  const env = opts.env ?? process.env;
  const explicit = opts.userDir ?? (env.TRUST_PLAYBOOKS || undefined);
  if (explicit !== undefined) {
    const from = opts.userDir !== undefined ? "--playbooks" : whereSet("TRUST_PLAYBOOKS", env);
    if (!existsSync(explicit)) throw new UsageError(`the playbooks folder ${explicit} does not exist`, { hint: `check ${from}` });
    if (!statSync(explicit).isDirectory()) throw new UsageError(`${explicit} is not a folder`, { hint: `${from} names a folder of .yaml playbooks` });
    return explicit;
  }
  const dir = join(configDir(env), "playbooks");
  return existsSync(dir) && statSync(dir).isDirectory() ? dir : undefined;
}

function isYamlFile(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

interface Loaded {
  file: string;
  origin: "builtin" | "user";
  /** Set when the file is valid. */
  found?: FoundPlaybook;
  problems?: Problem[];
}

async function yamlFilesIn(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter(isYamlFile).sort().map((name) => join(dir, name));
  } catch (err) {
    // An installed package always has playbooks/; an empty checkout before the first playbook is written need not fail.
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
}

async function loadOne(file: string, origin: "builtin" | "user"): Promise<Loaded> {
  const result = await loadPlaybookFile(file);
  return result.ok ? { file, origin, found: { playbook: result.playbook, source: result.source, file, origin } } : { file, origin, problems: result.problems };
}

async function loadFolder(dir: string, origin: "builtin" | "user"): Promise<Loaded[]> {
  return Promise.all((await yamlFilesIn(dir)).map((file) => loadOne(file, origin)));
}

function fileId(file: string): string {
  return basename(file, extname(file));
}

function duplicate(l: Loaded, id: string, earlier: string): Loaded {
  const { line, col } = idPlace(l.found?.source ?? "");
  const problem: Problem = { file: l.file, line, col, path: "id", message: `the id "${id}" is already used by ${earlier}: rename one of them` };
  return { file: l.file, origin: l.origin, problems: [problem] };
}

/**
 * Where a valid playbook's top-level id stands (its value), for a problem about it: found in the
 * parsed document as every other problem is (src/playbook/positions.ts), so `"id": x` and a flow
 * mapping are placed too.
 */
function idPlace(source: string): { line: number; col: number } {
  const { doc, lineCounter } = readYaml(source, "playbook");
  return lineCol(lineCounter, offsetOf(doc, ["id"]));
}

/** The first user file to claim an id wins; later ones get a problem, so an id never means two things. */
function markDuplicates(loaded: Loaded[]): Loaded[] {
  const first = new Map<string, string>();
  return loaded.map((l) => {
    if (!l.found) return l;
    const id = l.found.playbook.id;
    const earlier = first.get(id);
    if (earlier === undefined) {
      first.set(id, l.file);
      return l;
    }
    return duplicate(l, id, earlier);
  });
}

async function loadAll(opts: CatalogOptions): Promise<{ builtin: Loaded[]; user: Loaded[] }> {
  const userDir = userPlaybooksDir(opts);
  const [builtin, user] = await Promise.all([loadFolder(builtinPlaybooksDir(), "builtin"), userDir ? loadFolder(userDir, "user") : []]);
  return { builtin, user: markDuplicates(user) };
}

function entryOf(l: Loaded, overrides: boolean): CatalogEntry {
  if (!l.found) return { id: fileId(l.file), origin: l.origin, file: l.file, problems: l.problems ?? [] };
  const p = l.found.playbook;
  return {
    id: p.id,
    title: p.title,
    version: p.version,
    description: p.description,
    steps: p.steps.length,
    prompts: p.steps.reduce((n, s) => n + s.prompts.length, 0),
    origin: l.origin,
    file: l.file,
    ...(overrides ? { overrides: true } : {}),
  };
}

/** Every builtin and user playbook, sorted by id; a user playbook replaces the builtin it overrides. */
export async function listPlaybooks(opts: CatalogOptions = {}): Promise<CatalogEntry[]> {
  const { builtin, user } = await loadAll(opts);
  const userIds = new Set(user.flatMap((l) => (l.found ? [l.found.playbook.id] : [])));
  const builtinIds = new Set(builtin.flatMap((l) => (l.found ? [l.found.playbook.id] : [])));
  const entries = [
    ...builtin.filter((l) => !l.found || !userIds.has(l.found.playbook.id)).map((l) => entryOf(l, false)),
    ...user.map((l) => entryOf(l, l.found !== undefined && builtinIds.has(l.found.playbook.id))),
  ];
  return entries.sort((a, b) => a.id.localeCompare(b.id) || a.file.localeCompare(b.file));
}

/** A reference names a file when it has a folder separator or a YAML extension; otherwise it is an id. */
export function isFileReference(ref: string): boolean {
  return ref.includes("/") || ref.includes("\\") || isYamlFile(ref);
}

function invalid(file: string, problems: Problem[]): UsageError {
  return new UsageError(`playbook ${file} is invalid`, { details: problems.map(formatProblem) });
}

/** The playbook a user means by `ref` (an id or a file path); throws NotFoundError or UsageError (invalid). */
export async function findPlaybook(ref: string, opts: CatalogOptions & ReadOptions = {}): Promise<FoundPlaybook> {
  if (ref === "-" && opts.stdin) {
    const result = await loadPlaybookFile(ref, opts);
    if (!result.ok) throw invalid(STDIN_LABEL, result.problems);
    return { playbook: result.playbook, source: result.source, file: STDIN_LABEL, origin: "file" };
  }
  if (isFileReference(ref)) {
    if (!existsSync(ref)) throw new NotFoundError(`no playbook file ${ref}`, { hint: "check the path, or give a playbook id (`trust playbooks` lists them)" });
    const result = await loadPlaybookFile(ref);
    if (!result.ok) throw invalid(ref, result.problems);
    return { playbook: result.playbook, source: result.source, file: ref, origin: "file" };
  }
  const userDir = userPlaybooksDir(opts);
  // User playbooks come first, so they override builtins with the same id.
  const found = (userDir ? await findInFolder(await yamlFilesIn(userDir), ref, "user") : undefined) ?? (await findInFolder(await yamlFilesIn(builtinPlaybooksDir()), ref, "builtin"));
  if (found) return found;
  // Not found: an error, so reading every playbook for the list of ids in the hint costs nothing that matters.
  const { builtin, user } = await loadAll(opts);
  const ids = [...new Set([...user, ...builtin].flatMap((l) => (l.found ? [l.found.playbook.id] : [])))].sort();
  throw new NotFoundError(`no playbook with the id "${ref}"${didYouMean(ref, ids)}`, {
    hint: ids.length > 0 ? `available: ${ids.join(", ")} (\`trust playbooks\` lists them)` : "no playbooks found; `trust playbook new <id>` writes one",
  });
}

/**
 * The playbook with id `ref` among `files` (sorted), as loading every file and walking them in
 * order would find it, but loading in full only the files that may matter: those whose first
 * lines claim the id (or cannot be scanned), the file named after it, and for that file, those
 * that may hold its id first (a later user file with an id already taken is a duplicate).
 * Throws UsageError when the file named `ref` is invalid.
 */
async function findInFolder(files: string[], ref: string, origin: "builtin" | "user"): Promise<FoundPlaybook | undefined> {
  const scans = await Promise.all(files.map(scanPlaybookId));
  const loads = new Map<number, Promise<Loaded>>();
  const load = (i: number): Promise<Loaded> => {
    let loaded = loads.get(i);
    if (!loaded) loads.set(i, (loaded = loadOne(files[i]!, origin)));
    return loaded;
  };
  const mayClaim = (i: number, id: string): boolean => {
    const scan = scans[i]!;
    return scan.kind === "unknown" || (scan.kind === "id" && scan.id === id);
  };
  /** The first file before `i` that holds `id`, valid: it makes file `i` a duplicate. */
  const firstHolder = async (id: string, before: number): Promise<string | undefined> => {
    for (let j = 0; j < before; j++) {
      if (mayClaim(j, id) && (await load(j)).found?.playbook.id === id) return files[j];
    }
    return undefined;
  };
  for (let i = 0; i < files.length; i++) {
    const named = fileId(files[i]!) === ref;
    if (!named && !mayClaim(i, ref)) continue;
    let loaded = await load(i);
    if (origin === "user" && loaded.found) {
      const id = loaded.found.playbook.id;
      const earlier = await firstHolder(id, i);
      if (earlier !== undefined) loaded = duplicate(loaded, id, earlier);
    }
    if (loaded.found?.playbook.id === ref) return loaded.found;
    if (!loaded.found && named) throw invalid(loaded.file, loaded.problems ?? []);
  }
  return undefined;
}
