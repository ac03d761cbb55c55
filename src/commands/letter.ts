import { useLocaleFlag } from "../calendar/locale.js";
import { sha256Hex } from "../hashes.js";
import type { CommandOptions, GlobalOptions } from "./options.js";
import { readingStore, writingStore } from "./store-access.js";
import { now } from "../clock.js";
import { toIsoDate } from "../session/time.js";
import { UsageError } from "../errors.js";
import { visible } from "../format/visible.js";
import { checkOutTarget, writeOutFile } from "../fs/out-file.js";
import { warn } from "../warnings.js";
import { letterScope, promisesSinceLetter, type LetterOf } from "../report/letter-promises.js";
import { loadDirectory } from "../people/load-people.js";
import { buildExport } from "../report/export-model.js";
import { buildLetter, type Letter, type LetterContent } from "../report/letter.js";
import { readLetterMarkdown, renderLetterMarkdown } from "../report/letter-markdown.js";
import { renderLetterHtml } from "../report/letter-html.js";
import { renderLetterText } from "../report/letter-text.js";
import { shortId } from "../session/id-format.js";
import type { Playbook } from "../playbook/schema.js";
import type { Person } from "../session/person.js";
import type { TimedEvent } from "../session/records.js";
import { formatPerson } from "../session/person.js";
import { replay } from "../session/state.js";
import { editInEditor } from "./edit-text.js";
import { snapshotPlaybook } from "./snapshot.js";
import { writeStderr, writeStdout } from "../standard-streams.js";

export type LetterCommandOptions = CommandOptions<"letter"> & { session: string };

/**
 * `trust letter`: the draft of the letter to the client after the call, as markdown, plain text,
 * HTML or an email ready to send; `--edit` opens it in the user's editor first and `--record`
 * keeps the final text, with its sha256, in the session's timeline. What the letter lacks (no
 * apology recorded, no contact named, an address missing) is said on stderr, never made up.
 */
export async function letter(opts: LetterCommandOptions): Promise<void> {
  const format = opts.format;
  useLocaleFlag(opts.locale);
  if (format === "eml" && opts.redact) {
    throw new UsageError("--redact hides the email addresses an .eml is sent to", { hint: "redact an md, txt or html letter, or write the eml without --redact" });
  }
  // Before the editor opens: a refused --out must not cost the user their edits.
  if (opts.out !== undefined && opts.out !== "-") checkOutTarget(opts.out, { force: opts.force === true });
  const { draft, sessionId } = await draftLetter(opts, opts.redact === true);
  const warnings = [...draft.warnings];

  let content: LetterContent = draft;
  let edited: string | undefined;
  if (opts.edit) {
    const source = format === "txt" ? renderLetterText(draft) : renderLetterMarkdown(draft);
    edited = editInEditor(source, format === "txt" ? "letter.txt" : "letter.md");
    if (format === "html" || format === "eml") {
      const read = readLetterMarkdown(edited);
      content = { subject: read.subject ?? draft.subject, blocks: read.blocks };
      edited = undefined;
    }
  }

  let text: string;
  switch (format) {
    case "md":
      text = edited ?? renderLetterMarkdown(content);
      break;
    case "txt":
      text = edited ?? renderLetterText(content);
      break;
    case "html":
      text = renderLetterHtml(content);
      break;
    case "eml": {
      const { buildLetterEml, recipients } = await import("../report/letter-eml.js");
      const { missing } = recipients(draft.to);
      for (const p of missing) warnings.push(`${formatPerson(p)} has no email address, so is left out of To:`);
      if (missing.length === draft.to.length && draft.to.length > 0) warnings.push("no contact has an email address: the message has no To:");
      if (!draft.from.email) warnings.push(`the people file has no email for ${draft.from.name}, so the message has no From: (your mail client fills it in)`);
      text = await buildLetterEml({ ...content, to: draft.to, from: draft.from, date: now() });
      break;
    }
  }
  // A letter edited by hand is kept as it was typed, but no control character in it acts on a terminal.
  if (format !== "eml") text = visible(text);
  warn(warnings);

  if (opts.out !== undefined && opts.out !== "-") writeOutFile(opts.out, text, { force: opts.force === true });
  else writeStdout(text);

  if (opts.record) {
    const sha256 = sha256Hex(text);
    await writingStore(opts, (store) => store.append(sessionId, { type: "letter", format, text, sha256 }, now()));
    writeStderr(`trust: recorded the ${format} letter in session ${shortId(sessionId)} (sha256 ${sha256.slice(0, 12)})\n`);
  }
}

/** The letter for a session, signed by its owner as the people file knows them; the store is closed again. */
export async function draftLetter(opts: GlobalOptions & { session: string }, redact: boolean): Promise<{ draft: Letter; sessionId: string }> {
  const people = await loadDirectory(opts);
  return readingStore(opts, async (store) => {
    const session = store.resolveSession(opts.session);
    const playbook = await snapshotPlaybook(store, session);
    const events = store.events(session.id);
    const actions = store.listActions({ sessionId: session.id, includeRehearsals: true });
    const doc = buildExport(
      {
        playbook,
        session,
        state: replay(events),
        actions,
      },
      { audience: "client", redact },
    );
    const known = people.find(session.owner);
    const signer: Person | undefined = known ? (known.email ? { name: known.name, email: known.email } : { name: known.name }) : undefined;
    const today = toIsoDate(new Date(now()));
    const draft = buildLetter(doc, signer ? { signer, today } : { today });
    // What the last letter recorded promised and is no longer so, said before this one goes out:
    // this session's letter, and for a commitment carried from an earlier call, that call's.
    const promisedOf = (id: string, pb: Playbook, evs: TimedEvent[], of: LetterOf) => {
      // Superseded ones too: a promise dropped from its answer since the letter is one to explain.
      const all = store.listActions({ sessionId: id, includeRehearsals: true, includeSuperseded: true });
      return promisesSinceLetter(evs, all, letterScope(pb), of);
    };
    draft.warnings.push(...promisedOf(session.id, playbook, events, {}));
    for (const home of new Set(actions.filter((a) => a.sessionId !== session.id).map((a) => a.sessionId))) {
      const earlier = store.resolveSession(home);
      const carried = new Set(actions.filter((a) => a.sessionId === home).map((a) => a.id));
      draft.warnings.push(...promisedOf(home, await snapshotPlaybook(store, earlier), store.events(home), { only: carried, session: home }));
    }
    return { draft, sessionId: session.id };
  });
}
