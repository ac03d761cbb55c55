import { Playbook } from "../../src/playbook/schema.js";

/**
 * A small playbook that exercises conditions on steps and prompts, a step with no prompts and
 * every prompt type. Built with Playbook.parse so the schema's defaults apply.
 */
export const smallPlaybook = Playbook.parse({
  id: "small",
  title: "Small",
  version: 1,
  description: "A playbook for tests",
  steps: [
    {
      id: "prepare",
      title: "Prepare",
      prompts: [
        { id: "reviewed", type: "confirm", message: "Read the timeline?", required: true },
        { id: "trust_before", type: "rating", min: 1, max: 10, message: "How much does {{client}} trust us?" },
        { id: "exec_brief", type: "text", message: "Exec brief?", when: { session: "severity", in: ["high", "critical"] } },
      ],
    },
    { id: "listen", title: "Listen", guidance: "Let {{client}} speak." },
    {
      id: "problem",
      title: "The problem",
      when: { prompt: "trust_before", max: 4 },
      prompts: [
        { id: "topics", type: "checklist", message: "Topics?", choices: ["billing", { value: "outage", label: "The outage" }, "support"] },
        { id: "billing_detail", type: "longtext", message: "Billing detail?", when: { prompt: "topics", includes: "billing" } },
      ],
    },
    {
      id: "commit",
      title: "Commit",
      prompts: [
        { id: "actions", type: "actions", message: "What will we do?", min: 1, required: true, owner: "{{owner}}", due: "+1w" },
        { id: "trust_after", type: "rating", min: 1, max: 10, message: "Trust now?" },
      ],
    },
  ],
});

/** A playbook with one prompt of every type and no conditions. */
export const everyType = Playbook.parse({
  id: "every-type",
  title: "Every type",
  version: 1,
  description: "One prompt of each type",
  steps: [
    {
      id: "all",
      title: "All",
      prompts: [
        { id: "t", type: "text", message: "t", max_length: 10 },
        { id: "lt", type: "longtext", message: "lt" },
        { id: "c", type: "confirm", message: "c" },
        { id: "s", type: "select", message: "s", choices: ["low", { value: "med", label: "Medium" }, { value: "hi", label: "High" }] },
        { id: "cl", type: "checklist", message: "cl", choices: ["a", { value: "b", label: "Bee" }, "c"], min: 1, max: 2 },
        { id: "r", type: "rating", message: "r" },
        { id: "n", type: "number", message: "n", min: 0, max: 100, unit: "hours" },
        { id: "ni", type: "number", message: "ni", integer: true },
        { id: "d", type: "date", message: "d" },
        { id: "l", type: "list", message: "l", item: "fact", min: 1, max: 3 },
        { id: "l0", type: "list", message: "l0" },
        { id: "ac", type: "actions", message: "ac", min: 1 },
        { id: "ac_owned", type: "actions", message: "ac", owner: "Support team", due: "+1w" },
      ],
    },
  ],
});
