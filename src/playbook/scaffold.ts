/**
 * The text `trust playbook new` writes: a small, valid playbook whose comments explain the
 * fields, so editing it teaches the format. Pure: the caller decides where it goes.
 */

/** "data-leak" → "Data leak". */
export function titleFromId(id: string): string {
  const words = id.replace(/[-_]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A valid playbook with id `id`, its first line pointing editors at the JSON Schema `schemaRef`;
 * without one (the text goes to standard output, where no path would hold), no such line.
 */
export function scaffold(id: string, schemaRef?: string): string {
  const title = titleFromId(id);
  const modeline = schemaRef === undefined ? "" : `# yaml-language-server: $schema=${schemaRef}\n`;
  return `${modeline}# A trust playbook: the steps of one kind of client call, run with \`trust start ${id}\`.
# Check it after each edit with \`trust playbook validate <this file>\`; \`trust playbook schema\`
# prints every field. Text shown to a person (titles, guidance, say, avoid, questions, help,
# choice labels) may use {{client}}, {{incident}}, {{owner}}, {{severity}} and {{attendees}};
# ids, choice values and conditions are never filled in.

id: ${id}                 # lowercase letters, digits, - and _; \`trust start ${id}\` uses it
title: ${title}
version: 1                # raise it when you change the steps; sessions remember the version
description: >-
  When to use this playbook, in a sentence or two. Shown by \`trust playbooks\`.
tags: [incident]

steps:
  - id: prepare           # step ids are unique; \`trust resume --from-step prepare\` uses them
    title: Be prepared
    budget: 3m            # time this step should take on the call: 90s, 3m, 1m30s
    guidance: |
      What the person on the call should do now, in plain words.
      Before talking to {{client}}, read what is known about {{incident}}.
    prompts:              # questions answered during the step; each id is unique in the playbook
      - id: facts_checked
        type: confirm     # yes/no
        message: Have you read the timeline of {{incident}}?
      - id: trust_before
        type: rating      # a scale; metric makes reports compare it across sessions
        message: How much does {{client}} trust us right now?
        min: 1
        max: 5
        labels: { 1: no trust, 5: full trust }
        metric: trust_before
        required: true    # an --answers run must give it; on a call it can be filled in later

  - id: listen
    title: Listen first
    budget: 5m
    guidance: |
      Let {{client}} tell it from their side. Keep facts apart from feelings.
    say:                  # phrases that work on the call
      - Thank you, {{attendees}}, for making the time.
      - Can you walk me through it from your side?
    avoid:                # things not to say or do
      - Correcting their timeline before they have finished.
    prompts:
      - id: impact
        type: select      # one of a few choices
        message: How badly were they affected?
        choices: [minor, serious, severe]
      - id: what_they_felt
        type: longtext    # several lines; category keeps feelings apart from facts in exports
        message: In their words, how did it feel?
        category: feeling
        letter: feeling   # quoted to them in the client letter (\`trust letter\`); unmarked answers stay out of it
        sensitive: true   # replaced by [redacted] in exports made with --redact
      - id: escalate_internally
        type: confirm
        message: Do we need to brief our leadership today?
        internal: true    # left out of exports for the client
        when: { prompt: impact, in: [serious, severe] }   # asked only for some answers

  - id: commit
    title: Commit to actions
    guidance: |
      Agree what we will do, who owns each action and by when. {{owner}} owns the follow-up.
    prompts:
      - id: actions
        type: actions     # what / owner / due date for each commitment
        message: What will we do, who owns it, by when?
        min: 1
        due: +2d          # default due date, relative to the call: +2d, +1w
        owner: "{{owner}}"
        letter: doing     # the letter lists them with owner and date
      - id: next_update
        type: date
        message: When does {{client}} hear from us next?
        letter: next      # the letter promises this day, and {{owner}} gets it as a commitment
      - id: trust_after
        type: rating
        message: How much does {{client}} trust us now?
        min: 1
        max: 5
        metric: trust_after
`;
}
