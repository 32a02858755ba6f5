import {
  averageHandlingDays,
  defaultOrder,
  metricValue,
  metricWeight,
  rank,
  rate,
  ratesOf,
  type StatsCounts,
} from './stats-metrics';

const counts = (c: Partial<StatsCounts>): StatsCounts => ({
  received: 0,
  routedAuto: 0,
  triaged: 0,
  dispatched: 0,
  accepted: 0,
  returned: 0,
  closed: 0,
  closedOnTime: 0,
  handlingWorkingDays: 0,
  rated: 0,
  satisfied: 0,
  basicallySatisfied: 0,
  dissatisfied: 0,
  overdue: 0,
  escalated: 0,
  overdueNow: 0,
  ...c,
});

describe('statistics rates', () => {
  it('gives the share with its numerator and denominator, four decimals, and null for nothing to divide by', () => {
    expect(rate(2, 3)).toEqual({ value: 0.6667, numerator: 2, denominator: 3 });
    expect(rate(1999, 2000)).toEqual({ value: 0.9995, numerator: 1999, denominator: 2000 });
    expect(rate(0, 0)).toEqual({ value: null, numerator: 0, denominator: 0 });
  });

  it('measures each rate against its own population', () => {
    const r = ratesOf(
      counts({
        received: 10,
        routedAuto: 8,
        triaged: 2,
        dispatched: 12,
        returned: 3,
        closed: 6,
        closedOnTime: 5,
        rated: 4,
        satisfied: 2,
        basicallySatisfied: 1,
        dissatisfied: 1,
      }),
    );
    expect(r.autoRouteRate).toEqual({ value: 0.8, numerator: 8, denominator: 10 });
    expect(r.returnRate).toEqual({ value: 0.25, numerator: 3, denominator: 12 });
    expect(r.closeRate).toEqual({ value: 0.5, numerator: 6, denominator: 12 });
    expect(r.onTimeRate).toEqual({ value: 0.8333, numerator: 5, denominator: 6 });
    // 满意率 counts 基本满意 as satisfied.
    expect(r.satisfactionRate).toEqual({ value: 0.75, numerator: 3, denominator: 4 });
  });

  it('averages handling days over closed rounds only', () => {
    expect(averageHandlingDays({ handlingWorkingDays: 10, closed: 3 })).toBe(3.33);
    expect(averageHandlingDays({ handlingWorkingDays: 0, closed: 0 })).toBeNull();
    expect(metricValue(counts({ handlingWorkingDays: 9, closed: 2 }), 'avgHandlingWorkingDays')).toBe(4.5);
    expect(metricWeight(counts({ closed: 2, dispatched: 7 }), 'avgHandlingWorkingDays')).toBe(2);
    expect(metricWeight(counts({ closed: 2, dispatched: 7 }), 'closeRate')).toBe(7);
  });
});

describe('ranking', () => {
  const units = [
    { name: 'a', c: counts({ closed: 10, closedOnTime: 9 }) },
    { name: 'b', c: counts({ closed: 4, closedOnTime: 4 }) },
    { name: 'c', c: counts({ closed: 20, closedOnTime: 18 }) },
    { name: 'd', c: counts({}) },
    { name: 'e', c: counts({ closed: 1, closedOnTime: 0 }) },
  ];
  const onTime = (o: 'asc' | 'desc', min = 1) =>
    rank(
      units,
      (u) => metricValue(u.c, 'onTimeRate'),
      (u) => metricWeight(u.c, 'onTimeRate'),
      o,
      min,
    ).map((r) => [r.rank, r.row.name, r.value]);

  it('puts the best first, ties share a rank and the next skips, units without a value come last unranked', () => {
    expect(onTime('desc')).toEqual([
      [1, 'b', 1],
      [2, 'a', 0.9],
      [2, 'c', 0.9],
      [4, 'e', 0],
      [null, 'd', null],
    ]);
  });

  it('leaves a rate resting on too few rounds unranked', () => {
    expect(onTime('desc', 5)).toEqual([
      [1, 'a', 0.9],
      [1, 'c', 0.9],
      [null, 'b', null],
      [null, 'd', null],
      [null, 'e', null],
    ]);
  });

  it('ranks lower-is-better metrics ascending by default', () => {
    expect(defaultOrder('returnRate')).toBe('asc');
    expect(defaultOrder('avgHandlingWorkingDays')).toBe('asc');
    expect(defaultOrder('overdueNow')).toBe('asc');
    expect(defaultOrder('onTimeRate')).toBe('desc');
    expect(defaultOrder('satisfactionRate')).toBe('desc');
  });
});
