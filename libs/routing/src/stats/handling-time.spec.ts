import { WorkingCalendar } from '../calendar';
import { handlingWorkingDays } from './handling-time';

// 2026 as published: 中秋 25–27 September and 国庆 1–7 October off, Sunday 20 September and Saturday 10 October
// worked (调休).
const calendar = new WorkingCalendar(
  [
    ...['09-25', '09-26', '09-27', '10-01', '10-02', '10-03', '10-04', '10-05', '10-06', '10-07'].map(
      (d) => ({
        date: `2026-${d}`,
        kind: 'holiday' as const,
      }),
    ),
    { date: '2026-09-20', kind: 'workday' },
    { date: '2026-10-10', kind: 'workday' },
  ],
  [2026],
);
const at = (s: string) => new Date(s);

describe('handling time in working days', () => {
  it('counts the working days after the day of dispatch up to the day of closing', () => {
    // Monday 09:00 → Wednesday 17:00: Tuesday and Wednesday.
    expect(
      handlingWorkingDays(calendar, at('2026-11-16T09:00:00+08:00'), at('2026-11-18T17:00:00+08:00')),
    ).toBe(2);
    // Closed the day it came: nothing counted, whatever the hours.
    expect(
      handlingWorkingDays(calendar, at('2026-11-16T00:10:00+08:00'), at('2026-11-16T23:50:00+08:00')),
    ).toBe(0);
  });

  it('takes the day in Shanghai, not UTC', () => {
    // 2026-11-16T23:30Z is Tuesday 07:30 in Shanghai: dispatched Tuesday, closed Tuesday.
    expect(handlingWorkingDays(calendar, at('2026-11-16T23:30:00Z'), at('2026-11-17T09:00:00+08:00'))).toBe(
      0,
    );
  });

  it('skips weekends and holidays and counts 调休 working weekends', () => {
    // Friday 25 Sep → Friday 9 Oct: Mon 28, Tue 29, Wed 30, Thu 8, Fri 9 — 26–27 Sep and 1–7 Oct off.
    expect(
      handlingWorkingDays(calendar, at('2026-09-25T10:00:00+08:00'), at('2026-10-09T10:00:00+08:00')),
    ).toBe(5);
    // Friday 18 Sep → Monday 21 Sep: Sunday 20 (调休) and Monday 21.
    expect(
      handlingWorkingDays(calendar, at('2026-09-18T10:00:00+08:00'), at('2026-09-21T10:00:00+08:00')),
    ).toBe(2);
    // Friday 9 Oct → Monday 12 Oct: Saturday 10 (调休) and Monday 12.
    expect(
      handlingWorkingDays(calendar, at('2026-10-09T10:00:00+08:00'), at('2026-10-12T10:00:00+08:00')),
    ).toBe(2);
  });

  it('never goes negative when the close is stamped before the dispatch', () => {
    expect(
      handlingWorkingDays(calendar, at('2026-11-18T09:00:00+08:00'), at('2026-11-16T09:00:00+08:00')),
    ).toBe(0);
  });

  it('agrees with the deadline: a round closed at its due instant took exactly its working days', () => {
    const dispatched = at('2026-09-25T10:00:00+08:00');
    const due = calendar.dueDate(dispatched, 5);
    expect(handlingWorkingDays(calendar, dispatched, new Date(due.dueAt))).toBe(5);
  });
});
