import { useLocaleFlag } from "../calendar/locale.js";
import { TIME_ZONE_HELP, isTimeZone } from "../calendar/time-zone.js";
import { UsageError } from "../errors.js";
import { writeOutFile } from "../fs/out-file.js";
import { jsonText } from "../json/text.js";
import { buildExport, type Audience } from "../report/export-model.js";
import { renderMarkdown } from "../report/markdown.js";
import { replay } from "../session/state.js";
import type { CommandOptions, ExportFormat } from "./options.js";
import type { Printed } from "./printed.js";
import { snapshotPlaybook } from "./snapshot.js";
import { readingStore } from "./store-access.js";

export type ExportSessionOptions = CommandOptions<"export"> & { session: string };

/** `trust export`: a session as a markdown summary (or client letter) or as JSON, to stdout or a file. */
export async function exportSession(opts: ExportSessionOptions): Promise<Printed> {
  if (opts.tz !== undefined) {
    if (!isTimeZone(opts.tz)) throw new UsageError(`--tz "${opts.tz}" is not a time zone`, { hint: TIME_ZONE_HELP });
    // This run's zone, for every time the summary shows (src/report/dates.ts reads TZ).
    process.env.TZ = opts.tz;
  }
  useLocaleFlag(opts.locale);
  const format: ExportFormat = opts.json ? "json" : opts.format;
  const audience = opts.audience;
  const text = audience === "client" && format === "md" ? await clientLetter(opts) : await exportText(opts, format, audience);
  if (opts.out === undefined || opts.out === "-") return { stdout: text };
  writeOutFile(opts.out, text, { force: opts.force === true });
  return { stdout: "" };
}

/** The letter exactly as `trust letter` writes it in markdown (this alias stays quiet about what it lacks). */
async function clientLetter(opts: ExportSessionOptions): Promise<string> {
  const { draftLetter } = await import("./letter.js");
  const { renderLetterMarkdown } = await import("../report/letter-markdown.js");
  return renderLetterMarkdown((await draftLetter(opts, opts.redact === true)).draft);
}

async function exportText(opts: ExportSessionOptions, format: ExportFormat, audience: Audience): Promise<string> {
  return readingStore(opts, async (store) => {
    const session = store.resolveSession(opts.session);
    const input = {
      playbook: await snapshotPlaybook(store, session),
      session,
      state: replay(store.events(session.id)),
      actions: store.listActions({ sessionId: session.id, includeRehearsals: true }),
    };
    const doc = buildExport(input, { audience, redact: opts.redact === true });
    return format === "json" ? jsonText(doc) : renderMarkdown(doc);
  });
}
