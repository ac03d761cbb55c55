import { TrustError } from "../errors.js";

export type ShowOptions = Record<string, unknown>;

export async function show(_opts: ShowOptions): Promise<void> {
  throw new TrustError("'show' is not built yet");
}
