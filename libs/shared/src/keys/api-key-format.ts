import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** msk_<id>_<secret>: the id finds the row without scanning, the secret proves possession. */
const KEY_PATTERN = /^msk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface NewKeyMaterial {
  id: string;
  key: string;
  secretHash: string;
}

export function newKeyMaterial(): NewKeyMaterial {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, key: `msk_${id}_${secret}`, secretHash: hashSecret(secret) };
}

export function parseKey(key: string): { id: string; secret: string } | undefined {
  const m = KEY_PATTERN.exec(key.trim());
  return m ? { id: m[1], secret: m[2] } : undefined;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
