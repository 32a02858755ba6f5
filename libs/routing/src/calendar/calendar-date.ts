/*
 * Calendar dates as whole days since 1970-01-01, computed only through Date.UTC and UTC getters: the result
 * must not depend on the TZ of the machine the router happens to run on.
 */
const MS_PER_DAY = 86_400_000;
/** Asia/Shanghai has had no DST since 1991, so the offset is a constant. */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
export const SHANGHAI_OFFSET = '+08:00';
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01; throws on anything that is not a real yyyy-mm-dd date (2026-02-30). */
export function dayNumber(date: string): number {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`Not a yyyy-mm-dd date: '${date}'`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (formatDay(ms / MS_PER_DAY) !== date) throw new RangeError(`No such date: '${date}'`);
  return ms / MS_PER_DAY;
}

export function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function yearOf(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/** 0 = Sunday ... 6 = Saturday, like Date#getUTCDay. */
export function weekdayOf(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCDay();
}

/** The Shanghai calendar date of an instant. */
export function shanghaiDay(instant: Date): number {
  return Math.floor((instant.getTime() + SHANGHAI_OFFSET_MS) / MS_PER_DAY);
}
