import { TrustError } from "../errors.js";

export type ReportOptions = Record<string, unknown>;

export async function report(_opts: ReportOptions): Promise<void> {
  throw new TrustError("'report' is not built yet");
}
