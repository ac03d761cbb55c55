import type { Choice, Prompt } from "../../src/playbook/schema.js";
import type { ActionItem, AnswerValue } from "../../src/session/model.js";
import type { Prng } from "./prng.js";
import { ACTION_ITEMS, LIST_ITEMS, SENSITIVE, SENTENCES, SHORT_TEXT } from "./vocabulary.js";

/** What an answer may depend on besides the prompt: who else could own a commitment, and when the call is. */
export interface ValueContext {
  rng: Prng;
  owner: string;
  owners: readonly string[];
  /** Start of the call, epoch ms. */
  at: number;
  /** The trust_before rating given earlier in this session, for a plausible trust_after. */
  trustBefore?: number;
}

const DAY = 86_400_000;

/** A valid answer to `prompt`, drawn so that ratings and commitments look like real calls. */
export function answerFor(prompt: Prompt, ctx: ValueContext): AnswerValue {
  const { rng } = ctx;
  switch (prompt.type) {
    case "text":
      return prompt.sensitive ? rng.pick(SENSITIVE) : rng.pick(SHORT_TEXT).slice(0, prompt.max_length ?? 240);
    case "longtext":
      return prompt.sensitive ? rng.pick(SENSITIVE) : rng.sample(SENTENCES, rng.int(1, 3)).join(" ");
    case "confirm":
      return rng.chance(0.75);
    case "select":
      return choiceValue(rng.pick(prompt.choices));
    case "checklist": {
      const values = prompt.choices.map(choiceValue);
      const min = prompt.min ?? 0;
      const max = Math.min(prompt.max ?? values.length, values.length);
      return rng.sample(values, rng.int(min, Math.max(min, max)));
    }
    case "rating":
      return rating(prompt.min, prompt.max, prompt.metric, ctx);
    case "number": {
      const min = prompt.min ?? 0;
      const max = prompt.max ?? Math.max(min + 100, 100);
      const n = min + rng.next() * (max - min);
      return prompt.integer ? Math.round(n) : Math.round(n * 100) / 100;
    }
    case "date":
      return isoDate(ctx.at + rng.int(1, 14) * DAY);
    case "list": {
      const min = Math.max(prompt.min ?? 1, 1);
      const max = Math.max(min, Math.min(prompt.max ?? 4, LIST_ITEMS.length));
      return rng.sample(LIST_ITEMS, rng.int(min, max));
    }
    case "actions": {
      const count = rng.int(Math.max(prompt.min ?? 1, 1), 4);
      return Array.from({ length: count }, (): ActionItem => ({
        what: rng.pick(ACTION_ITEMS),
        owner: rng.chance(0.6) ? ctx.owner : rng.pick(ctx.owners),
        due: isoDate(ctx.at + rng.int(1, 30) * DAY),
      }));
    }
  }
}

/** trust_before sits low (the client is upset); trust_after mostly a little higher, sometimes not. */
function rating(min: number, max: number, metric: string | undefined, ctx: ValueContext): number {
  const { rng } = ctx;
  const clamp = (n: number) => Math.min(max, Math.max(min, n));
  if (metric === "trust_before") return clamp(min + rng.int(0, Math.ceil((max - min) / 2)));
  if (metric === "trust_after") {
    const base = ctx.trustBefore ?? min + Math.floor((max - min) / 2);
    const change = { down: -1, same: 0, up: 1, up2: 2 }[rng.weighted({ down: 1, same: 3, up: 5, up2: 3 })];
    return clamp(base + change);
  }
  return rng.int(min, max);
}

function choiceValue(choice: Choice): string {
  return typeof choice === "string" ? choice : choice.value;
}

/** YYYY-MM-DD in UTC. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
