import { UsageError } from "../errors.js";
import { visible, visibleLine } from "../format/visible.js";
import { paintFor } from "../output.js";
import { fileLabel, loadPlaybookFile } from "../playbook/load.js";
import { formatProblem, type Problem } from "../playbook/problem.js";
import type { CommandOptions } from "./options.js";
import { printJson, type Printed } from "./printed.js";
import { stdoutTerminal } from "../standard-streams.js";

export type PlaybookValidateOptions = CommandOptions<"playbook validate"> & { files: string[] };

interface FileResult {
  file: string;
  valid: boolean;
  problems: Problem[];
}

/**
 * `trust playbook validate`: checks each file and lists `ok  file` or its problems on stdout.
 * Any invalid file makes it exit 2, with the count as the one line on stderr. A valid file can
 * still get warnings (it marks nothing for the client letter): one `trust: warning:` line each
 * on stderr, with its file:line:col, and the exit code stays 0.
 */
export async function playbookValidate(opts: PlaybookValidateOptions): Promise<Printed> {
  const results: FileResult[] = [];
  const warnings: Problem[] = [];
  if (opts.files.some((f) => f.trim() === "")) throw new UsageError("a playbook file name is empty", { hint: "give the path of a YAML file" });
  if (opts.files.filter((f) => f === "-").length > 1) throw new UsageError("- (standard input) is given more than once", { hint: "standard input can be read once" });
  // One at a time, so the listing comes out in the order the files were given.
  for (const file of opts.files) {
    const result = await loadPlaybookFile(file, { stdin: true });
    results.push({ file: fileLabel(file, { stdin: true }), valid: result.ok, problems: result.ok ? [] : result.problems });
    if (result.ok) warnings.push(...result.warnings);
  }
  const invalid = results.filter((r) => !r.valid).length;

  const more = {
    warnings: warnings.map(formatProblem),
    ...(invalid > 0 ? { failure: new UsageError(`${invalid} of ${results.length} ${results.length === 1 ? "playbook" : "playbooks"} invalid`) } : {}),
  };
  if (opts.json) return printJson({ valid: invalid === 0, files: results }, more);
  const paint = await paintFor(stdoutTerminal(), opts);
  const lines = results.flatMap((r) => (r.valid ? [`${paint.green("ok")}  ${visibleLine(r.file)}`] : r.problems.map((p) => visible(formatProblem(p)))));
  return { stdout: lines.join("\n") + "\n", ...more };
}
