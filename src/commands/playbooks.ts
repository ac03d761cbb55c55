import { TrustError } from "../errors.js";

export type PlaybooksOptions = Record<string, unknown>;

export async function playbooks(_opts: PlaybooksOptions): Promise<void> {
  throw new TrustError("'playbooks' is not built yet");
}
