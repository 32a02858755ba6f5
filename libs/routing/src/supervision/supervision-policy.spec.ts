import calendarData from '@minsheng/shared/seed/cn-calendar-2026.json';
import { WorkingCalendar } from '../calendar';
import { eventsDue, supervisionInstants } from './supervision-policy';

const calendar = new WorkingCalendar(calendarData.days as { date: string; kind: 'holiday' | 'workday' }[], [
  calendarData.year,
]);
const iso = (d: Date) => d.toISOString();
const sh = (s: string) => new Date(`${s}+08:00`).toISOString();

describe('supervision instants on the 2026 working calendar', () => {
  it.each([
    // due day, due-soon working days, escalate after → due soon, overdue, escalated (Shanghai)
    ['2026-10-08', 1, 3, '2026-10-08T00:00:00', '2026-10-09T00:00:00', '2026-10-13T00:00:00'],
    ['2026-10-08', 2, 2, '2026-09-30T00:00:00', '2026-10-09T00:00:00', '2026-10-11T00:00:00'],
    ['2026-09-21', 2, 1, '2026-09-20T00:00:00', '2026-09-22T00:00:00', '2026-09-23T00:00:00'],
    ['2026-02-24', 1, 1, '2026-02-24T00:00:00', '2026-02-25T00:00:00', '2026-02-26T00:00:00'],
    // 14 February, a Saturday, is a 调休 working day before 春节.
    ['2026-02-24', 2, 1, '2026-02-14T00:00:00', '2026-02-25T00:00:00', '2026-02-26T00:00:00'],
    ['2026-02-27', 1, 1, '2026-02-27T00:00:00', '2026-02-28T00:00:00', '2026-03-01T00:00:00'],
  ])('due %s, N=%i, M=%i', (day, n, m, dueSoon, overdue, escalated) => {
    const i = supervisionInstants(new Date(`${day}T23:59:59.999+08:00`), calendar, {
      dueSoonWorkingDays: n,
      escalateAfterWorkingDays: m,
    });
    expect([iso(i.dueSoon), iso(i.overdue), iso(i.escalated)]).toEqual([
      sh(dueSoon),
      sh(overdue),
      sh(escalated),
    ]);
  });

  it('announces what is due, once, and never "due soon" after the deadline has passed', () => {
    const i = supervisionInstants(new Date('2026-10-08T23:59:59.999+08:00'), calendar, {
      dueSoonWorkingDays: 1,
      escalateAfterWorkingDays: 1,
    });
    const kinds = (now: string, announced: string[] = []) =>
      eventsDue(i, new Date(`${now}+08:00`), new Set(announced as never[])).map((e) => e.kind);
    expect(kinds('2026-10-07T23:59:59')).toEqual([]);
    expect(kinds('2026-10-08T00:00:00')).toEqual(['due_soon']);
    expect(kinds('2026-10-08T12:00:00', ['due_soon'])).toEqual([]);
    expect(kinds('2026-10-09T08:00:00')).toEqual(['overdue']);
    expect(kinds('2026-10-12T08:00:00', ['overdue'])).toEqual(['escalated']);
  });
});
