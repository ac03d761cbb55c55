import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { UsageError } from "../errors.js";
import type { FileKind } from "../playbook/load.js";
import { formatProblem } from "../playbook/problem.js";
import { Directory } from "./directory.js";
import type { PeopleFile } from "./people-file.js";

/** Where the people file is looked for when --people is not given: people.yaml in trust's config folder. */
export function defaultPeoplePath(env: NodeJS.ProcessEnv = process.env): string {
  const config = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), ".config");
  return join(config, "trust", "people.yaml");
}

/**
 * Our people: from `--people FILE` (which must exist), else from the default file when there is
 * one, else nobody (owners are then taken as typed). A file with problems is refused, each
 * problem at its line:col.
 */
export async function loadDirectory(opts: { people?: string }, env: NodeJS.ProcessEnv = process.env): Promise<Directory> {
  const file = opts.people ?? defaultPeoplePath(env);
  if (opts.people === undefined && !existsSync(file)) return new Directory();
  // yaml and zod are loaded only when there is a file to read: `trust actions --owner X --fail`
  // is a CI gate, and most teams have no people file.
  const [{ loadCheckedFile }, { PeopleFile, peopleRules }] = await Promise.all([import("../playbook/load.js"), import("./people-file.js")]);
  const kind: FileKind<PeopleFile> = {
    noun: "people file",
    needs: "a list under people: with a name for each person",
    keys: "people",
    schema: PeopleFile,
    rules: [peopleRules],
  };
  const r = await loadCheckedFile(file, kind);
  if (!r.ok) {
    const n = r.problems.length;
    throw new UsageError(`people file ${file} has ${n} problem${n === 1 ? "" : "s"}`, { details: r.problems.map(formatProblem) });
  }
  return new Directory(r.value.people);
}
