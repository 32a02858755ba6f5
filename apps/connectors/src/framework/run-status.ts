import { type ConnectorErrorKind } from '@minsheng/connector-sdk';
import { type RunTotals, type RunVerdict } from '@minsheng/shared/connectors-store';

export type { RunTotals, RunVerdict };

const BASE_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 30 * 60_000;

/** Exponential backoff with full jitter: 30 s, 1 min, 2 min … capped at 30 min. */
export function backoffMs(consecutiveFailures: number, random = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, consecutiveFailures - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * A source that parses to nothing but errors has changed its layout as surely as one that parses to zero rows:
 * either way the instance pauses itself ("degraded: layout_changed") instead of quietly emitting nothing.
 */
export function judgeRun(
  totals: RunTotals,
  error: { kind: ConnectorErrorKind; message: string } | undefined,
  consecutiveFailures: number,
): RunVerdict {
  if (error?.kind === 'layout_changed')
    return { kind: 'degraded', reason: 'layout_changed', message: error.message };
  if (error)
    return {
      kind: 'failed',
      errorKind: error.kind,
      message: error.message,
      retryInMs: backoffMs(consecutiveFailures + 1),
    };
  if (totals.fetched >= 3 && totals.quarantined === totals.fetched) {
    return {
      kind: 'degraded',
      reason: 'layout_changed',
      message: `all ${totals.fetched} records failed to parse`,
    };
  }
  return { kind: 'succeeded' };
}
