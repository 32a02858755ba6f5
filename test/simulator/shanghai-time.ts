/**
 * The hotline exports wall-clock Asia/Shanghai times without an offset. China has had no DST
 * since 1991, so a fixed +08:00 is exact and keeps the simulator independent of the host TZ.
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const ISO_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** 'yyyy-MM-dd HH:mm:ss' in Asia/Shanghai for an instant. */
export function formatShanghai(epochMs: number): string {
  const d = new Date(epochMs + SHANGHAI_OFFSET_MS);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}

/** Instant for a Shanghai wall-clock time given as numbers (month is 1-based). */
export function shanghaiEpochMs(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number {
  return Date.UTC(y, mo - 1, d, h, mi, s) - SHANGHAI_OFFSET_MS;
}

// Date.UTC silently rolls 2026-02-30 over to March; a real server would reject it, so must we.
function validFields(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  const probe = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return (
    probe.getUTCFullYear() === y &&
    probe.getUTCMonth() === mo - 1 &&
    probe.getUTCDate() === d &&
    probe.getUTCHours() === h &&
    probe.getUTCMinutes() === mi &&
    probe.getUTCSeconds() === s
  );
}

/** Parses 'yyyy-MM-dd HH:mm:ss' as Asia/Shanghai; null when malformed or not a real date. */
export function parseShanghai(text: string): number | null {
  const m = LOCAL_PATTERN.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  return validFields(y, mo, d, h, mi, s) ? shanghaiEpochMs(y, mo, d, h, mi, s) : null;
}

/** Parses ISO 8601 that carries an explicit offset; an offset-less ISO time is ambiguous, so null. */
export function parseIsoWithOffset(text: string): number | null {
  const m = ISO_PATTERN.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (!validFields(y, mo, d, h, mi, s)) return null;
  const fraction = m[7] ? Number(`0${m[7]}`) * 1000 : 0;
  const zone = m[8] ?? 'Z';
  let offsetMs = 0;
  if (zone !== 'Z') {
    const digits = zone.replace(':', '');
    const oh = Number(digits.slice(1, 3));
    const om = Number(digits.slice(3, 5));
    if (oh > 23 || om > 59) return null;
    offsetMs = (digits.startsWith('-') ? -1 : 1) * (oh * 60 + om) * 60 * 1000;
  }
  return Date.UTC(y, mo - 1, d, h, mi, s) + fraction - offsetMs;
}
