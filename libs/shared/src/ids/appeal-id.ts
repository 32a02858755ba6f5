import { createHash, randomBytes } from 'node:crypto';

/**
 * Deterministic from (channel, externalId): the same upstream record seen again, by any connector
 * replica or after a crash, always maps to the same item and so never becomes a second item.
 */
export function appealId(channel: string, externalId: string): string {
  return `ap_${createHash('sha256').update(`${channel}\u0000${externalId}`).digest('hex').slice(0, 32)}`;
}

export function newTraceId(): string {
  return randomBytes(8).toString('hex');
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
