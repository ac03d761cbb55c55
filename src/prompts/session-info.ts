import { input, select } from "@inquirer/prompts";
import { InterruptedError } from "../errors.js";
import { SEVERITIES, type Severity } from "../playbook/constants.js";

export interface PartialInfo {
  client?: string;
  incident?: string;
  severity?: Severity;
  owner?: string;
  attendees?: string[];
}

/** Asks for whatever the command line did not give: who the client is, what happened, how bad. */
export async function askSessionInfo(
  given: PartialInfo,
  defaults: { owner: string },
): Promise<Required<PartialInfo>> {
  const io = { input: process.stdin, output: process.stdout };
  try {
    const client = given.client ?? (await input({ message: "Client:", required: true }, io)).trim();
    const incident = given.incident ?? (await input({ message: "Incident, in a few words:", required: true }, io)).trim();
    const severity =
      given.severity ??
      (await select(
        { message: "Severity:", choices: SEVERITIES.map((s) => ({ value: s, name: s })), default: "medium" as Severity },
        io,
      ));
    const owner = given.owner ?? (await input({ message: "Owner of the follow-up:", default: defaults.owner, required: true }, io)).trim();
    const attendees =
      given.attendees ??
      (await input({ message: "Who is on the call? (comma-separated, optional)" }, io))
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
    return { client, incident, severity, owner, attendees };
  } catch (err) {
    throw err instanceof Error && err.name === "ExitPromptError" ? new InterruptedError("Cancelled before the session started; nothing was saved.") : err;
  }
}
