import type { Database, Statement } from "better-sqlite3";
import { encodeStepPairs } from "../report/step-pairs.js";

/**
 * Time per step as session_stats keeps it: step_ms, [step id, ms] pairs in the bytes of
 * src/report/step-pairs.ts, the step by its id in step_names. The report reads every completed
 * session's pairs at once, concatenated by SQLite (src/store/report.ts): as JSON text, one row
 * per session, parsing 900,000 step times took most of a report over 100,000 sessions.
 */

/** The ids of step names in this database (step_names), made as new names are written. */
export class StepNames {
  private readonly ids = new Map<string, number>();
  private readonly insert: Statement;
  private readonly select: Statement;

  constructor(db: Database) {
    this.insert = db.prepare("INSERT INTO step_names (step) VALUES (?) ON CONFLICT (step) DO NOTHING");
    this.select = db.prepare("SELECT id FROM step_names WHERE step = ?").pluck();
  }

  /** The id of `step`, written first if it has none. Ids never change, so they are kept once read. */
  idOf(step: string): number {
    let id = this.ids.get(step);
    if (id === undefined) {
      this.insert.run(step);
      id = this.select.get(step) as number;
      this.ids.set(step, id);
    }
    return id;
  }
}

/** Step times as step_ms holds them; NULL (no steps) as null. */
export function encodeStepMs(steps: ReadonlyArray<readonly [step: string, ms: number]>, names: StepNames): Buffer | null {
  if (steps.length === 0) return null;
  return encodeStepPairs(steps.map(([step, ms]) => [names.idOf(step), ms]));
}

/** Every step_names row, id → step. */
export function stepNamesById(db: Database): Map<number, string> {
  return new Map(db.prepare("SELECT id, step FROM step_names").raw(true).all() as Array<[number, string]>);
}
