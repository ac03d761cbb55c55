import { renderTable } from "../format/table.js";
import { visible, visibleLine } from "../format/visible.js";
import { fitWidth, paintFor } from "../output.js";
import { listPlaybooks, type CatalogEntry } from "../playbook/catalog.js";
import { formatProblem } from "../playbook/problem.js";
import type { CommandOptions } from "./options.js";
import { printJson, type Printed } from "./printed.js";
import { stdoutTerminal } from "../standard-streams.js";

export type PlaybooksOptions = CommandOptions<"playbooks">;

function originText(e: CatalogEntry): string {
  if (e.problems) return `${e.origin}, invalid`;
  return e.overrides ? "user (overrides builtin)" : e.origin;
}

/** `trust playbooks`: the builtin and user playbooks as a table, or --json. Invalid user files are listed, not fatal. */
export async function playbooks(opts: PlaybooksOptions): Promise<Printed> {
  const entries = await listPlaybooks({ userDir: opts.playbooks });
  if (opts.json) return printJson(entries);
  if (entries.length === 0) return { stdout: "No playbooks found. Write one with: trust playbook new <id>\n" };
  const paint = await paintFor(stdoutTerminal(), opts);
  const invalidTitle = (n: number) => `(invalid: ${n} ${n === 1 ? "problem" : "problems"})`;
  const rows = entries.map((e) => [visibleLine(e.id), e.title !== undefined ? visibleLine(e.title) : invalidTitle(e.problems?.length ?? 0), e.steps === undefined ? "-" : String(e.steps), originText(e)]);
  const table = renderTable(["ID", "TITLE", "STEPS", "ORIGIN"], rows, { bold: paint.bold, columns: fitWidth(stdoutTerminal()), text: [0, 1] }) + "\n";
  const broken = entries.filter((e) => e.problems);
  if (broken.length === 0) return { stdout: table };
  const err = await paintFor(process.stderr, opts);
  const lines = broken.flatMap((e) => [err.yellow(`${visible(e.file)} is invalid and cannot be used:`), ...(e.problems ?? []).map((p) => `  ${visible(formatProblem(p))}`)]);
  return { stdout: table, notice: lines.join("\n") };
}
