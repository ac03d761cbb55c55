import { realpathSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { TrustError, UsageError } from "../errors.js";
import { guard } from "../store/errors.js";
import { counted } from "../format/count.js";
import { progressLine } from "../format/progress.js";
import { resolveDbPath } from "../store/paths.js";
import type { MergeCounts } from "../store/store.js";
import { inBulk } from "../store/read-indexes.js";
import { holdsNothing } from "../store/sync-state.js";
import { TimelineReader } from "../store/timeline.js";
import type { CommandOptions } from "./options.js";
import { printJson, type Printed } from "./printed.js";
import { writingStore } from "./store-access.js";

export type ImportOptions = CommandOptions<"import"> & { file: string };

/** Events merged per transaction: bounds memory and the time another writer waits for the lock. */
export const MERGE_CHUNK = 5000;

/**
 * `trust import FILE.db`: merges another trust file's sessions into this one by the union of
 * their timelines (src/store/merge.ts), for a team without a server: importing the same file
 * again, or one that already holds these sessions, adds nothing. The other file is only read
 * (one from an older trust is first upgraded, with its backup, as every trust command does).
 */
export async function importFile(opts: ImportOptions): Promise<Printed> {
  const source = checkSource(opts.file, resolveDbPath(opts));
  const started = Date.now();
  const { openStore } = await import("../store/open.js");
  const other = openOther(openStore, source, opts.file);
  // A damage SQLite finds only while reading the other file is said of that file, not of ours.
  const fromSource = <T>(read: () => T): T => guard(source, read);
  try {
    const total = fromSource(() => other.db.prepare("SELECT count(*) FROM events").pluck().get() as number);
    const sessions = fromSource(() => other.db.prepare("SELECT count(*) FROM sessions").pluck().get() as number);
    const counts = await writingStore(opts, async (store) => {
      // Into a file that holds nothing, the import is one transaction with the read indexes built
      // once at its end, as a first pull is (src/store/read-indexes.ts): cut off, it leaves the
      // file holding nothing, as it was.
      const whole = !opts.dryRun && holdsNothing(store.db);
      const reader = new TimelineReader(other.db);
      const progress = progressLine("importing events");
      const sum: MergeCounts = { sessions: 0, events: 0, rebuilt: 0 };
      let read = 0;
      const next = () => {
        try {
          return fromSource(() => reader.next(MERGE_CHUNK));
        } catch (err) {
          if (!(err instanceof TrustError)) throw err;
          const kept = whole
            ? `nothing was imported into ${store.path}, an import into a file that holds nothing being one transaction`
            : sum.events === 0
              ? `nothing was imported into ${store.path}`
              : `the ${counted(sum.events, "event")} imported before it are in ${store.path}, each chunk whole`;
          throw new TrustError(err.message, undefined, { hint: `${kept}; once ${opts.file} is restored, importing it again adds only what is missing. ${err.hint ?? ""}`.trim(), cause: err });
        }
      };
      const run = async (): Promise<MergeCounts> => {
        try {
          for (let chunk = next(); chunk; chunk = next()) {
            read += chunk.events.length;
            const c = opts.dryRun ? store.unknown(chunk) : store.merge(chunk, source);
            sum.sessions += c.sessions;
            sum.events += c.events;
            sum.rebuilt += c.rebuilt;
            progress.update(read, total);
          }
        } finally {
          progress.end();
        }
        return sum;
      };
      return whole ? inBulk(store, run) : run();
    });
    const seconds = (Date.now() - started) / 1000;
    if (opts.json) return printJson({ from: source, dryRun: opts.dryRun === true, sessionsInFile: sessions, eventsInFile: total, new: counts, seconds });
    return { stdout: "", notice: importLine(counts, source, sessions, opts.dryRun === true, seconds) };
  } finally {
    other.close();
  }
}

function importLine(c: MergeCounts, source: string, inFile: number, dryRun: boolean, seconds: number): string {
  if (c.events === 0) return `Nothing new in ${source}: ${counted(inFile, "session")} already here.`;
  const what = `${counted(c.sessions, "new session")} and ${counted(c.events, "new event")}`;
  const order = c.rebuilt > 0 ? `; ${counted(c.rebuilt, "session")} held events from both files and ${c.rebuilt === 1 ? "was" : "were"} put back in order` : "";
  return dryRun ? `Would import ${what} from ${source} (nothing written).` : `Imported ${what} from ${source} in ${seconds.toFixed(1)} s${order}.`;
}

/**
 * The other file, read-only, refused as any database is, but with the hint about the file given
 * to import rather than --db; an empty file is no database to import either.
 */
function openOther(open: typeof import("../store/open.js").openStore, source: string, given: string): ReturnType<typeof open> {
  if (statSync(source).size === 0) throw new UsageError(`cannot import ${given}: it is empty, not a trust database`);
  try {
    return open(source, { readonly: true });
  } catch (err) {
    if (err instanceof TrustError && /--db|TRUST_DB/.test(err.hint ?? "")) {
      throw new TrustError(err.message, err.exitCode, { hint: `Check the file given to trust import; trust left it as it was.`, cause: err });
    }
    throw err;
  }
}

/** The file to import: an existing regular file that is not the database it is imported into. */
function checkSource(file: string, db: string): string {
  const path = resolve(file);
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new UsageError(`cannot import ${file}: there is no such file`);
  }
  if (!stat.isFile()) throw new UsageError(`cannot import ${file}: it is not a regular file`);
  let target: string | undefined;
  try {
    target = realpathSync(db);
  } catch {
    target = undefined;
  }
  if (target !== undefined && realpathSync(path) === target) {
    throw new UsageError(`cannot import ${file} into itself: it is the database trust writes to (--db, TRUST_DB)`);
  }
  return path;
}
