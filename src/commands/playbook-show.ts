import { TrustError } from "../errors.js";

export type PlaybookShowOptions = Record<string, unknown>;

export async function playbookShow(_opts: PlaybookShowOptions): Promise<void> {
  throw new TrustError("'playbook-show' is not built yet");
}
