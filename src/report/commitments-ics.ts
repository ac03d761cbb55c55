import ICAL from "ical.js";
import { visible, visibleLine } from "../format/visible.js";
import { shortId } from "../session/id-format.js";
import type { ListedAction } from "../store/index.js";

/**
 * Commitments as an iCalendar file (RFC 5545), one to-do (VTODO) each, built with ical.js, which
 * escapes, encodes and folds every value: a client name with a newline or a semicolon stays text.
 * The UID is the commitment's own id, so importing the file again updates the to-dos instead of
 * adding copies; SEQUENCE counts its changes (edits, done, cancelled, reopened), so calendars
 * take the newer version.
 */

export interface IcsInput {
  actions: ListedAction[];
  /** The owner's email, when the people file knows it (ATTENDEE needs an address). */
  emailOf: (owner: string) => string | undefined;
  /** How many times each commitment changed after the call, by id. */
  changes: ReadonlyMap<string, number>;
  /** The time the file is made (DTSTAMP), epoch ms. */
  now: number;
}

const STATUS: Record<ListedAction["status"], string> = {
  open: "NEEDS-ACTION",
  done: "COMPLETED",
  cancelled: "CANCELLED",
  superseded: "CANCELLED",
};

/**
 * A TEXT value as RFC 5545 allows it: no control characters but the line breaks ical.js escapes.
 * ical.js passes a lone CR through raw, which a reader takes for the end of the line, so text typed
 * as `x\rATTENDEE:…` would become a property of its own; controls are shown as signs instead.
 */
function text(value: string): string {
  return visible(value.replace(/\r\n?/g, "\n"));
}

/** The calendar text, CRLF line ends. */
export function commitmentsIcs(input: IcsInput): string {
  // ical.js folds after 75 octets and then adds the continuation's leading space: 76 in all,
  // one over RFC 5545's limit for a line. 74 keeps every line, space included, within 75.
  ICAL.foldLength = 74;
  const cal = new ICAL.Component(["vcalendar", [], []]);
  cal.addPropertyWithValue("version", "2.0");
  cal.addPropertyWithValue("prodid", "-//trust//commitments//EN");
  cal.addPropertyWithValue("calscale", "GREGORIAN");
  const stamp = ICAL.Time.fromJSDate(new Date(input.now), true);
  for (const a of input.actions) {
    const todo = new ICAL.Component("vtodo");
    todo.addPropertyWithValue("uid", `${a.id}@trust`);
    todo.addPropertyWithValue("dtstamp", stamp);
    todo.addPropertyWithValue("created", ICAL.Time.fromJSDate(new Date(a.createdAt), true));
    todo.addPropertyWithValue("sequence", input.changes.get(a.id) ?? 0);
    todo.addPropertyWithValue("summary", text(a.what));
    todo.addPropertyWithValue("due", ICAL.Time.fromDateString(a.due));
    todo.addPropertyWithValue("status", STATUS[a.status]);
    if (a.status === "done" && a.doneAt !== null) todo.addPropertyWithValue("completed", ICAL.Time.fromJSDate(new Date(a.doneAt), true));
    const email = input.emailOf(a.owner);
    if (email) {
      const attendee = todo.addPropertyWithValue("attendee", `mailto:${email}`);
      // A parameter value holds no line break at all (RFC 5545 3.2).
      attendee.setParameter("cn", visibleLine(a.owner));
      attendee.setParameter("role", "REQ-PARTICIPANT");
    }
    todo.addPropertyWithValue(
      "description",
      text([
        `Owner: ${a.owner}`,
        `Client: ${a.client}`,
        `Incident: ${a.incident}`,
        `Session: ${shortId(a.sessionId)}`,
        nextStep(a),
      ].join("\n")),
    );
    cal.addSubcomponent(todo);
  }
  return cal.toString().replace(/\r?\n/g, "\r\n") + "\r\n";
}

/** The description's last line: what can be done with it now, as its state allows. */
function nextStep(a: ListedAction): string {
  const id = shortId(a.id);
  switch (a.status) {
    case "open":
      return `Mark it done: trust actions done ${id}`;
    case "done":
      return `Done${a.doneNote ? `: ${a.doneNote}` : ""}. Reopen it: trust actions reopen ${id}`;
    default:
      return `Cancelled${a.cancelReason ? `: ${a.cancelReason}` : ""}. Reopen it: trust actions reopen ${id}`;
  }
}
