import { SEVERITIES, type Severity } from "../playbook/constants.js";
import { parsePeople, type Person } from "../session/person.js";
import type { CallScreen, Question } from "./call-screen.js";
import { ChoiceEditor } from "./editors/choice-editor.js";
import { TextEditor } from "./editors/text-editor.js";

export interface PartialInfo {
  client?: string;
  incident?: string;
  severity?: Severity;
  owner?: string;
  attendees?: Person[];
  contacts?: Person[];
}

/**
 * Asks, on the call screen, whatever the command line did not give: who the client is, what
 * happened, how bad, who owns the follow-up, who is on the call. The hotkeys that move
 * through a playbook mean nothing yet, so they are ignored here.
 */
export async function askSessionInfo(screen: CallScreen, given: PartialInfo, defaults: { owner: string }): Promise<Required<PartialInfo>> {
  screen.showStep(undefined, "trust · a new session");
  const text = async (message: string, opts: { default?: string; required?: boolean; check?: (v: string) => string | undefined } = {}): Promise<string> => {
    const q: Question<string> = {
      message,
      editor: new TextEditor({ default: opts.default }),
      check: (v) => (opts.required && !v.trim() ? "this is needed to start the session" : opts.check?.(v)),
    };
    for (;;) {
      const r = await screen.ask(q);
      if ("value" in r) return r.value.trim();
    }
  };
  const client = given.client ?? (await text("Client:", { required: true }));
  const incident = given.incident ?? (await text("Incident, in a few words:", { required: true }));
  let severity = given.severity;
  while (!severity) {
    const r = await screen.ask({
      message: "Severity:",
      editor: new ChoiceEditor(
        SEVERITIES.map((s) => ({ value: s, label: s })),
        false,
        "medium",
      ),
    });
    if ("value" in r) severity = r.value as Severity;
  }
  const owner = given.owner ?? (await text("Owner of the follow-up:", { default: defaults.owner, required: true }));
  const people = async (message: string): Promise<Person[]> => {
    let parsed: Person[] | { error: string } = [];
    const r = await text(message, { check: (v) => ("error" in (parsed = parsePeople(v)) ? parsed.error : undefined) });
    return r === "" || "error" in parsed ? [] : parsed;
  };
  const contacts = given.contacts ?? (await people(`Who is on the call from ${client}? (Name <email>, comma-separated; the letter goes to them)`));
  const attendees = given.attendees ?? (await people("Who else is on the call from our side? (Name <email>, comma-separated, optional)"));
  return { client, incident, severity, owner, attendees, contacts };
}

/**
 * The client's name as the session will hold it: as earlier calls wrote it when they match in
 * any case ("acme" is "Acme"), so their history stays one; with no earlier call and names close
 * to it, the person is asked which client this is (a new one, as typed, by default). Not asked
 * over keys typed ahead (see CallScreen.typedAhead): they were meant for the first question.
 */
export async function confirmClient(screen: CallScreen, typed: string, known: { name: string } | { similar: string[] }): Promise<string> {
  if ("name" in known) return known.name;
  if (known.similar.length === 0 || screen.typedAhead()) return typed;
  for (;;) {
    const r = await screen.ask({
      message: `No earlier calls with “${typed}”. Is it one of these clients?`,
      editor: new ChoiceEditor(
        [...known.similar.map((n) => ({ value: n, label: `${n} (called before)` })), { value: typed, label: `${typed}: a new client` }],
        false,
        typed,
      ),
    });
    if ("value" in r) return r.value as string;
  }
}
