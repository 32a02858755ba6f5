import { dayNumber, formatDay, WorkingCalendar, type CalendarDay } from '../../../libs/routing/src/calendar';
import calendarData from '../../../libs/shared/src/seed/cn-calendar-2026.json';
import { generateHistory, DEFAULT_HISTORY, type Plant } from './appeal-history';
import { isPlant, runHistory } from './hotspot-runs';

const calendar = new WorkingCalendar(calendarData.days as CalendarDay[], [calendarData.year]);
const SEED = 1;
/** 物业 complaints in 颍州区 rise by 20 a working day from Wednesday 8 April 2026 (after 清明). */
const PLANT: Plant = { county: '341202', start: '2026-04-08', extraPerWorkingDay: 20 };

/**
 * Issue 14's acceptance (docs/decisions/036-hotspots.md): a generated 120-day history (1 January – 30 April 2026:
 * weekly seasonality, 元旦, 春节 and 清明 with their 调休 Saturdays, noise, drifts, repeated callers) raises no
 * hotspot; the same history with a planted rise of 物业 complaints in one district has it detected within two days
 * of its start, with the right topic and place. The bench (`npm run -s bench:hotspots`) repeats this over 20 seeds.
 */
describe('hotspots on a generated 120-day history', () => {
  jest.setTimeout(600_000);

  it('generates what it promises: weekly seasonality, holidays, the plant only from its start', () => {
    const plain = generateHistory(calendar, { seed: SEED, ...DEFAULT_HISTORY });
    const planted = generateHistory(calendar, { seed: SEED, ...DEFAULT_HISTORY, plant: PLANT });
    const perDay = (days: string[]) => plain.filter((o) => days.includes(o.day)).length / days.length;
    const days = (from: string, to: string, keep: (d: string) => boolean) => {
      const out: string[] = [];
      for (let d = dayNumber(from); d <= dayNumber(to); d += 1)
        if (keep(formatDay(d))) out.push(formatDay(d));
      return out;
    };
    const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();
    const working = days('2026-03-02', '2026-04-30', (d) => calendar.isWorkingDay(d));
    const sundays = days('2026-03-02', '2026-04-30', (d) => weekday(d) === 0);
    expect(perDay(working)).toBeGreaterThan(1.5 * perDay(sundays));
    // 春节 against the fortnight before it, 调休 Saturdays against ordinary ones.
    expect(perDay(days('2026-02-16', '2026-02-20', () => true))).toBeLessThan(
      0.5 * perDay(days('2026-02-02', '2026-02-13', (d) => calendar.isWorkingDay(d))),
    );
    const saturdays = days('2026-01-03', '2026-04-30', (d) => weekday(d) === 6);
    expect(perDay(saturdays.filter((d) => calendar.isWorkingDay(d)))).toBeGreaterThan(
      1.4 * perDay(saturdays.filter((d) => !calendar.isWorkingDay(d))),
    );
    const property = (obs: typeof plain, from: string, to: string) =>
      obs.filter(
        (o) => o.countyCode === PLANT.county && o.tags.includes('property') && o.day >= from && o.day < to,
      ).length;
    expect(planted.filter((o) => o.day < PLANT.start)).toEqual(plain.filter((o) => o.day < PLANT.start));
    expect(property(planted, '2026-04-08', '2026-04-11')).toBeGreaterThan(
      2 * property(plain, '2026-04-08', '2026-04-11'),
    );
  });

  it('raises no hotspot without the plant', () => {
    const run = runHistory(calendar, SEED, undefined);
    expect(run.daysTested).toBe(92);
    expect(run.hotspots).toEqual([]);
  });

  it('finds the planted rise within two days of its start, with the right topic and place', () => {
    // The days before the plant are the same history as above, which raised nothing.
    const run = runHistory(calendar, SEED, PLANT, undefined, undefined, PLANT.start);
    expect(run.delay).toBeDefined();
    expect(run.delay!).toBeLessThanOrEqual(1);
    const first = run.hotspots.filter((h) => isPlant(h, PLANT));
    const inCounty = first.find((h) => h.place.level === 'county');
    expect(inCounty).toMatchObject({ topic: { kind: 'tag', value: 'property' }, place: { code: '341202' } });
    expect(dayNumber(inCounty!.day) - dayNumber(PLANT.start)).toBeLessThanOrEqual(1);
    expect(inCounty!.ratio).toBeGreaterThanOrEqual(2);
    expect(run.falseAlarms).toEqual([]);
  });
});
