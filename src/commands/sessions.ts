import { TrustError } from "../errors.js";

export type SessionsOptions = Record<string, unknown>;

export async function sessions(_opts: SessionsOptions): Promise<void> {
  throw new TrustError("'sessions' is not built yet");
}
