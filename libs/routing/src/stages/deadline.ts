import { type AppealItemV1, type Grade } from '@minsheng/shared/contracts';
import { WORKING_DAYS_BY_GRADE } from '../deadline/grade-policy';
import { type RoutingContext } from '../routing-context';

/** Stage 4: the grade's working days after the day of receipt, on the working calendar, with the line that explains it. */
export function deadline(item: AppealItemV1, grade: Grade, ctx: RoutingContext) {
  const workingDays = grade === 'complex' ? ctx.policy.complexWorkingDays : WORKING_DAYS_BY_GRADE[grade];
  const due = ctx.calendar.dueDate(new Date(item.receivedAt), workingDays);
  const note = `deadline: ${workingDays} working days after the day of receipt (${grade})${
    due.calendarFallback
      ? `; no holiday calendar for ${due.fallbackYears.join(', ')}, Monday–Friday used`
      : ''
  }`;
  return { workingDays, dueAt: due.dueAt, calendarFallback: due.calendarFallback || undefined, note };
}

export type Due = ReturnType<typeof deadline>;
