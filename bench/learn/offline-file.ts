import { performance } from 'node:perf_hooks';
import { type ChunkRouter, routeFile } from '../../apps/router/src/offline/route-file';

export interface Throughput {
  /** Items per wall-clock second. */
  wall: number;
  /** Items per CPU second of this process, all its threads (workers included). */
  cpu: number;
}

export function measure(items: number): () => Throughput {
  const start = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return {
      wall: items / ((performance.now() - start) / 1000),
      cpu: items / ((used.user + used.system) / 1e6),
    };
  };
}

/**
 * The offline router's own path (routeFile: file chunks in, routed ticket lines out, in order) on `router`, from
 * the first chunk read to the last byte back.
 */
export async function offlineFile(path: string, lines: number, router: ChunkRouter): Promise<Throughput> {
  let bytes = 0;
  const done = measure(lines);
  const routed = await routeFile(path, router, (out) => {
    bytes += out.length;
  });
  if (routed !== lines || bytes === 0) throw new Error(`offline router: ${routed} of ${lines} lines routed`);
  return done();
}
