process.env.TZ = "UTC";

import { describe, expect, it } from "vitest";
import { buildExport } from "../../src/report/export-model.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { action, answered, fixtureInput, inputWith, note, PLAYBOOK_SOURCE, started, T0 } from "./fixtures/session.js";

const prompts = (doc: ReturnType<typeof buildExport>) => doc.steps.flatMap((s) => s.prompts);

describe("buildExport", () => {
  it("keeps the documented key order", () => {
    const team = buildExport(fixtureInput(), { audience: "team", redact: false });
    expect(Object.keys(team)).toEqual([
      "format", "version", "audience", "redacted", "session", "playbook", "trust", "ratings", "steps", "commitments", "notes",
    ]);
    expect(Object.keys(team.session)).toEqual([
      "id", "client", "incident", "severity", "owner", "attendees", "contacts", "rehearsal", "status", "startedAt", "completedAt", "activeMs", "source",
    ]);
    const client = buildExport(fixtureInput(), { audience: "client", redact: false });
    expect(Object.keys(client)).toEqual(["format", "version", "audience", "redacted", "session", "playbook", "steps", "commitments"]);
    expect(client.session).not.toHaveProperty("severity");
  });

  it("leaves internal prompts, ratings, notes and done notes out of the client export", () => {
    const team = buildExport(fixtureInput(), { audience: "team", redact: false });
    expect(prompts(team).filter((p) => p.internal).map((p) => p.id)).toEqual(["known_and_open", "root_cause_notes", "churn_risk"]);
    const client = buildExport(fixtureInput(), { audience: "client", redact: false });
    expect(prompts(client).some((p) => p.internal || p.type === "rating")).toBe(false);
    // Only what the letter says: not our reads of the client (apology_reception, client_mood), nor
    // any other answer without a part in the letter, though none of them is marked internal.
    expect(prompts(team).filter((p) => !p.internal && p.letter === null).map((p) => p.id)).toContain("apology_reception");
    expect(prompts(client).every((p) => p.letter !== null)).toBe(true);
    expect(prompts(client).map((p) => p.id)).toEqual(prompts(team).filter((p) => p.letter !== null).map((p) => p.id));
    expect(client.steps.some((s) => "notes" in s)).toBe(false);
    expect(client.commitments.some((c) => "doneNote" in c)).toBe(false);
    const md = renderMarkdown(client);
    for (const secret of ["Likely the new retry setting", "medium", "Sam asked for", "Call Sam on", "high", "2 / 5", "All 212 orders"]) {
      expect(md).not.toContain(secret);
    }
  });

  it("takes trust before and after from the well-known metrics", () => {
    const doc = buildExport(fixtureInput(), { audience: "team", redact: false });
    expect(doc.trust).toEqual({ before: 2, after: 4, change: 2, min: 1, max: 5 });
  });

  it("lists every other metric, and has no trust line without the well-known ones", () => {
    const source = PLAYBOOK_SOURCE.replace("metric: trust_before", "metric: confidence").replace("metric: trust_after", "metric: goodwill_score");
    const doc = buildExport(inputWith({ source }), { audience: "team", redact: false });
    expect(doc.trust).toBeNull();
    expect(doc.ratings?.map((r) => [r.metric, r.value])).toEqual([["confidence", 2], ["goodwill_score", 4]]);
    const md = renderMarkdown(doc);
    expect(md).not.toContain("**Trust:**");
    expect(md).toContain("**Rating confidence:** 2 / 5 (low)");
    expect(md).toContain("**Rating goodwill\\_score:** 4 / 5 (fair)");
  });

  it("drops the answer of a prompt hidden by a changed earlier answer, and unanswered prompts", () => {
    const doc = buildExport(
      inputWith({
        events: [
          [0, started("frame-problem")],
          [10, answered("frame-problem", "problem_agreed", false)],
          [20, answered("frame-problem", "problem_disagreement", "They say it lasted four hours")],
          [30, { type: "went_back", step: "frame-problem", to: "frame-problem" }],
          [40, answered("frame-problem", "problem_agreed", true)],
        ],
      }),
      { audience: "team", redact: false },
    );
    expect(doc.steps.map((s) => s.id)).toEqual(["frame-problem"]);
    expect(prompts(doc).map((p) => [p.id, p.value])).toEqual([["problem_agreed", true]]);
  });

  it("shows only the steps reached, marks skipped steps and prompts, and keeps general notes apart", () => {
    const doc = buildExport(
      inputWith({
        session: { severity: "low" },
        events: [
          [0, started("prepare")],
          [10, { type: "skipped", step: "prepare", prompt: "trust_before" }],
          [20, { type: "skipped", step: "get-facts" }],
          [30, started("acknowledge")],
          [40, note("asked about a sponsor", "acknowledge")],
          [50, note("left early")],
        ],
      }),
      { audience: "team", redact: false },
    );
    expect(doc.steps.map((s) => [s.id, s.skipped])).toEqual([["prepare", false], ["get-facts", true], ["acknowledge", false]]);
    expect(prompts(doc).map((p) => [p.id, p.status, p.value])).toEqual([["trust_before", "skipped", null]]);
    expect(doc.trust).toBeNull();
    expect(doc.steps[2]!.notes?.map((n) => n.text)).toEqual(["asked about a sponsor"]);
    expect(doc.notes).toEqual([{ step: null, text: "left early", at: "2026-11-12T14:00:50.000Z" }]);
    const md = renderMarkdown(doc);
    expect(md).toContain("**How much does Northwind Traders trust us right now?** _skipped_");
    expect(md).toContain("## 2. Get the facts\n\n_Skipped on the call._");
    expect(md).toContain("- **Status:** completed");
  });

  it("leaves superseded commitments out, soonest due first", () => {
    const doc = buildExport(fixtureInput(), { audience: "team", redact: false });
    expect(doc.commitments.map((c) => c.what)).toEqual([
      "Replay every failed order and confirm each one",
      "Next update to Northwind Traders, news or not",
      "Send the post-incident review",
      "Page on-call within 5 minutes of a checkout failure",
    ]);
  });

  it("redacts sensitive answers and contact details in free text, but keeps names", () => {
    const doc = buildExport(
      inputWith({
        session: { incident: "Outage reported by ops@acme.example", owner: "Dana Whitfield" },
        actions: [action(0, "Call +44 20 7946 0958 back", "Dana Whitfield", "2026-11-18")],
      }),
      { audience: "team", redact: true },
    );
    const byId = new Map(prompts(doc).map((p) => [p.id, p]));
    expect(byId.get("affected_people")).toMatchObject({ value: "[redacted]", redacted: true });
    expect(byId.get("goodwill_terms")).toMatchObject({ value: "[redacted]", redacted: true });
    expect(byId.get("client_facts")?.value).toContain("Our support line took 300 calls; my direct line is [phone]");
    expect(byId.get("client_facts")?.value).toContain("About 1,250.00 EUR of orders were abandoned");
    expect(doc.session.incident).toBe("Outage reported by [email]");
    expect(byId.get("timeline_reviewed")?.message).toBe("Have you read the full timeline of Outage reported by [email]?");
    expect(doc.commitments[0]).toMatchObject({ what: "Call [phone] back", owner: "Dana Whitfield" });
    expect(doc.notes?.[0]?.text).toBe("Call Sam on [phone] before Friday; his email is [email].");
    expect(doc.session.attendees).toContainEqual({ name: "Marcus Lee", email: null });
    expect(doc.session.contacts).toEqual([{ name: "Sam Ortiz", email: "[email]" }]);
  });

  it("redacts the commitments of a sensitive actions prompt whole", () => {
    const source = PLAYBOOK_SOURCE.replace("        type: actions\n", "        type: actions\n        sensitive: true\n");
    const doc = buildExport(inputWith({ source }), { audience: "team", redact: true });
    // The next update's commitment belongs to its own prompt, which is not sensitive.
    expect(doc.commitments.map((c) => c.what)).toEqual(["[redacted]", "Next update to Northwind Traders, news or not", "[redacted]", "[redacted]"]);
    expect(doc.commitments.map((c) => c.owner)).toEqual(["Dana Whitfield", "Dana Whitfield", "Marcus Lee", "Marcus Lee"]);
  });

  it("renders the snapshot it is given, whatever the builtin playbook says now", () => {
    const source = PLAYBOOK_SOURCE.replace("title: Be prepared", "title: Get ready (old wording)");
    const md = renderMarkdown(buildExport(inputWith({ source }), { audience: "team", redact: false }));
    expect(md).toContain("## 1. Get ready (old wording)");
  });
});

describe("the client letter in the export", () => {
  it("carries each prompt's letter part in the document", () => {
    const doc = buildExport(fixtureInput(), { audience: "client", redact: false });
    const parts = Object.fromEntries(prompts(doc).filter((p) => p.letter !== null).map((p) => [p.id, p.letter]));
    expect(parts).toEqual({
      client_facts: "heard",
      business_impact: "heard",
      client_feelings: "feeling",
      apology_words: "apology",
      problem_statement: "agreed",
      problem_agreed: "agreed",
      actions: "doing",
      next_update: "next",
    });
  });

  it("flags a rehearsal in the letter, and the team summary says it was one", () => {
    const input = inputWith({ session: { rehearsal: true }, events: [[0, started("get-facts")]], actions: [action(0, "Send the review", "Marcus Lee", "2026-11-20")] });
    const md = renderMarkdown(buildExport(input, { audience: "client", redact: false }));
    expect(md).toContain("Rehearsal: this letter comes from a practice run, not a real call. Do not send it.");
    expect(md.split("\n")[0]).toBe("# Rehearsal, do not send: Checkout outage on 11 Nov: following up on our call");
    const team = renderMarkdown(buildExport(input, { audience: "team", redact: false }));
    expect(team).toContain("- **Rehearsal:** yes, a practice run");
  });
});

describe("cancelled commitments", () => {
  it("are in the team export with their reason, and never in the client's", () => {
    const actions = [
      action(0, "Send the review", "Marcus Lee", "2026-11-18"),
      action(1, "Offer a credit", "Dana Whitfield", "2026-11-20", { status: "cancelled", cancelledAt: T0 + 1, cancelReason: "the client declined it" }),
    ];
    const team = buildExport(inputWith({ actions }), { audience: "team", redact: false });
    expect(team.commitments.map((c) => [c.what, c.status, c.cancelReason])).toEqual([
      ["Send the review", "open", null],
      ["Offer a credit", "cancelled", "the client declined it"],
    ]);
    const client = buildExport(inputWith({ actions }), { audience: "client", redact: false });
    expect(client.commitments.map((c) => c.what)).toEqual(["Send the review"]);
  });
});
