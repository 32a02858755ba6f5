import { formatDay, SHANGHAI_OFFSET, shanghaiDay, type WorkingCalendar } from '../calendar';
import { type SupervisionKind } from '@minsheng/shared/contracts';

export interface SupervisionPolicy {
  /** due_soon when this many working days are left, the due day counted (1: from the start of the due day). */
  dueSoonWorkingDays: number;
  /** escalated when the ticket is still open this many working days after its due day. */
  escalateAfterWorkingDays: number;
}

export interface SupervisionInstants {
  dueSoon: Date;
  overdue: Date;
  escalated: Date;
}

const startOfDay = (day: string) => new Date(`${day}T00:00:00.000${SHANGHAI_OFFSET}`);

/**
 * The working-day instants of a deadline (docs/decisions/029-supervision.md). Deadlines are the end of a working
 * day, so: due soon at the start of the N-th last working day up to the due day; overdue the moment the due day
 * ends; escalated the moment the M-th working day after it ends. Weekends, holidays and 调休 follow the calendar.
 */
export function supervisionInstants(
  dueAt: Date,
  calendar: WorkingCalendar,
  policy: SupervisionPolicy,
): SupervisionInstants {
  const dueDay = formatDay(shanghaiDay(dueAt));
  const escalateBy = calendar.dueDate(dueAt, policy.escalateAfterWorkingDays).dueAt;
  return {
    dueSoon: startOfDay(calendar.nthLastWorkingDay(dueDay, policy.dueSoonWorkingDays)),
    overdue: new Date(dueAt.getTime() + 1),
    escalated: new Date(new Date(escalateBy).getTime() + 1),
  };
}

/**
 * The events due at `now` that have not been announced. A ticket first seen past its deadline (a watcher that was
 * down) is overdue, not due soon: an announcement of what has already passed helps no one.
 */
export function eventsDue(
  instants: SupervisionInstants,
  now: Date,
  announced: ReadonlySet<SupervisionKind>,
): { kind: SupervisionKind; at: Date }[] {
  const out: { kind: SupervisionKind; at: Date }[] = [];
  const t = now.getTime();
  if (t >= instants.dueSoon.getTime() && t < instants.overdue.getTime() && !announced.has('due_soon'))
    out.push({ kind: 'due_soon', at: instants.dueSoon });
  if (t >= instants.overdue.getTime() && !announced.has('overdue'))
    out.push({ kind: 'overdue', at: instants.overdue });
  if (t >= instants.escalated.getTime() && !announced.has('escalated'))
    out.push({ kind: 'escalated', at: instants.escalated });
  return out;
}
