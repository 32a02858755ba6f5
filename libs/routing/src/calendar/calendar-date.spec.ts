import { dayNumber, formatDay, shanghaiDay, weekdayOf, yearOf } from './calendar-date';

describe('calendar-date', () => {
  it('round-trips dates across month, year and leap-day boundaries', () => {
    for (const date of ['1970-01-01', '2026-02-28', '2028-02-29', '2026-12-31', '2027-01-01']) {
      expect(formatDay(dayNumber(date))).toBe(date);
    }
    expect(dayNumber('2027-01-01') - dayNumber('2026-12-31')).toBe(1);
    expect(dayNumber('2028-03-01') - dayNumber('2028-02-28')).toBe(2);
  });

  it('knows weekdays and years', () => {
    expect(weekdayOf(dayNumber('2026-02-14'))).toBe(6);
    expect(weekdayOf(dayNumber('2026-02-15'))).toBe(0);
    expect(yearOf(dayNumber('2026-12-31'))).toBe(2026);
  });

  it('puts an instant on its Shanghai date', () => {
    expect(formatDay(shanghaiDay(new Date('2026-02-13T15:59:59.999Z')))).toBe('2026-02-13');
    expect(formatDay(shanghaiDay(new Date('2026-02-13T16:00:00Z')))).toBe('2026-02-14');
    expect(formatDay(shanghaiDay(new Date('2026-01-01T00:00:00+08:00')))).toBe('2026-01-01');
  });

  it('rejects malformed and impossible dates', () => {
    expect(() => dayNumber('2026-13-01')).toThrow(RangeError);
    expect(() => dayNumber('2027-02-29')).toThrow(RangeError);
    expect(() => dayNumber('2026-01-01T00:00')).toThrow(RangeError);
  });
});
