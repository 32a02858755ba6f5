/** The counters of one rollup group (a period and the grouped dimensions), as stats_daily sums them. */
export interface StatsCounts {
  received: number;
  routedAuto: number;
  triaged: number;
  dispatched: number;
  accepted: number;
  returned: number;
  closed: number;
  closedOnTime: number;
  handlingWorkingDays: number;
  rated: number;
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  overdue: number;
  escalated: number;
  /** Open tickets past their deadline at the time of the query (not a rollup: the due index, on demand). */
  overdueNow: number;
}

/** A share with what it is a share of, so a reader can weigh 1/1 against 900/1000. */
export interface Rate {
  value: number | null;
  numerator: number;
  denominator: number;
}

export interface StatsRates {
  /** 自动派单率: new tickets routed without a person / new tickets. */
  autoRouteRate: Rate;
  /** 退单率: rounds returned / rounds dispatched to a unit. */
  returnRate: Rate;
  /** 办结率: rounds closed / rounds dispatched. */
  closeRate: Rate;
  /** 按时办结率: rounds closed by their deadline / rounds closed. */
  onTimeRate: Rate;
  /** 满意率: (满意 + 基本满意) / rated rounds. */
  satisfactionRate: Rate;
}

export const RATE_METRICS = [
  'autoRouteRate',
  'returnRate',
  'closeRate',
  'onTimeRate',
  'satisfactionRate',
] as const;
export const RANKING_METRICS = [...RATE_METRICS, 'avgHandlingWorkingDays', 'overdueNow', 'received'] as const;
export type RankingMetric = (typeof RANKING_METRICS)[number];

/** Metrics where less is better: a ranking puts the smallest first unless asked otherwise. */
const LOWER_IS_BETTER: ReadonlySet<RankingMetric> = new Set([
  'returnRate',
  'avgHandlingWorkingDays',
  'overdueNow',
]);

/** Four decimals: enough to tell 99.95% from 100% in a league table, short in CSV. */
export function rate(numerator: number, denominator: number): Rate {
  return {
    value: denominator > 0 ? Math.round((numerator / denominator) * 10_000) / 10_000 : null,
    numerator,
    denominator,
  };
}

export function ratesOf(c: StatsCounts): StatsRates {
  return {
    autoRouteRate: rate(c.routedAuto, c.received),
    returnRate: rate(c.returned, c.dispatched),
    closeRate: rate(c.closed, c.dispatched),
    onTimeRate: rate(c.closedOnTime, c.closed),
    satisfactionRate: rate(c.satisfied + c.basicallySatisfied, c.rated),
  };
}

/** Mean working days from dispatch to closing of the rounds closed; null when none closed. */
export function averageHandlingDays(c: Pick<StatsCounts, 'handlingWorkingDays' | 'closed'>): number | null {
  return c.closed > 0 ? Math.round((c.handlingWorkingDays / c.closed) * 100) / 100 : null;
}

export function metricValue(c: StatsCounts, metric: RankingMetric): number | null {
  if (metric === 'avgHandlingWorkingDays') return averageHandlingDays(c);
  if (metric === 'overdueNow' || metric === 'received') return c[metric];
  return ratesOf(c)[metric].value;
}

export function defaultOrder(metric: RankingMetric): 'asc' | 'desc' {
  return LOWER_IS_BETTER.has(metric) ? 'asc' : 'desc';
}

export interface Ranked<T> {
  rank: number | null;
  value: number | null;
  row: T;
}

/**
 * Orders units by a metric. Equal values share a rank and the next rank skips (1, 2, 2, 4); units without a value
 * (no denominator, or fewer than `minDenominator` behind the rate) come last, unranked. Ties keep the given order.
 */
export function rank<T>(
  rows: T[],
  valueOf: (row: T) => number | null,
  weightOf: (row: T) => number,
  order: 'asc' | 'desc',
  minDenominator = 1,
): Ranked<T>[] {
  const scored = rows.map((row, i) => ({
    row,
    i,
    value: weightOf(row) >= minDenominator ? valueOf(row) : null,
  }));
  const ranked = scored
    .filter((s) => s.value !== null)
    .sort((a, b) => (order === 'asc' ? a.value! - b.value! : b.value! - a.value!) || a.i - b.i);
  const out: Ranked<T>[] = [];
  ranked.forEach((s, i) => {
    const previous = out[i - 1];
    out.push({
      rank: previous && previous.value === s.value ? previous.rank : i + 1,
      value: s.value,
      row: s.row,
    });
  });
  for (const s of scored) if (s.value === null) out.push({ rank: null, value: null, row: s.row });
  return out;
}

/** What a metric's value rests on: the rate's denominator, the rounds closed for the average, else 1 (a count). */
export function metricWeight(c: StatsCounts, metric: RankingMetric): number {
  if (metric === 'avgHandlingWorkingDays') return c.closed;
  if (metric === 'overdueNow' || metric === 'received') return Number.MAX_SAFE_INTEGER;
  return ratesOf(c)[metric].denominator;
}
