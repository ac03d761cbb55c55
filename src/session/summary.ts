import type { Playbook } from "../playbook/schema.js";
import { fillPlaybook, templateValues } from "../playbook/template.js";
import { missingRequired } from "./engine.js";
import type { ActionRecord, SessionRecord } from "./model.js";
import type { SessionState } from "./state.js";
import { formatDuration } from "./time.js";
import { transcript } from "./transcript.js";
import { fitLines } from "../format/text.js";
import type { Paint } from "../format/paint.js";
import { visibleLine } from "../format/visible.js";
import { shortId } from "./id-format.js";

/** Latest rating per metric (trust_before, trust_after, ...), in playbook order. */
export function metricValues(pb: Playbook, state: SessionState): Record<string, number> {
  const out: Record<string, number> = {};
  for (const step of pb.steps) {
    for (const p of step.prompts) {
      if (p.type !== "rating" || !p.metric) continue;
      const a = state.answers.get(p.id);
      if (a?.kind === "answered" && typeof a.value === "number") out[p.metric] = a.value;
    }
  }
  return out;
}

/** How many prompts were answered and skipped, and notes taken: the summary's first line, and its JSON. */
export function counts(state: SessionState) {
  let answered = 0;
  let skipped = 0;
  for (const a of state.answers.values()) a.kind === "answered" ? answered++ : skipped++;
  return { answered, skipped, notes: state.notes.length };
}

/** The same summary for a person: counts, the trust change, gaps to fill, commitments, what to do next. */
export function renderSummary(
  pb: Playbook,
  session: SessionRecord,
  state: SessionState,
  actions: ActionRecord[],
  paint: Paint,
  width = 80,
): string {
  const short = shortId(session.id);
  const c = counts(state);
  const done = session.status === "completed";
  // The answers come first and the headline last, so on a small terminal what stays in view
  // is the outcome, the commitments and the export command.
  const recap = transcript(fillPlaybook(pb, templateValues(session)), session, state, width, paint);
  const lines = [
    ...(recap.length ? [paint.bold("What was said"), ...recap, ""] : []),
    `${done ? paint.green("✔ Session") : paint.yellow("… Session")} ${paint.bold(short)} ${done ? "completed" : session.status.replace("_", " ")}: ${visibleLine(session.client)}, ${visibleLine(session.incident)}`,
    `  ${c.answered} answered · ${c.skipped} skipped · ${c.notes} note${c.notes === 1 ? "" : "s"} · call ${formatDuration(state.activeMs)}`,
  ];
  const m = metricValues(pb, state);
  if (m.trust_before !== undefined && m.trust_after !== undefined) {
    const delta = m.trust_after - m.trust_before;
    lines.push(`  Trust: ${m.trust_before} → ${m.trust_after} (${delta > 0 ? "+" : ""}${delta})`);
  }
  const gaps = missingRequired(pb, state, session);
  if (gaps.length) {
    lines.push(paint.yellow(`  Still to fill in: ${gaps.map((g) => visibleLine(`${g.step} › ${g.prompt}`)).join(", ")}`));
    lines.push(paint.dim(`    trust resume ${short} --from-step ${gaps[0]!.step}`));
  }
  const open = actions.filter((a) => a.status !== "superseded");
  if (open.length) {
    lines.push("", paint.bold("Commitments"));
    for (const a of open) lines.push(`  - ${visibleLine(a.what)} (${visibleLine(a.owner)}, due ${a.due})${a.status === "done" ? " ✔" : ""}`);
  }
  lines.push("", `Export it: ${paint.cyan(`trust export ${short} > summary.md`)}`, `The client's letter: ${paint.cyan(`trust letter ${short} --edit`)}`);
  return fitLines(lines, width).join("\n");
}
