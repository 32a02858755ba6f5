/**
 * Delay after failed attempt `attempt` (1-based): base·2^(attempt−1), capped, with "equal jitter" (between half and
 * all of it) so that many deliveries failing together against one receiver do not all come back at the same moment.
 */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const full = Math.min(maxMs, baseMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(full / 2 + (random() * full) / 2);
}
