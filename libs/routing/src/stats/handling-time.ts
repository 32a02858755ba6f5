import { shanghaiDay, formatDay, type WorkingCalendar } from '../calendar';

/**
 * A round's handling time in working days: the working days after the Shanghai day it was dispatched, up to and
 * including the day it was closed — the unit a deadline of N working days is set in (WorkingCalendar.dueDate), so a
 * round closed by its deadline took at most N. Closing on the day of dispatch (or earlier) is 0. The database's
 * stats_working_days() counts the same way at close time; the stats e2e checks that the two agree.
 */
export function handlingWorkingDays(calendar: WorkingCalendar, dispatchedAt: Date, closedAt: Date): number {
  const from = shanghaiDay(dispatchedAt);
  const to = shanghaiDay(closedAt);
  let days = 0;
  for (let d = from + 1; d <= to; d += 1) if (calendar.isWorkingDay(formatDay(d))) days += 1;
  return days;
}
