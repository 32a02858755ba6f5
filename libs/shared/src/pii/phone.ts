import { createHmac } from 'node:crypto';

/** Mainland numbers written with +86, spaces or dashes are the same number; hashing must see one form. */
export function normalizePhone(raw: string): string | null {
  const digits = raw.replace(/[\s\-()]/g, '').replace(/^(\+?86)/, '');
  return /^\d{7,12}$/.test(digits) ? digits : null;
}

/**
 * Keyed (HMAC), not a plain hash: 11-digit phone numbers are few enough that a plain SHA-256
 * could be reversed by enumeration. The hash only has to link duplicates across channels.
 */
export function hashPhone(raw: string, key: string): string | null {
  const phone = normalizePhone(raw);
  return phone ? createHmac('sha256', key).update(phone).digest('hex') : null;
}

export function maskPhone(raw: string): string | null {
  const phone = normalizePhone(raw);
  if (!phone) return null;
  if (phone.length === 11) return `${phone.slice(0, 3)}****${phone.slice(7)}`;
  return `${'*'.repeat(phone.length - 4)}${phone.slice(-4)}`;
}

/** Keeps the family name, which is what call-takers use to address a citizen. */
export function maskName(raw: string): string {
  const name = raw.trim();
  if (!name || /\*/.test(name) || name === '匿名') return name;
  return `${[...name][0]}${'*'.repeat(Math.max(1, [...name].length - 1))}`;
}
