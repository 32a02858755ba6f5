import { createHmac, timingSafeEqual } from 'node:crypto';

/** The path a signed link opens; the gateway serves it without an API key, on a valid signature only. */
export function attachmentLinkPath(attachmentId: string): string {
  return `/api/v1/attachment-links/${encodeURIComponent(attachmentId)}`;
}

function mac(key: string, path: string, expires: number): string {
  return createHmac('sha256', key).update(`${path}\n${expires}`).digest('hex');
}

/**
 * A short-lived link for a receiver that holds no API key (a webhook target, an Open311 client): the signature
 * covers the path and the expiry, so it opens one attachment until then and nothing else.
 */
export function signAttachmentLink(
  baseUrl: string,
  attachmentId: string,
  key: string,
  ttlSeconds: number,
  now = Date.now(),
): string {
  const path = attachmentLinkPath(attachmentId);
  const expires = Math.floor(now / 1000) + ttlSeconds;
  return `${baseUrl.replace(/\/+$/, '')}${path}?expires=${expires}&signature=${mac(key, path, expires)}`;
}

export type LinkCheck = 'ok' | 'expired' | 'bad_signature';

export function checkAttachmentLink(
  attachmentId: string,
  expires: number,
  signature: string,
  key: string,
  now = Date.now(),
): LinkCheck {
  const expected = Buffer.from(mac(key, attachmentLinkPath(attachmentId), expires), 'hex');
  const given = /^[0-9a-f]{64}$/.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad_signature';
  return expires * 1000 < now ? 'expired' : 'ok';
}
