import type { Database } from "better-sqlite3";
import { decodeStepPairs } from "../../src/report/step-pairs.js";
import { stepNamesById } from "../../src/store/step-times.js";

/** One step_ms value as [step, ms] pairs, the steps named from step_names: what a test compares. */
export function stepTimes(db: Database, stepMs: Uint8Array | null): Array<[step: string, ms: number]> {
  if (stepMs === null) return [];
  const names = stepNamesById(db);
  const all = new Float64Array(stepMs.length);
  const numbers = all.subarray(0, decodeStepPairs(stepMs, all));
  const out: Array<[string, number]> = [];
  for (let i = 0; i + 1 < numbers.length; i += 2) out.push([names.get(numbers[i]!) ?? `#${numbers[i]}`, numbers[i + 1]!]);
  return out;
}
