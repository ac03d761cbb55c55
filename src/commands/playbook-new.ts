import { TrustError } from "../errors.js";

export type PlaybookNewOptions = Record<string, unknown>;

export async function playbookNew(_opts: PlaybookNewOptions): Promise<void> {
  throw new TrustError("'playbook-new' is not built yet");
}
