import { SHANGHAI_OFFSET, SHANGHAI_OFFSET_MS } from '@minsheng/routing/calendar';

/**
 * A W3C (ISO 8601 subset) date-time in Fuyang's own offset, e.g. 2026-11-20T09:00:00+08:00, as GeoReport asks.
 * Milliseconds appear only when there are some: a client paging by requested_datetime must not lose the fraction.
 */
export function w3cTime(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const ms = new Date(value).getTime();
  if (Number.isNaN(ms)) return null;
  return `${new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, ms % 1000 ? 23 : 19)}${SHANGHAI_OFFSET}`;
}

/**
 * The W3C note's complete date plus hours and minutes (seconds and fractions optional) with a time zone designator:
 * without a zone the instant is ambiguous, so we refuse rather than guess.
 */
const W3C_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function parseW3cTime(text: string): Date | undefined {
  const m = W3C_DATE_TIME.exec(text);
  if (!m) return undefined;
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) return undefined;
  // Date rolls 02-30 over into March; a date that does not survive the round trip does not exist.
  const zone =
    m[3] === 'Z'
      ? 0
      : (m[3].startsWith('-') ? -1 : 1) * (Number(m[3].slice(1, 3)) * 60 + Number(m[3].slice(4)));
  const local = new Date(d.getTime() + zone * 60_000).toISOString();
  return local.slice(0, 16) === text.slice(0, 16) ? d : undefined;
}
