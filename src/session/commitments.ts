import type { ActionItem, ActionStatus } from "./model.js";

/** Open and due before `today` (YYYY-MM-DD, the user's local calendar day). */
export function isOverdue(a: { status: ActionStatus; due: string }, today: string): boolean {
  return a.status === "open" && a.due < today;
}

/**
 * What may happen to a commitment, and how a new answer to a commitments prompt lines up with
 * the commitments it held: pure rules, applied by the store in the transaction of the event.
 */

export type ActionChange =
  | { kind: "done"; note?: string }
  | { kind: "edit"; what?: string; owner?: string; due?: string }
  | { kind: "cancel"; reason: string }
  | { kind: "reopen"; note?: string };

/** Why `change` cannot be made to a commitment in its current state, or undefined when it can. */
export function refusal(held: Pick<HeldAction, "status" | "what" | "owner" | "due">, change: ActionChange): string | undefined {
  const { status } = held;
  if (status === "superseded") return "was dropped from its list when the answer was changed on the call";
  switch (change.kind) {
    case "done":
      if (status === "done") return "is already done";
      if (status === "cancelled") return "was cancelled: reopen it first";
      return undefined;
    case "edit": {
      if (status !== "open") return `is ${status}: reopen it first`;
      const given = EDITABLE.filter((field) => change[field] !== undefined);
      if (given.length === 0) return "has nothing to change: give --what, --owner or --due";
      if (given.every((field) => change[field] === held[field])) return `already has that ${given.join(" and ")}: nothing to change`;
      return undefined;
    }
    case "cancel":
      if (status === "cancelled") return "is already cancelled";
      if (status === "done") return "is done: reopen it first";
      return undefined;
    case "reopen":
      return status === "open" ? "is open already" : undefined;
  }
}

const EDITABLE = ["what", "owner", "due"] as const;

/** An edit with only the fields that differ from the commitment as it is, so the timeline records real changes. */
export function effectiveEdit(held: Pick<HeldAction, "what" | "owner" | "due">, change: Extract<ActionChange, { kind: "edit" }>): Extract<ActionChange, { kind: "edit" }> {
  const out: Extract<ActionChange, { kind: "edit" }> = { kind: "edit" };
  for (const field of EDITABLE) if (change[field] !== undefined && change[field] !== held[field]) out[field] = change[field];
  return out;
}

export interface HeldAction {
  id: string;
  what: string;
  owner: string;
  due: string;
  status: ActionStatus;
}

export interface Matched {
  /**
   * Each item of the new answer with the id it keeps (`keeps`: one of this prompt's own), the
   * commitment of an earlier call it carries (`carries`), or none for a new commitment.
   */
  items: Array<ActionItem & { keeps?: HeldAction; carries?: HeldAction }>;
  /** Open commitments the new answer no longer holds. */
  dropped: HeldAction[];
}

/**
 * Lines up a new answer with the commitments the prompt held: an item keeps a commitment by
 * its id, else by the same what, owner and due (an answer written before ids were kept); an
 * item with the id of a commitment made on an earlier call with the client (`carryable`)
 * carries it; the rest are new. Open commitments left over were removed on the call and are
 * dropped; done and cancelled ones keep their history whatever the list says now. A carried
 * commitment left out of the list is not dropped: it stays with the call that made it.
 */
export function matchAnswer(items: readonly ActionItem[], held: readonly HeldAction[], carryable: ReadonlyMap<string, HeldAction> = new Map()): Matched {
  const free = new Map(held.map((h) => [h.id, h]));
  const carried = new Set<string>();
  const out = items.map((item) => {
    const earlier = item.id === undefined || carried.has(item.id) ? undefined : carryable.get(item.id);
    if (earlier) {
      carried.add(earlier.id);
      return { ...item, id: earlier.id, carries: earlier };
    }
    const byId = item.id === undefined ? undefined : free.get(item.id);
    const keeps = byId ?? [...free.values()].find((h) => h.what === item.what && h.owner === item.owner && h.due === item.due);
    if (!keeps) {
      const { id: _unknown, ...rest } = item;
      return rest;
    }
    free.delete(keeps.id);
    return { ...item, id: keeps.id, keeps };
  });
  return { items: out, dropped: [...free.values()].filter((h) => h.status === "open") };
}
