import { SHANGHAI_OFFSET_MS } from '../calendar/calendar-date';

const MS_PER_MINUTE = 60_000;
const MINUTES_PER_DAY = 1_440;
const CLOCK = /^(\d{2}):(\d{2})$/;

/** 'HH:mm' → minutes since midnight; the schema has already checked the range. */
export function parseClockTime(text: string): number {
  const m = CLOCK.exec(text);
  if (!m) throw new RangeError(`Not an HH:mm time: '${text}'`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function formatClockTime(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}`;
}

/** Minutes since the epoch, shifted to Asia/Shanghai wall-clock time (+08:00, no DST); NaN when unparsable. */
export function shanghaiWallMinutes(iso: string): number {
  return Math.floor((Date.parse(iso) + SHANGHAI_OFFSET_MS) / MS_PER_MINUTE);
}

/** Minutes since Shanghai midnight, 0–1439. */
export function minuteOfDay(wallMinutes: number): number {
  return ((wallMinutes % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
}

/** ISO day of the week, 1 = Monday … 7 = Sunday. 1970-01-01 was a Thursday (4). */
export function isoWeekday(wallMinutes: number): number {
  const day = Math.floor(wallMinutes / MINUTES_PER_DAY);
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/**
 * Whether `minute` lies in [from, to). A window whose `from` is later than its `to` wraps midnight:
 * 22:00–06:00 holds 23:30 and 05:59 but not 06:00.
 */
export function inClockWindow(minute: number, from: number, to: number): boolean {
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}

export const WEEKDAY_NAMES = [
  '',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
];
