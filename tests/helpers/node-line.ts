/**
 * CI runs the whole suite on the machine's Node, then again on the LTS lines users run
 * (scripts/test-on-node.sh, which sets TRUST_TEST_NODE_LINE). On those second runs, the tests
 * whose cost is the breadth or repetition of trust's own logic rather than anything Node does (a
 * matrix of commands by refused paths, a process killed sixty times, a hundred random folders,
 * a fuzzing budget) run every case class but fewer rounds: CI's aim is the three runs in under
 * 20 minutes on a 2-core machine. The machine's Node always runs them whole.
 */
export const ON_ANOTHER_NODE = process.env.TRUST_TEST_NODE_LINE !== undefined;

/** `full` on the machine's Node, `fewer` on another Node line. */
export function rounds(full: number, fewer: number): number {
  return ON_ANOTHER_NODE ? fewer : full;
}

/** Every pair of an `a` and a `b`; on another Node line, pairs in turn that hold each `a` and each `b` at least once. */
export function everyPair<A, B>(a: readonly A[], b: readonly B[]): Array<[A, B]> {
  if (!ON_ANOTHER_NODE) return a.flatMap((x) => b.map((y): [A, B] => [x, y]));
  return Array.from({ length: Math.max(a.length, b.length) }, (_, i): [A, B] => [a[i % a.length]!, b[i % b.length]!]);
}
