import { TrustError } from "../errors.js";

export type ResumeOptions = Record<string, unknown>;

export async function resume(_opts: ResumeOptions): Promise<void> {
  throw new TrustError("'resume' is not built yet");
}
