import seed from '@minsheng/shared/seed/cn-calendar-2026.json';
import { WorkingCalendar, type CalendarDay } from './';

const isKind = (kind: string): kind is CalendarDay['kind'] => kind === 'holiday' || kind === 'workday';
const days: CalendarDay[] = seed.days.map((d) => {
  if (!isKind(d.kind)) throw new Error(`bad kind in seed: ${d.kind}`);
  return { ...d, kind: d.kind };
});
const calendar = new WorkingCalendar(days, [seed.year]);

/** An instant given as Shanghai wall-clock time, so the tests read like the work orders they model. */
const shanghai = (wallClock: string): Date => new Date(`${wallClock}+08:00`);
const endOf = (date: string): string => `${date}T23:59:59.999+08:00`;
const inCalendar = (date: string) => ({ dueAt: endOf(date), calendarFallback: false, fallbackYears: [] });

describe('WorkingCalendar', () => {
  describe('isWorkingDay', () => {
    it.each([
      ['2026-02-13', true, 'Friday'],
      ['2026-02-14', true, 'Saturday, 春节调休上班'],
      ['2026-02-16', false, 'Monday, 春节'],
      ['2026-02-28', true, 'Saturday, 春节调休上班'],
      ['2026-03-01', false, 'plain Sunday'],
      ['2026-03-02', true, 'plain Monday'],
      ['2026-10-01', false, 'Thursday, 国庆节'],
      ['2026-10-10', true, 'Saturday, 国庆节调休上班'],
      ['2027-01-01', true, 'Friday in an unknown year: Monday–Friday only'],
      ['2027-01-02', false, 'Saturday in an unknown year'],
    ])('%s is %s (%s)', (date, working) => {
      expect(calendar.isWorkingDay(date)).toBe(working);
    });

    it.each(['2026-2-3', '2026-02-30', '20260203', ''])('rejects %j', (date) => {
      expect(() => calendar.isWorkingDay(date)).toThrow(RangeError);
    });
  });

  describe('dueDate', () => {
    it('counts the 春节 调休 Saturday and skips the holiday week', () => {
      const received = shanghai('2026-02-13T10:00:00');
      expect(calendar.dueDate(received, 1)).toEqual(inCalendar('2026-02-14'));
      expect(calendar.dueDate(received, 2)).toEqual(inCalendar('2026-02-24'));
      expect(calendar.dueDate(received, 5)).toEqual(inCalendar('2026-02-27'));
      expect(calendar.dueDate(received, 6)).toEqual(inCalendar('2026-02-28'));
    });

    it('crosses 中秋 and 国庆 and counts the 调休 Saturday 10-10', () => {
      expect(calendar.dueDate(shanghai('2026-09-24T09:00:00'), 1)).toEqual(inCalendar('2026-09-28'));
      expect(calendar.dueDate(shanghai('2026-09-24T09:00:00'), 4)).toEqual(inCalendar('2026-10-08'));
      expect(calendar.dueDate(shanghai('2026-09-30T09:00:00'), 3)).toEqual(inCalendar('2026-10-10'));
      expect(calendar.dueDate(shanghai('2026-09-30T09:00:00'), 4)).toEqual(inCalendar('2026-10-12'));
    });

    it('takes the receipt day in Shanghai, not in UTC or the machine zone', () => {
      // 15:30Z is 23:30 in Shanghai: still Friday the 13th there, so Saturday 02-14 is the first day counted.
      expect(calendar.dueDate(new Date('2026-02-13T15:30:00Z'), 1)).toEqual(inCalendar('2026-02-14'));
      // 16:30Z is already 00:30 on Saturday 02-14 in Shanghai, which becomes the receipt day.
      expect(calendar.dueDate(new Date('2026-02-13T16:30:00Z'), 1)).toEqual(inCalendar('2026-02-24'));
    });

    it('does not count the receipt day even when received at the start of a working day', () => {
      expect(calendar.dueDate(shanghai('2026-03-02T00:00:00'), 1)).toEqual(inCalendar('2026-03-03'));
    });

    it('uses Monday–Friday for a year missing from the calendar and says so', () => {
      expect(calendar.dueDate(shanghai('2027-03-01T10:00:00'), 5)).toEqual({
        dueAt: endOf('2027-03-08'),
        calendarFallback: true,
        fallbackYears: [2027],
      });
    });

    it('flags a span that only partly runs into a missing year', () => {
      // 12-29, 12-30, 12-31 from the calendar; 2027-01-01 (Friday) and 01-04 by the Monday–Friday rule.
      expect(calendar.dueDate(shanghai('2026-12-28T10:00:00'), 5)).toEqual({
        dueAt: endOf('2027-01-04'),
        calendarFallback: true,
        fallbackYears: [2027],
      });
      expect(calendar.dueDate(shanghai('2026-12-28T10:00:00'), 3)).toEqual(inCalendar('2026-12-31'));
    });

    it('rejects a non-positive or fractional number of days and an invalid date', () => {
      const received = shanghai('2026-03-02T10:00:00');
      for (const n of [0, -1, 1.5, Number.NaN])
        expect(() => calendar.dueDate(received, n)).toThrow(RangeError);
      expect(() => calendar.dueDate(new Date('not a date'), 1)).toThrow(RangeError);
    });
  });

  describe('construction', () => {
    it('rejects days outside the known years, unknown kinds and contradicting duplicates', () => {
      expect(() => new WorkingCalendar([{ date: '2027-01-01', kind: 'holiday' }], [2026])).toThrow(
        /known years/,
      );
      const bogus = JSON.parse('[{"date":"2026-01-05","kind":"maybe"}]') as CalendarDay[];
      expect(() => new WorkingCalendar(bogus, [2026])).toThrow(/unknown kind/);
      expect(
        () =>
          new WorkingCalendar(
            [
              { date: '2026-01-05', kind: 'holiday' },
              { date: '2026-01-05', kind: 'workday' },
            ],
            [2026],
          ),
      ).toThrow(/listed twice/);
    });

    it('with no days at all is plain Monday–Friday for the known years, without fallback', () => {
      const plain = new WorkingCalendar([], [2026]);
      expect(plain.isWorkingDay('2026-10-01')).toBe(true);
      expect(plain.dueDate(shanghai('2026-02-13T10:00:00'), 1)).toEqual(inCalendar('2026-02-16'));
    });
  });
});
