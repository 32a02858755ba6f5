import { performance } from 'node:perf_hooks';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Evaluations per second of `run` over `count` inputs; `run` returns a checksum so no work is optimised away. */
export function timeSync(count: number, run: () => number): { perSecond: number; checksum: number } {
  const start = performance.now();
  const checksum = run();
  const seconds = (performance.now() - start) / 1000;
  return { perSecond: count / seconds, checksum };
}

export async function timeAsync(
  count: number,
  run: () => Promise<number>,
): Promise<{ perSecond: number; checksum: number }> {
  const start = performance.now();
  const checksum = await run();
  const seconds = (performance.now() - start) / 1000;
  return { perSecond: count / seconds, checksum };
}

export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));
