import { TrustError } from "../errors.js";

export async function listActions(_opts: Record<string, unknown>): Promise<void> {
  throw new TrustError("'actions' is not built yet");
}
export async function actionDone(_opts: Record<string, unknown>): Promise<void> {
  throw new TrustError("'actions done' is not built yet");
}
