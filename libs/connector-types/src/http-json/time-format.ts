export const TIME_FORMATS = ['iso', 'epoch_ms', 'epoch_s', 'shanghai'] as const;
export type TimeFormat = (typeof TIME_FORMATS)[number];

const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const LOCAL = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?)?$/;

/** Date.UTC rolls 02-30 over to March; a wrong date is an error, not another day. */
function utc(y: number, mo: number, d: number, h: number, mi: number, s: number): number | null {
  if (h > 23 || mi > 59 || s > 59) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  const p = new Date(t);
  return p.getUTCFullYear() === y && p.getUTCMonth() === mo - 1 && p.getUTCDate() === d ? t : null;
}

function fraction(f: string | undefined): number {
  return f ? Math.floor(Number(`0${f}`) * 1000) : 0;
}

function numeric(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d{1,16}(\.\d+)?$/.test(v.trim())) return Number(v.trim());
  return null;
}

/**
 * A record's time in the configured format as epoch milliseconds; null when it is not one.
 * `iso` must carry an offset (an offset-less time is ambiguous); `shanghai` is Asia/Shanghai wall time
 * written `yyyy-MM-dd HH:mm[:ss]` (or with slashes, or a bare date).
 */
export function parseTime(v: unknown, format: TimeFormat): number | null {
  if (format === 'epoch_ms' || format === 'epoch_s') {
    const n = numeric(v);
    if (n === null || n <= 0) return null;
    const ms = Math.round(format === 'epoch_s' ? n * 1000 : n);
    // Year 2000 .. 2100: a seconds value configured as milliseconds (or the reverse) is an error, not 1970.
    return ms >= 946_684_800_000 && ms < 4_102_444_800_000 ? ms : null;
  }
  if (typeof v !== 'string') return null;
  const text = v.trim();
  if (format === 'iso') {
    const m = ISO.exec(text);
    if (!m) return null;
    const [y, mo, d, h, mi] = m.slice(1, 6).map(Number);
    const base = utc(y, mo, d, h, mi, Number(m[6] ?? 0));
    if (base === null) return null;
    let offset = 0;
    if (m[8] !== 'Z') {
      const z = m[8].replace(':', '');
      const oh = Number(z.slice(1, 3));
      const om = Number(z.slice(3, 5));
      if (oh > 23 || om > 59) return null;
      offset = (z.startsWith('-') ? -1 : 1) * (oh * 60 + om) * 60_000;
    }
    return base + fraction(m[7]) - offset;
  }
  const m = LOCAL.exec(text);
  if (!m) return null;
  const [y, mo, d] = m.slice(1, 4).map(Number);
  const base = utc(y, mo, d, Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  return base === null ? null : base + fraction(m[7]) - SHANGHAI_OFFSET_MS;
}

/** Epoch milliseconds as Asia/Shanghai ISO 8601 with +08:00 (China has no DST). */
export function toShanghaiIso(ms: number): string {
  const iso = new Date(ms + SHANGHAI_OFFSET_MS).toISOString();
  const withMs = iso.slice(0, 23);
  return `${withMs.endsWith('.000') ? iso.slice(0, 19) : withMs}+08:00`;
}
