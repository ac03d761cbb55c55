import { TrustError } from "../errors.js";

export type PlaybookValidateOptions = Record<string, unknown>;

export async function playbookValidate(_opts: PlaybookValidateOptions): Promise<void> {
  throw new TrustError("'playbook-validate' is not built yet");
}
