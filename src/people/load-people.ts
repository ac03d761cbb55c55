import { existsSync } from "node:fs";
import { join } from "node:path";
import { configDir, whereSet } from "../config/settings.js";
import { UsageError } from "../errors.js";
import type { FileKind } from "../playbook/load.js";
import { formatProblem } from "../playbook/problem.js";
import { Directory } from "./directory.js";
import type { PeopleFile } from "./people-file.js";

/** Where the people file is looked for when --people is not given: people.yaml in trust's config folder. */
export function defaultPeoplePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), "people.yaml");
}

/**
 * Our people: from `--people FILE` or TRUST_PEOPLE (which must exist), else from the default file when there is
 * one, else nobody (owners are then taken as typed). A file with problems is refused, each
 * problem at its line:col.
 */
export async function loadDirectory(opts: { people?: string }, env: NodeJS.ProcessEnv = process.env): Promise<Directory> {
  const explicit = opts.people ?? (env.TRUST_PEOPLE || undefined);
  const file = explicit ?? defaultPeoplePath(env);
  if (explicit === undefined && !existsSync(file)) return new Directory();
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
    // Named where it was set: a path from the config file is not one the person typed.
    const from = opts.people !== undefined ? "--people" : explicit !== undefined ? whereSet("TRUST_PEOPLE", env) : undefined;
    throw new UsageError(`people file ${file} has ${n} problem${n === 1 ? "" : "s"}`, { details: r.problems.map(formatProblem), ...(from ? { hint: `check ${from}` } : {}) });
  }
  return new Directory(r.value.people);
}
