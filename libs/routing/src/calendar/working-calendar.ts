import { dayNumber, formatDay, SHANGHAI_OFFSET, shanghaiDay, weekdayOf, yearOf } from './calendar-date';

/** A day that breaks the Monday–Friday pattern: 'holiday' is off (even on a weekday), 'workday' is a worked weekend (调休). */
export interface CalendarDay {
  date: string;
  kind: 'holiday' | 'workday';
  name?: string;
}

export interface DueDate {
  /** End of the last counted working day, Shanghai time, e.g. '2026-02-24T23:59:59.999+08:00'. */
  dueAt: string;
  /** True when some day between receipt and due date lies in a year the calendar does not cover. */
  calendarFallback: boolean;
  /** Those years, ascending; their days were judged Monday–Friday only, without holidays or 调休. */
  fallbackYears: number[];
}

const SATURDAY = 6;
const SUNDAY = 0;
/** Days of receipt remembered per number of working days; a long-running router starts over past it. */
const MAX_CACHED_DAYS = 1024;

/**
 * Working days as the State Council publishes them each November for the next year. Years not yet published
 * fall back to Monday–Friday rather than failing: a deadline that is a little off (and flagged) is better
 * than an appeal that cannot be registered.
 */
export class WorkingCalendar {
  private readonly overrides = new Map<number, CalendarDay['kind']>();
  private readonly knownYears: ReadonlySet<number>;
  /**
   * Every item received on a day with the same number of working days gets the same due date; routing asks
   * thousands of times a second for a handful of them. The calendar never changes after construction.
   */
  private readonly dueByDays = new Map<number, Map<number, DueDate>>();

  constructor(days: readonly CalendarDay[], knownYears: readonly number[]) {
    this.knownYears = new Set(knownYears);
    for (const d of days) {
      const day = dayNumber(d.date);
      // An override outside the known years would be silently half-applied; that is a data error.
      if (!this.knownYears.has(yearOf(day))) {
        throw new RangeError(`Calendar day ${d.date} lies outside the known years ${knownYears.join(', ')}`);
      }
      if (d.kind !== 'holiday' && d.kind !== 'workday') {
        throw new RangeError(`Calendar day ${d.date} has unknown kind '${String(d.kind)}'`);
      }
      const seen = this.overrides.get(day);
      if (seen !== undefined && seen !== d.kind)
        throw new RangeError(`Calendar day ${d.date} is listed twice`);
      this.overrides.set(day, d.kind);
    }
  }

  isWorkingDay(date: string): boolean {
    return this.isWorking(dayNumber(date));
  }

  /**
   * Due at the end of the N-th working day after the Shanghai date of receipt. The receipt day never counts,
   * whatever the hour, so an order taken at 23:30 and one taken at 08:00 the same day get the same deadline.
   */
  dueDate(receivedAt: Date, workingDays: number): DueDate {
    if (Number.isNaN(receivedAt.getTime())) throw new RangeError('receivedAt is an invalid Date');
    if (!Number.isSafeInteger(workingDays) || workingDays < 1) {
      throw new RangeError(`workingDays must be a positive integer, got ${workingDays}`);
    }
    const received = shanghaiDay(receivedAt);
    let byDay = this.dueByDays.get(workingDays);
    if (byDay === undefined) this.dueByDays.set(workingDays, (byDay = new Map<number, DueDate>()));
    let due = byDay.get(received);
    if (due === undefined) {
      if (byDay.size >= MAX_CACHED_DAYS) byDay.clear();
      due = this.count(received, workingDays);
      byDay.set(received, due);
    }
    return {
      dueAt: due.dueAt,
      calendarFallback: due.calendarFallback,
      fallbackYears: [...due.fallbackYears],
    };
  }

  private count(received: number, workingDays: number): DueDate {
    const fallbackYears = new Set<number>();
    let day = received;
    for (let counted = 0; counted < workingDays;) {
      day += 1;
      const year = yearOf(day);
      if (!this.knownYears.has(year)) fallbackYears.add(year);
      if (this.isWorking(day)) counted += 1;
    }
    return {
      dueAt: `${formatDay(day)}T23:59:59.999${SHANGHAI_OFFSET}`,
      calendarFallback: fallbackYears.size > 0,
      fallbackYears: [...fallbackYears].sort((a, b) => a - b),
    };
  }

  /**
   * The working day that leaves `n` working days up to and including `date` (a working day): n = 1 is `date`
   * itself, n = 2 the working day before it, skipping weekends, holidays and counting 调休 Saturdays.
   */
  nthLastWorkingDay(date: string, n: number): string {
    if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
    let day = dayNumber(date);
    for (let counted = this.isWorking(day) ? 1 : 0; counted < n;) {
      day -= 1;
      if (this.isWorking(day)) counted += 1;
    }
    return formatDay(day);
  }

  private isWorking(day: number): boolean {
    const override = this.overrides.get(day);
    if (override !== undefined) return override === 'workday';
    const weekday = weekdayOf(day);
    return weekday !== SATURDAY && weekday !== SUNDAY;
  }
}
