import { Inject, Injectable } from '@nestjs/common';
import { type z } from 'zod';
import {
  averageHandlingDays,
  defaultOrder,
  metricValue,
  metricWeight,
  rank,
  RATE_METRICS,
  ratesOf,
  type StatsDimension,
  type StatsFilter,
  StatsRepository,
  type StatsRow,
  STATS_DIMENSIONS,
} from '@minsheng/routing/stats';
import { type Principal } from '../auth/principal';
import { Invalid } from '../common/domain-error';
import { type Cell, type Table } from './stats-export';
import { dayRange, MAX_DAYS, rangeDays, type RankingQuery, type StatsQuery } from './stats-query';
import { type statsRankingView, type statsReportView, type statsCountsView } from './stats.views';

type Report = z.infer<typeof statsReportView>;
type Ranking = z.infer<typeof statsRankingView>;
type Counts = z.infer<typeof statsCountsView>;

const COUNT_KEYS = [
  'received',
  'routedAuto',
  'triaged',
  'dispatched',
  'accepted',
  'returned',
  'closed',
  'closedOnTime',
  'handlingWorkingDays',
  'rated',
  'satisfied',
  'basicallySatisfied',
  'dissatisfied',
  'overdue',
  'escalated',
  'overdueNow',
] as const satisfies readonly (keyof Counts)[];

/** A filter the caller asked for, inside the key's scope: outside it, nothing (an empty list matches no row). */
function narrow(scope: string[] | undefined, wanted: string | undefined): string[] | undefined {
  if (wanted === undefined) return scope;
  return scope ? scope.filter((s) => s === wanted) : [wanted];
}

function figures(r: StatsRow) {
  const counts = Object.fromEntries(COUNT_KEYS.map((k) => [k, r[k]])) as Counts;
  return { counts, rates: ratesOf(r), avgHandlingWorkingDays: averageHandlingDays(r) };
}

/** 亮晒比 for the API: the caller's scope applied, rates computed, and flat tables for CSV and XLSX. */
@Injectable()
export class StatsService {
  constructor(@Inject(StatsRepository) private readonly repo: StatsRepository) {}

  async report(q: StatsQuery, caller: Principal, now = new Date()): Promise<Report> {
    const range = this.range(q, q.period, now);
    const groupBy = STATS_DIMENSIONS.filter((d) => q.groupBy.includes(d));
    const rows = await this.repo.figures(
      this.filter(q, caller, { ...range, period: q.period, groupBy, now }),
    );
    return {
      period: q.period,
      ...range,
      groupBy,
      measuredAt: now.toISOString(),
      rows: rows.map((r) => ({
        periodStart: r.periodStart ?? range.from,
        ...Object.fromEntries(groupBy.map((d) => [d, r[d]])),
        ...figures(r),
      })),
    };
  }

  async ranking(q: RankingQuery, caller: Principal, now = new Date()): Promise<Ranking> {
    const range = this.range(q, 'total', now);
    const rows = await this.repo.figures(
      this.filter(q, caller, { ...range, period: 'total', groupBy: [q.by], now }),
    );
    const order = q.order ?? defaultOrder(q.metric);
    const ranked = rank(
      rows,
      (r) => metricValue(r, q.metric),
      (r) => metricWeight(r, q.metric),
      order,
      q.minDenominator,
    );
    return {
      metric: q.metric,
      order,
      by: q.by,
      ...range,
      measuredAt: now.toISOString(),
      units: ranked.map((x) => ({
        rank: x.rank,
        value: x.value,
        unit: x.row[q.by] ?? { code: null, name: null },
        ...figures(x.row),
      })),
    };
  }

  reportTable(r: Report): Table {
    const dims = r.groupBy.flatMap((d) => [`${d}Code`, `${d}Name`]);
    return {
      headers: ['periodStart', ...dims, ...COUNT_KEYS, ...RATE_METRICS, 'avgHandlingWorkingDays'],
      rows: r.rows.map((row) => [
        row.periodStart,
        ...r.groupBy.flatMap((d: StatsDimension) => [row[d]?.code ?? null, row[d]?.name ?? null]),
        ...this.figureCells(row),
      ]),
    };
  }

  rankingTable(r: Ranking): Table {
    return {
      headers: [
        'rank',
        r.metric,
        `${r.by}Code`,
        `${r.by}Name`,
        ...COUNT_KEYS,
        ...RATE_METRICS,
        'avgHandlingWorkingDays',
      ],
      rows: r.units.map((u) => [u.rank, u.value, u.unit.code, u.unit.name, ...this.figureCells(u)]),
    };
  }

  private figureCells(f: ReturnType<typeof figures>): Cell[] {
    return [
      ...COUNT_KEYS.map((k) => f.counts[k]),
      ...RATE_METRICS.map((m) => f.rates[m].value),
      f.avgHandlingWorkingDays,
    ];
  }

  private range(q: { from?: string; to?: string }, period: keyof typeof MAX_DAYS, now: Date) {
    const range = dayRange(q, now);
    const days = rangeDays(range.from, range.to);
    if (days < 1) throw new Invalid(`from (${range.from}) is after to (${range.to})`, 'invalid_range');
    if (days > MAX_DAYS[period])
      throw new Invalid(
        `${days} days is more than the ${MAX_DAYS[period]} answered for period ${period}: narrow from/to or use a longer period`,
        'range_too_long',
      );
    return range;
  }

  private filter(
    q: { county?: string; town?: string; department?: string; channel?: string },
    caller: Principal,
    f: Pick<StatsFilter, 'from' | 'to' | 'period' | 'groupBy' | 'now'>,
  ): StatsFilter {
    return {
      ...f,
      counties: narrow(caller.counties, q.county),
      departments: narrow(caller.departments, q.department),
      towns: q.town === undefined ? undefined : [q.town],
      channels: q.channel === undefined ? undefined : [q.channel],
    };
  }
}
