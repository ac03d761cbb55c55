import { userInfo } from "node:os";
import type { CommandOptions } from "./options.js";
import { writingStore } from "./store-access.js";
import { checkDbPath } from "../store/file.js";
import { resolveDbPath } from "../store/paths.js";
import { pushAfterCall } from "../sync/push-after.js";
import { now } from "../clock.js";
import { UsageError } from "../errors.js";
import { readDataFile } from "../fs/read-data-file.js";
import { warn } from "../warnings.js";
import { findPlaybook } from "../playbook/catalog.js";
import type { Playbook } from "../playbook/schema.js";
import { fillPlaybook, templateValues } from "../playbook/template.js";
import { InterruptedError } from "../errors.js";
import { askSessionInfo, confirmClient } from "../screen/session-info.js";
import { requireTerminal } from "../screen/tty.js";
import { answerProblemText, planAnswers, type AnswerProblem } from "../session/answers-file.js";
import { SessionInfo } from "../session/model.js";
import { loadDirectory } from "../people/load-people.js";
import { checkPlannedOwners } from "../people/owners.js";
import { parsePerson, type Person } from "../session/person.js";
import { openCallScreen, printSummary, runLive } from "./live.js";

export type StartOptions = CommandOptions<"start"> & { playbook: string };

/** The owner offered when none is given: TRUST_OWNER, else the login name. */
function defaultOwner(): string {
  return process.env.TRUST_OWNER || userInfo().username;
}

/** `trust start`: a live session in the terminal, or a scripted one from an answers file. */
export async function start(opts: StartOptions): Promise<void> {
  refuseBlank(opts);
  // A database path that can never be one is said before anyone types an answer; what only
  // opening the file shows (a newer trust's file, a damaged one) waits for the first write.
  checkDbPath(resolveDbPath(opts));
  const found = await findPlaybook(opts.playbook, { userDir: opts.playbooks });
  if (opts.answers) return startFromAnswers(opts, opts.answers, found.playbook, found.source);

  requireTerminal("start", "for a scripted run, give the answers in a file: trust start --answers answers.yaml");
  const people = await loadDirectory(opts);
  const screen = await openCallScreen(opts);
  try {
    const asked = await askSessionInfo(
      screen,
      {
        client: opts.client,
        incident: opts.incident,
        severity: opts.severity,
        owner: opts.owner,
        attendees: peopleOption("--attendee", opts.attendee),
        contacts: peopleOption("--contact", opts.contact),
      },
      { owner: defaultOwner() },
    ).catch((err: unknown) => {
      throw err instanceof InterruptedError ? new InterruptedError("Cancelled before the session started; nothing was saved.", { signal: err.signal }) : err;
    });
    const info = sessionInfo({ ...asked, owner: people.nameOf(asked.owner), rehearsal: opts.rehearsal ?? false });
    await writingStore(opts, async (store) => {
      info.client = await confirmClient(screen, info.client, store.knownClient(info.client, info.rehearsal));
      const session = store.createSession({
        info,
        playbookId: found.playbook.id,
        playbookVersion: found.playbook.version,
        playbookSource: found.source,
        playbook: found.playbook,
        at: now(),
      });
      await runLive({ store, session, playbook: found.playbook, opts, screen, people });
    });
  } finally {
    screen.stop();
  }
  await pushAfterCall(opts);
}

/** Runs the same engine over a file of answers: every problem is listed before anything is saved. */
async function startFromAnswers(opts: StartOptions, file: string, playbook: Playbook, source: string): Promise<void> {
  const missing = (["client", "incident"] as const).filter((k) => !opts[k]);
  if (missing.length) throw new UsageError(`with --answers, give ${missing.map((m) => `--${m}`).join(" and ")} too`);
  const people = await loadDirectory(opts);
  const info = sessionInfo({
    client: opts.client,
    incident: opts.incident,
    severity: opts.severity ?? "medium",
    owner: people.nameOf(opts.owner ?? defaultOwner()),
    attendees: peopleOption("--attendee", opts.attendee) ?? [],
    contacts: peopleOption("--contact", opts.contact) ?? [],
    rehearsal: opts.rehearsal ?? false,
  });
  const { data, label, placeOf } = await readDataFile(file, "answers file");
  const at = now();
  // Filled like every display text, so a commitment's default owner ("{{client}} ops") comes out whole.
  const plan = planAnswers(fillPlaybook(playbook, templateValues(info)), data, info, new Date(at));
  // Each at the key it is about, as a playbook's problems are; one about a key the file lacks (a required answer), without.
  const placed = (p: AnswerProblem) => {
    const at = p.key === undefined ? undefined : placeOf(p.key, p.at, p.atKey);
    return `${at ? `${label}:${at.line}:${at.col} ` : ""}${answerProblemText(p)}`;
  };
  if (!plan.ok) {
    const n = plan.problems.length;
    throw new UsageError(`answers file ${file === "-" ? "- (standard input)" : file} has ${n} problem${n === 1 ? "" : "s"}`, { details: plan.problems.map(placed) });
  }
  warn(plan.notices.map(placed));
  const owners = checkPlannedOwners(plan.steps, people);
  if (owners.warnings.length > 0) {
    const n = owners.warnings.length;
    if (opts.strict) throw new UsageError(`answers file ${file} has ${n} owner${n === 1 ? "" : "s"} the people file does not know; nothing was saved`, { details: owners.warnings });
    warn(owners.warnings);
  }
  await writingStore(opts, async (store) => {
    // One transaction: a run stopped half way (a kill, a full disk) leaves no half session behind.
    const session = store.batch(() => {
      const created = store.createSession({ info, playbookId: playbook.id, playbookVersion: playbook.version, playbookSource: source, playbook, at, source: "file" });
      for (const step of owners.steps) {
        store.append(created.id, { type: "step_started", step: step.step }, at);
        for (const a of step.answers) store.append(created.id, { type: "answered", step: step.step, prompt: a.prompt, value: a.value }, at);
        for (const p of step.skipped) store.append(created.id, { type: "skipped", step: step.step, prompt: p }, at);
      }
      store.append(created.id, { type: "completed" }, at);
      return created;
    });
    await printSummary(store, session.id, playbook, opts);
  });
  await pushAfterCall(opts);
}

/** A text option given blank (`--owner ""`, `--client " "`) is refused before anything opens or is asked. */
function refuseBlank(opts: StartOptions): void {
  for (const key of ["client", "incident", "owner"] as const) {
    const value = opts[key];
    if (value !== undefined && value.trim() === "") {
      throw new UsageError(`--${key} is empty`, { hint: opts.answers ? `give --${key} a value` : `give --${key} a value, or leave it out to be asked for it` });
    }
  }
}

/** The session's details, checked; whatever still fails (an empty TRUST_OWNER) is a usage error, not a crash. */
function sessionInfo(input: unknown): SessionInfo {
  const parsed = SessionInfo.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const field = issue.path.map(String).join(".") || "session";
    return issue.code === "too_small" ? `${field} must not be empty` : `${field}: ${issue.message}`;
  });
  const hint = parsed.error.issues.some((issue) => issue.path[0] === "owner") ? "give --owner, or set TRUST_OWNER to a name" : undefined;
  if (problems.length === 1) throw new UsageError(`the session's ${problems[0]}`, { hint });
  throw new UsageError(`the session's details have ${problems.length} problems`, { details: problems, hint });
}

/**
 * People given with a repeatable option, one each: "Name <email>" or a name; undefined when the
 * option was not given. A comma is part of the name ("Müller, Hans <hans@example.com>"), never a
 * second person the letter would greet and mail.
 */
function peopleOption(flag: string, values: string[] | undefined): Person[] | undefined {
  return values?.map((value) => {
    const person = parsePerson(value);
    if ("error" in person) {
      throw new UsageError(`${flag} "${value}": ${person.error}`, { hint: `one person each, the option repeated for more: ${flag} "Priya Raman <priya@example.com>" ${flag} "Sam Lee"` });
    }
    return person;
  });
}
