import { createHash, randomBytes } from 'node:crypto';

/**
 * Deterministic from (channel, externalId): the same upstream record seen again, by any connector
 * replica or after a crash, always maps to the same item and so never becomes a second item.
 */
export function appealId(channel: string, externalId: string): string {
  return `ap_${createHash('sha256').update(`${channel}\u0000${externalId}`).digest('hex').slice(0, 32)}`;
}

// One draw from the CSPRNG per 512 ids: a draw per id was a visible share of the ingest path's CPU.
const TRACE_POOL_BYTES = 4096;
let tracePool = Buffer.alloc(0);
let traceOffset = 0;

export function newTraceId(): string {
  if (traceOffset + 8 > tracePool.length) {
    tracePool = randomBytes(TRACE_POOL_BYTES);
    traceOffset = 0;
  }
  traceOffset += 8;
  return tracePool.toString('hex', traceOffset - 8, traceOffset);
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
