import { z } from 'zod';
import { dayNumber, formatDay, shanghaiDay } from '@minsheng/routing/calendar';
import { RANKING_METRICS, STATS_DIMENSIONS, STATS_PERIODS } from '@minsheng/routing/stats';

const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item).min(1));

const day = z.string().refine(
  (v) => {
    try {
      dayNumber(v);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'a yyyy-mm-dd date' },
);

export const EXPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const filters = {
  from: day
    .optional()
    .describe('first day (Shanghai), by the day tickets were received; default: 1st of the month of `to`'),
  to: day.optional().describe('last day, included; default: today (Shanghai)'),
  county: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  town: z
    .string()
    .regex(/^\d{9}$/)
    .optional(),
  department: z.string().min(1).optional().describe('lead department code'),
  channel: z.string().min(1).optional(),
  format: z
    .enum(EXPORT_FORMATS)
    .optional()
    .describe('json (default), csv or xlsx; the Accept header (text/csv, the xlsx type) works too'),
};

export const statsQuerySchema = z.strictObject({
  period: z.enum(STATS_PERIODS).default('month'),
  groupBy: list(z.enum(STATS_DIMENSIONS))
    .default(['county'])
    .describe('county, town, department, channel (comma-separated: several dimensions at once)'),
  ...filters,
});

export const rankingQuerySchema = z.strictObject({
  metric: z.enum(RANKING_METRICS),
  by: z.enum(STATS_DIMENSIONS).default('department').describe('the units ranked'),
  order: z
    .enum(['asc', 'desc'])
    .optional()
    .describe('default: best first (ascending for returnRate, avgHandlingWorkingDays, overdueNow)'),
  minDenominator: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .default(1)
    .describe('units whose rate rests on fewer rounds are listed last, unranked'),
  ...filters,
});

export type StatsQuery = z.infer<typeof statsQuerySchema>;
export type RankingQuery = z.infer<typeof rankingQuerySchema>;

/** The longest ranges answered (rows grow with days × groups): a year of days, ten years of weeks or months. */
export const MAX_DAYS = { day: 366, week: 3660, month: 3660, total: 3660 } as const;

/** from/to with their defaults, in the Shanghai calendar. */
export function dayRange(q: { from?: string; to?: string }, now: Date): { from: string; to: string } {
  const to = q.to ?? formatDay(shanghaiDay(now));
  return { from: q.from ?? `${to.slice(0, 8)}01`, to };
}

export function rangeDays(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from) + 1;
}
