import { type Decision, type RoutedTicketV1 } from '@minsheng/shared/contracts';
import { WORKING_DAYS_BY_GRADE } from './deadline/grade-policy';
import { type RoutingContext } from './routing-context';

/** How the hub re-opens a ticket rated 不满意 (decision 034). */
export interface ReopenPolicy {
  /** Re-opens allowed per ticket; the next 不满意 goes to the triage desk. */
  maxReopens: number;
}

/** Half the grade's working days, rounded up, at least one: a re-opened ticket is handled faster, under 督办. */
export function reopenWorkingDays(grade: Decision['grade'], ctx: RoutingContext): number {
  const days = grade === 'complex' ? ctx.policy.complexWorkingDays : WORKING_DAYS_BY_GRADE[grade];
  return Math.max(1, Math.ceil(days / 2));
}

/**
 * 办理不满意专区: the decision that re-opens a closed ticket its citizen rated 不满意. Up to `maxReopens` times it goes
 * back to the same lead and co-handling units with the supervision flag and a shorter deadline counted from the day
 * of the rating (`now`); past that, to the triage desk with reason dissatisfied_too_often. `count` is this re-open's
 * number (1 for the first). Pure.
 */
export function reopenDecision(
  rated: RoutedTicketV1,
  rating: { count: number; comment?: string },
  policy: ReopenPolicy,
  ctx: RoutingContext,
  now: Date,
): Decision {
  const previous = rated.decision;
  const reopen = { count: rating.count, ratedRevision: rated.decisionRevision };
  const why = `不满意 on decision ${rated.decisionRevision}${rating.comment ? `: ${rating.comment}` : ''}`;
  const base = {
    ...previous,
    reopen,
    supervised: true,
    matchedRules: previous.matchedRules,
    decidedAt: now.toISOString(),
  };
  if (rating.count > policy.maxReopens || !previous.lead)
    return {
      ...base,
      lead: undefined,
      co: [],
      dueAt: undefined,
      workingDays: undefined,
      calendarFallback: undefined,
      mode: 'triage',
      reason: 'dissatisfied_too_often',
      explanation: [
        why,
        previous.lead
          ? `re-opened ${rating.count - 1} times already (at most ${policy.maxReopens}): to the triage desk`
          : 'no unit to re-open it to: to the triage desk',
      ],
    };
  const workingDays = reopenWorkingDays(previous.grade, ctx);
  const due = ctx.calendar.dueDate(now, workingDays);
  return {
    ...base,
    mode: 'auto',
    reason: undefined,
    dueAt: due.dueAt,
    workingDays,
    calendarFallback: due.calendarFallback || undefined,
    explanation: [
      why,
      `办理不满意专区: re-opened (${rating.count} of at most ${policy.maxReopens}) to ${previous.lead.unitName} under 督办`,
      `deadline: ${workingDays} working days after the day of the rating (half of ${previous.grade}, at least 1)`,
    ],
  };
}
