import { TrustError } from "../errors.js";

export type StartOptions = Record<string, unknown>;

export async function start(_opts: StartOptions): Promise<void> {
  throw new TrustError("'start' is not built yet");
}
