/**
 * The one place that reads the wall clock. TRUST_NOW (an ISO date-time) pins it, so demos,
 * golden-file tests and backfilled sessions get reproducible times.
 */
export function now(env: NodeJS.ProcessEnv = process.env): number {
  const pinned = env.TRUST_NOW;
  if (pinned) {
    const t = Date.parse(pinned);
    if (!Number.isNaN(t)) return t;
  }
  return Date.now();
}
