import type { Paint } from "../format/paint.js";
import { wrapText } from "../format/text.js";
import { visible } from "../format/visible.js";
import type { Playbook } from "../playbook/schema.js";
import { effectiveState, visiblePrompts, visibleSteps } from "./engine.js";
import { formatAnswer } from "./format-answer.js";
import type { SessionInfo } from "./model.js";
import type { SessionState } from "./state.js";

/**
 * What was said on the call so far, step by step: each question, then its answer in full,
 * wrapped to the width and never cut, line breaks kept; skipped questions and notes too.
 * `pb` comes with its texts filled in. Shown by ^R during the call and left on the normal
 * screen when the call ends, so nothing the client said is lost from view.
 */
export function transcript(pb: Playbook, info: Pick<SessionInfo, "severity">, state: SessionState, width: number, paint: Paint): string[] {
  const current = effectiveState(pb, state, info);
  const out: string[] = [];
  visibleSteps(pb, current, info).forEach((step, i) => {
    const rows: string[] = [];
    for (const p of visiblePrompts(step, current, info)) {
      const a = current.answers.get(p.id);
      if (!a) continue;
      if (a.kind === "skipped") {
        rows.push(...wrapText(visible(p.message), width, "    ", `  ${paint.yellow("↷")} `), paint.dim("      skipped"));
        continue;
      }
      rows.push(...wrapText(visible(p.message), width, "    ", `  ${paint.green("✔")} `));
      const text = formatAnswer(p, a.value).replace(/^- /gm, "• ");
      for (const line of text.split("\n")) {
        const hang = line.startsWith("• ") ? "        " : "      ";
        rows.push(...wrapText(visible(line), width, hang, "      ").map((l) => paint.cyan(l)));
      }
    }
    for (const note of state.notes.filter((n) => n.step === step.id)) {
      rows.push(...visible(note.text).split("\n").flatMap((l, k) => wrapText(l, width, "      ", k === 0 ? `  ${paint.yellow("✎")} ` : "      ")));
    }
    if (state.skippedSteps.has(step.id)) rows.push(paint.dim(rows.length ? "  (the rest of the step was skipped)" : "  (step skipped)"));
    if (rows.length) out.push(paint.bold(`${i + 1}. ${visible(step.title)}`), ...rows);
  });
  return out;
}
