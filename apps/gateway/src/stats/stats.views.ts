import { z } from 'zod';
import { RANKING_METRICS, STATS_DIMENSIONS, STATS_PERIODS } from '@minsheng/routing/stats';
import { view } from '../common/api-views';

const count = z.number().int().nonnegative();
const coded = z.object({
  code: z.string().nullable().describe('null: no such unit on the ticket (e.g. triage without a county)'),
  name: z.string().nullable(),
});
const rate = z.object({
  value: z
    .number()
    .nullable()
    .describe('numerator / denominator, four decimals; null when the denominator is 0'),
  numerator: count,
  denominator: count,
});

export const statsCountsView = z.object({
  received: count.describe('new tickets (受理量), on the day they were received'),
  routedAuto: count.describe('new tickets the router dispatched itself'),
  triaged: count.describe('new tickets that went to triage (分拣)'),
  dispatched: count.describe('handling rounds assigned to a unit (auto, manual dispatch and re-dispatch)'),
  accepted: count.describe('rounds taken on (受理), by an accepted event or by closing'),
  returned: count.describe('rounds returned (退单)'),
  closed: count.describe('rounds closed (办结)'),
  closedOnTime: count.describe('rounds closed by their deadline'),
  handlingWorkingDays: count.describe('working days from dispatch to closing, summed over closed rounds'),
  rated: count.describe('rounds with a citizen rating (好差评)'),
  satisfied: count,
  basicallySatisfied: count,
  dissatisfied: count,
  overdue: count.describe('rounds that went overdue (督办 overdue events)'),
  escalated: count.describe('rounds escalated to the next level'),
  overdueNow: count.describe('open tickets past their deadline at measuredAt'),
});

export const statsRatesView = z.object({
  autoRouteRate: rate.describe('routedAuto / received'),
  returnRate: rate.describe('退单率: returned / dispatched'),
  closeRate: rate.describe('办结率: closed / dispatched'),
  onTimeRate: rate.describe('按时办结率: closedOnTime / closed'),
  satisfactionRate: rate.describe('满意率: (satisfied + basicallySatisfied) / rated'),
});

const figures = {
  counts: statsCountsView,
  rates: statsRatesView,
  avgHandlingWorkingDays: z.number().nullable().describe('handlingWorkingDays / closed, two decimals'),
};

export const statsReportView = view(
  'StatsReport',
  z.object({
    period: z.enum(STATS_PERIODS),
    from: z.string(),
    to: z.string(),
    groupBy: z.array(z.enum(STATS_DIMENSIONS)),
    measuredAt: z.string().describe('ISO 8601 date-time "overdue now" refers to'),
    rows: z.array(
      z.object({
        periodStart: z.string().describe('first day of the period (weeks start on Monday)'),
        county: coded.optional(),
        town: coded.optional(),
        department: coded.optional(),
        channel: coded.optional(),
        ...figures,
      }),
    ),
  }),
);

export const statsRankingView = view(
  'StatsRanking',
  z.object({
    metric: z.enum(RANKING_METRICS),
    order: z.enum(['asc', 'desc']),
    by: z.enum(STATS_DIMENSIONS),
    from: z.string(),
    to: z.string(),
    measuredAt: z.string(),
    units: z.array(
      z.object({
        rank: z.number().int().nullable().describe('1 = best; ties share a rank; null = too little to rank'),
        value: z.number().nullable(),
        unit: coded,
        ...figures,
      }),
    ),
  }),
);
