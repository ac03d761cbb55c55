import { TrustError } from "../errors.js";

export type ExportSessionOptions = Record<string, unknown>;

export async function exportSession(_opts: ExportSessionOptions): Promise<void> {
  throw new TrustError("'export' is not built yet");
}
