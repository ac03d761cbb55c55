import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { visible, visibleLine } from "../../src/format/visible.js";
import { reportOf, type SessionFacts } from "../report/batches.js";
import { renderReportTable, type ReportMeta } from "../../src/report/render-report.js";
import { renderSummary } from "../../src/session/summary.js";
import { autoSession, builtinPlaybooks } from "../helpers/auto-session.js";

/**
 * With colour on, the terminal views neutralise what people typed before painting it: the
 * colour codes our code adds survive (every ESC left is the start of an SGR sequence we wrote),
 * and none of the payload's sequences do. The CLI runs without a terminal in the other fault
 * tests, so colour is never on there: this is where it is.
 */

const HOSTILE = "\x1b[31mred A\x1b]0;pwned\x07B\x1b[2JC\x1b]8;;http://evil.example\x1b\\x\x1b]8;;\x1b\\D\rE\bF\x00G\x7fH\x9bI\u202eJ\u2067K";
const paint = new Chalk({ level: 1 });

/** The text with our SGR colour codes taken out: what must then hold no control at all. */
function withoutOurColours(text: string): string {
  return text.replace(/\x1b\[\d+(?:;\d+)*m/g, "");
}

function expectPaintedAndClean(text: string): void {
  expect(text).toMatch(/\x1b\[1m/); // bold from our code survived
  // The payload's own `\x1b[31m` would survive the SGR filter: it must not be there as an ESC.
  expect(text).toContain("␛[31mred");
  expect(withoutOurColours(text)).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
}

describe("visible.ts", () => {
  it("shows C0 controls as their pictures, DEL as ␡, C1 and bidi marks as U+FFFD; keeps tab and newline", () => {
    expect(visible("a\x1b[2Jb\x00c\x7fd\x85e\u202ef\tg\nh\ri\bj")).toBe("a␛[2Jb␀c␡d\uFFFDe\uFFFDf\tg\nh␍i␈j");
    expect(visibleLine("a\tb\nc\r\nd")).toBe("a b c␍ d");
  });
});

describe("painted views keep our colours and neutralise the data", () => {
  const [, playbook] = builtinPlaybooks().find(([name]) => name.startsWith("restore-trust"))!;

  it("the end-of-call summary and its transcript", () => {
    const run = autoSession(playbook, "high", { client: `Client ${HOSTILE}`, incident: `Incident ${HOSTILE}`, owner: `Owner ${HOSTILE}` });
    const actions = run.actions.map((a) => ({ ...a, what: `${a.what} ${HOSTILE}`, owner: `Kim ${HOSTILE}` }));
    const text = renderSummary(playbook, run.session, run.state, actions, paint, 100);
    expectPaintedAndClean(text);
    expect(text).toContain("Client ␛[31mred A␛]0;pwned␇B");
  });

  it("the report table, grouped by client", () => {
    const facts = (client: string): SessionFacts => ({
      client, owner: `Owner ${HOSTILE}`, playbook: "restore-trust", startedAt: Date.UTC(2026, 0, 2), status: "completed", activeMs: 90_000,
      stepMs: [[`step${HOSTILE}`, 90_000]], trustBefore: 2, trustAfter: 4, actionsOpen: 1, actionsDone: 0, actionsOverdue: 1, doneMs: [],
    });
    const meta: ReportMeta = { since: null, until: null, client: `Client ${HOSTILE}`, playbook: null, status: null, rehearsals: false, source: "all", groupBy: "client", asOf: "2026-03-15" };
    const text = renderReportTable(reportOf([facts(`Client ${HOSTILE}`)], "client"), meta, paint);
    expectPaintedAndClean(text);
    expect(text).toMatch(/\x1b\[31m\(1 overdue\)/); // our red
  });
});
