import { isIP } from 'node:net';

/**
 * An IP address as numbers, for range checks: IPv4 as one 32-bit value, IPv6 as eight 16-bit words. Kept by hand
 * (no package) because the whole policy rests on it and the forms that matter are few: dotted quads, and IPv6 with
 * `::` and an optional dotted tail (`::ffff:127.0.0.1`). What `new URL()` leaves of odd IPv4 spellings (`0x7f.1`,
 * `2130706433`) is already a dotted quad.
 */
export type IpAddress = { family: 4; value: number } | { family: 6; words: number[] };

function parseV4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    value = value * 256 + Number(p);
  }
  return value;
}

function parseV6(text: string): number[] | undefined {
  let body = text;
  const dotted = /(^|:)(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (dotted) {
    // A dotted tail is the last two words: rewrite it in hex and parse as usual.
    const v4 = parseV4(dotted[2]);
    if (v4 === undefined) return undefined;
    const hex = `${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
    body = body.slice(0, body.length - dotted[2].length) + hex;
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const words = (s: string) => (s === '' ? [] : s.split(':'));
  const head = words(halves[0]);
  const rest = halves.length === 2 ? words(halves[1]) : [];
  if (![...head, ...rest].every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const fill = halves.length === 2 ? Array<string>(missing).fill('0') : [];
  return [...head, ...fill, ...rest].map((g) => parseInt(g, 16));
}

/** Parses a literal address (brackets and an IPv6 zone allowed); undefined when it is not one. */
export function parseIp(raw: string): IpAddress | undefined {
  const text = raw.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const kind = isIP(text);
  if (kind === 4) {
    const value = parseV4(text);
    return value === undefined ? undefined : { family: 4, value };
  }
  if (kind === 6) {
    const words = parseV6(text.toLowerCase());
    return words ? { family: 6, words } : undefined;
  }
  return undefined;
}

/** `::ffff:a.b.c.d` is a.b.c.d on the wire: it is judged (and allowlisted) as that IPv4 address. */
export function unwrapMapped(ip: IpAddress): IpAddress {
  if (ip.family === 6 && ip.words.slice(0, 5).every((w) => w === 0) && ip.words[5] === 0xffff)
    return { family: 4, value: ip.words[6] * 65536 + ip.words[7] };
  return ip;
}

/** Whether `ip` lies in `base/prefix` of the same family. */
export function inRange(ip: IpAddress, base: IpAddress, prefix: number): boolean {
  if (ip.family !== base.family) return false;
  if (ip.family === 4 && base.family === 4) {
    if (prefix === 0) return true;
    const mask = prefix === 32 ? 0xffffffff : (0xffffffff << (32 - prefix)) >>> 0;
    return (ip.value & mask) >>> 0 === (base.value & mask) >>> 0;
  }
  if (ip.family === 6 && base.family === 6) {
    let left = prefix;
    for (let i = 0; i < 8 && left > 0; i++, left -= 16) {
      const bits = Math.min(16, left);
      const mask = (0xffff << (16 - bits)) & 0xffff;
      if ((ip.words[i] & mask) !== (base.words[i] & mask)) return false;
    }
    return true;
  }
  return false;
}

export interface Cidr {
  base: IpAddress;
  prefix: number;
  text: string;
}

/** `10.0.0.0/8`, `fd00::/8`, or a bare address (a /32 or /128); undefined when malformed. */
export function parseCidr(text: string): Cidr | undefined {
  const [addr, bits, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const base = parseIp(addr);
  if (!base) return undefined;
  const max = base.family === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return undefined;
  const plain = unwrapMapped(base);
  // `::ffff:a.b.c.d/n` is judged as IPv4, so its prefix counts IPv4 bits; a shorter one spans non-mapped space.
  if (plain.family !== base.family)
    return prefix < 96 ? undefined : { base: plain, prefix: prefix - 96, text: text.trim() };
  return { base: plain, prefix, text: text.trim() };
}
