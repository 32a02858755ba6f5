import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-minsheng-timestamp';
export const SIGNATURE_HEADER = 'x-minsheng-signature';
/** A delivery signed more than this far from our clock (either way) is refused as a possible replay. */
export const TIMESTAMP_TOLERANCE_SECONDS = 300;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

function mac(secret: string, timestamp: string, rawBody: Buffer): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
}

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`, what a channel sends in X-Minsheng-Signature. */
export function signPushBody(secret: string, timestamp: string, rawBody: Buffer | string): string {
  return `sha256=${mac(secret, timestamp, Buffer.from(rawBody)).toString('hex')}`;
}

/** Verifies over the raw bytes as received (never a re-serialized body), in constant time. */
export function verifyPushSignature(
  secret: string,
  rawBody: Buffer,
  timestamp: string | undefined,
  signature: string | undefined,
  nowMs = Date.now(),
): SignatureCheck {
  if (!timestamp || !/^\d{1,12}$/.test(timestamp))
    return { ok: false, reason: 'missing or malformed timestamp' };
  const given = /^sha256=([0-9a-fA-F]{64})$/.exec(signature ?? '');
  if (!given) return { ok: false, reason: 'missing or malformed signature' };
  if (!timingSafeEqual(mac(secret, timestamp, rawBody), Buffer.from(given[1], 'hex'))) {
    return { ok: false, reason: 'signature does not match' };
  }
  if (Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) > TIMESTAMP_TOLERANCE_SECONDS) {
    return { ok: false, reason: 'timestamp outside the accepted window' };
  }
  return { ok: true };
}
