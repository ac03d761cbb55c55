/**
 * One step order for several playbooks: each playbook's steps in its own order, playbooks taken
 * by id (then as given), a step shared by two playbooks placed where it first appears.
 */
export function mergeStepOrder(playbooks: Array<{ id: string; steps: string[] }>): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const sorted = [...playbooks].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const pb of sorted) {
    for (const step of pb.steps) {
      if (!seen.has(step)) {
        seen.add(step);
        order.push(step);
      }
    }
  }
  return order;
}
