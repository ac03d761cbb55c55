import { formatPerson } from "../session/person.js";
import type { CommandOptions } from "./options.js";
import { now } from "../clock.js";
import { visible, visibleLine } from "../format/visible.js";
import { fitWidth, paintFor } from "../output.js";
import { fitLines } from "../format/text.js";
import { formatAnswer } from "../session/format-answer.js";
import { visibleSteps, visiblePrompts } from "../session/engine.js";
import type { TimedEvent } from "../session/records.js";
import { replay } from "../session/state.js";
import { formatDuration, toIsoDate } from "../session/time.js";
import { sessionDetailJson } from "../json/session-detail.js";
import { snapshotPlaybook } from "./snapshot.js";
import { printJson, type Printed } from "./printed.js";
import { readingStore } from "./store-access.js";
import { shortId } from "../session/id-format.js";
import { stdoutTerminal } from "../standard-streams.js";

export type ShowOptions = CommandOptions<"show"> & { session: string };

const iso = (t: number) => new Date(t).toISOString();
/** Time of day (UTC) for lines under a header that already gives the date. */
const clock = (t: number) => iso(t).slice(11, 19);

function describeEvent(e: TimedEvent): string {
  switch (e.type) {
    case "step_started":
      return e.step;
    case "answered":
      return `${e.prompt} = ${JSON.stringify(e.value)}`;
    case "skipped":
      return e.prompt ? e.prompt : `whole step ${e.step}`;
    case "note":
      return e.text;
    case "went_back":
      return `${e.step} → ${e.to}`;
    case "kept":
      return `${e.step} left as it was`;
    case "action_done":
    case "action_reopened":
      return e.note ? `${shortId(e.action)}: ${e.note}` : shortId(e.action);
    case "action_edited":
      return [shortId(e.action), ...(["what", "owner", "due"] as const).flatMap((k) => (e[k] === undefined ? [] : [`${k} ${JSON.stringify(e[k])}`]))].join(" ");
    case "action_cancelled":
      return `${shortId(e.action)}: ${e.reason}`;
    case "letter":
      return `${e.format}, ${Buffer.byteLength(e.text, "utf8")} bytes, sha256 ${e.sha256}`;
    default:
      return "";
  }
}

/** `trust show`: one session's answers, step by step, and its whole timeline. */
export async function show(opts: ShowOptions): Promise<Printed> {
  const { session, events, actions, playbook } = await readingStore(opts, async (store) => {
    const session = store.resolveSession(opts.session);
    return {
      session,
      events: store.events(session.id),
      actions: store.listActions({ sessionId: session.id, includeRehearsals: true }),
      playbook: await snapshotPlaybook(store, session),
    };
  });
  const state = replay(events);
  const steps = visibleSteps(playbook, state, session);
  const letters = events.filter((e): e is Extract<TimedEvent, { type: "letter" }> => e.type === "letter");

  if (opts.json) return printJson(sessionDetailJson({ session, playbook, state, events, actions, today: toIsoDate(new Date(now())) }));

  const paint = await paintFor(stdoutTerminal(), opts);
  // Everything people typed (and the playbook's own words) is made visible before it is painted.
  const v = visibleLine;
  const lines = [
    `${paint.bold(`Session ${session.id}`)} (${session.status.replace("_", " ")}${session.rehearsal ? ", rehearsal" : ""})`,
    `Client: ${v(session.client)} · Incident: ${v(session.incident)} · Severity: ${v(session.severity)} · Owner: ${v(session.owner)}`,
  ];
  if (session.contacts.length) lines.push(`From ${v(session.client)}: ${session.contacts.map((p) => v(formatPerson(p))).join(", ")}`);
  if (session.attendees.length) lines.push(`From our side: ${session.attendees.map((p) => v(formatPerson(p))).join(", ")}`);
  lines.push(`Playbook: ${v(playbook.id)} v${playbook.version} · started ${iso(session.startedAt)} · call ${formatDuration(state.activeMs)}`, "");
  steps.forEach((step, i) => {
    lines.push(paint.cyan(`${i + 1}. ${v(step.title)}`) + (state.skippedSteps.has(step.id) ? paint.dim(" (skipped)") : ""));
    for (const p of visiblePrompts(step, state, session)) {
      const a = state.answers.get(p.id);
      if (!a) continue;
      const value = a.kind === "skipped" ? paint.dim("skipped") : visible(formatAnswer(p, a.value));
      const block = a.kind === "answered" && (p.type === "list" || p.type === "actions");
      const text = block || value.includes("\n") ? `\n${value.replace(/^/gm, "             ")}` : ` ${value}`;
      lines.push(`   ${paint.dim(clock(a.at))} ${v(p.id)}:${text}`);
    }
    for (const n of state.notes.filter((n) => n.step === step.id)) {
      lines.push(`   ${paint.dim(clock(n.at))} ${paint.yellow("note:")} ${visible(n.text).replace(/\n/g, `\n${" ".repeat(18)}`)}`);
    }
  });
  if (actions.length) {
    lines.push("", paint.bold("Commitments"));
    for (const a of actions) lines.push(`  ${shortId(a.id)}  ${a.status.padEnd(10)} ${v(a.what)} (${v(a.owner)}, due ${a.due})`);
  }
  if (letters.length) {
    lines.push("", paint.bold("Letters"));
    for (const e of letters) lines.push(`  ${iso(e.at)}  ${e.format.padEnd(4)} sha256 ${e.sha256}`);
  }
  lines.push("", paint.bold("Timeline"));
  for (const e of events) lines.push(`  ${iso(e.at)}  ${e.type.padEnd(16)} ${v(describeEvent(e))}`);
  // On a terminal, long answers wrap at word boundaries under their own indentation, not where
  // the terminal's edge cuts them; on a pipe every line stays whole, for grep.
  const rows = lines.join("\n").split("\n");
  const columns = fitWidth(stdoutTerminal());
  return { stdout: (columns === undefined ? rows : fitLines(rows, columns)).join("\n") + "\n" };
}
