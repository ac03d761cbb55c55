import type { Database, Statement } from "better-sqlite3";

/**
 * Time per step as session_stats keeps it (migration 13): step_ms, a BLOB of [step, ms] pairs,
 * each number a little-endian float64, the step by its id in step_names. The report reads every
 * completed session's pairs at once, concatenated by SQLite (src/store/report.ts): as JSON text,
 * one row per session, parsing 900,000 step times took most of a report over 100,000 sessions.
 */

const PAIR_BYTES = 16;

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
  const out = Buffer.alloc(steps.length * PAIR_BYTES);
  steps.forEach(([step, ms], i) => {
    out.writeDoubleLE(names.idOf(step), i * PAIR_BYTES);
    out.writeDoubleLE(ms, i * PAIR_BYTES + 8);
  });
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/** The numbers of one or more step_ms values laid end to end: step id, ms, step id, ms... */
export function stepMsNumbers(bytes: Uint8Array): Float64Array {
  const count = Math.floor(bytes.byteLength / 8);
  // A view where the bytes allow one (the usual case); else read number by number.
  if (LITTLE_ENDIAN && bytes.byteOffset % 8 === 0) return new Float64Array(bytes.buffer, bytes.byteOffset, count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getFloat64(i * 8, true);
  return out;
}

/** Every step_names row, id → step. */
export function stepNamesById(db: Database): Map<number, string> {
  return new Map(db.prepare("SELECT id, step FROM step_names").raw(true).all() as Array<[number, string]>);
}

/** One step_ms value as [step, ms] pairs, the steps named from step_names. */
export function stepTimes(db: Database, stepMs: Uint8Array | null): Array<[step: string, ms: number]> {
  if (stepMs === null) return [];
  const names = stepNamesById(db);
  const numbers = stepMsNumbers(stepMs);
  const out: Array<[string, number]> = [];
  for (let i = 0; i + 1 < numbers.length; i += 2) out.push([names.get(numbers[i]!) ?? `#${numbers[i]}`, numbers[i + 1]!]);
  return out;
}
