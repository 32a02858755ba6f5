import { lineChunks } from './line-chunks';

/** Routes chunks of whole lines: on worker threads (ParallelRouter) or on this one (routeChunk). */
export interface ChunkRouter {
  /** Threads routing; a few chunks per thread are kept in flight. */
  readonly size: number;
  route(bytes: Uint8Array<ArrayBuffer>, first: number): Uint8Array | Promise<Uint8Array>;
}

/**
 * Every non-blank line of `path` routed, the output handed to `write` in input order; the count of lines routed.
 * Chunks are read ahead while earlier ones are routed, two per thread at most, so memory stays a few chunks.
 */
export async function routeFile(
  path: string,
  router: ChunkRouter,
  write: (bytes: Uint8Array) => Promise<void> | void,
): Promise<number> {
  const inFlight: (Uint8Array | Promise<Uint8Array>)[] = [];
  let lines = 0;
  for await (const chunk of lineChunks(path)) {
    lines += chunk.lines;
    inFlight.push(router.route(chunk.bytes, chunk.first));
    while (inFlight.length > 2 * router.size) await write(await inFlight.shift()!);
  }
  for (const pending of inFlight) await write(await pending);
  return lines;
}
