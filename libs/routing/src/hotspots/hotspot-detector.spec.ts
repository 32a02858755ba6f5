import calendarData from '@minsheng/shared/seed/cn-calendar-2026.json';
import { dayNumber, formatDay, WorkingCalendar, type CalendarDay } from '../calendar';
import { DEFAULT_HOTSPOT_SETTINGS, detectHotspots, type HotspotSettings } from './hotspot-detector';
import { DailyCounts, type HotspotObservation } from './hotspot-series';

const calendar = new WorkingCalendar(calendarData.days as CalendarDay[], [calendarData.year]);
/** Monday–Friday only: a calendar that knows neither 春节 nor its 调休 Saturdays. */
const blind = new WorkingCalendar([], [2026]);
const settings: HotspotSettings = { ...DEFAULT_HOTSPOT_SETTINGS, phrases: false };

let serial = 0;
function appeals(day: string, n: number, over: Partial<HotspotObservation> = {}): HotspotObservation[] {
  return Array.from({ length: n }, () => ({
    itemId: `ap_${(serial++).toString(16).padStart(32, '0')}`,
    day,
    countyCode: '341202',
    townCode: '341202001',
    department: 'housing-construction',
    tags: ['property'],
    title: '幸福小区物业不作为，联系电话13912345678',
    ...over,
  }));
}

/** `perWorking` appeals each working day and `perOff` each day off, from `from` to the day before `until`. */
function history(cal: WorkingCalendar, from: string, until: string, perWorking: number, perOff: number) {
  const out: HotspotObservation[] = [];
  for (let d = dayNumber(from); d < dayNumber(until); d += 1) {
    const day = formatDay(d);
    out.push(...appeals(day, cal.isWorkingDay(day) ? perWorking : perOff));
  }
  return out;
}

function test(observations: HotspotObservation[], day: string, cal = calendar, s = settings) {
  // The span starts with the first appeal, as the job's does: a window never reaches before it.
  const from = observations.reduce((m, o) => (o.day < m ? o.day : m), day);
  const counts = DailyCounts.of(observations, { from, to: day }, s.phrases);
  return detectHotspots(counts, cal, day, s);
}

describe('hotspot detector', () => {
  const base = history(calendar, '2026-03-01', '2026-04-15', 10, 3);

  it('finds a clear rise with its topic, place, size and masked samples', () => {
    const r = test([...base, ...appeals('2026-04-15', 40)], '2026-04-15');
    expect(r.dayType).toBe('working');
    const county = r.hotspots.find((h) => h.place.level === 'county');
    expect(county).toMatchObject({
      topic: { kind: 'tag', value: 'property' },
      place: { level: 'county', code: '341202' },
      observed: 40,
      spanDays: 1,
    });
    expect(county!.expected).toBeCloseTo(10, 0);
    expect(county!.ratio).toBeGreaterThan(3.5);
    expect(county!.pValue).toBeLessThan(county!.threshold);
    expect(county!.samples).toHaveLength(5);
    expect(county!.samples[0].title).toContain('139****5678');
    // The same appeals are the department's too: one hotspot per place, not two.
    expect(r.hotspots.filter((h) => h.place.code === '341202')).toHaveLength(1);
    expect(r.hotspots.map((h) => h.place.code).sort()).toEqual(['341202', '341202001']);
  });

  it('raises nothing on a flat series', () => {
    expect(test([...base, ...appeals('2026-04-15', 12)], '2026-04-15').hotspots).toEqual([]);
  });

  it('respects the minimum count', () => {
    // A topic never seen in the place: four appeals are not a hotspot, five are.
    const quiet = { tags: ['dogs'], department: 'public-security', townCode: null };
    expect(test([...base, ...appeals('2026-04-15', 4, quiet)], '2026-04-15').hotspots).toEqual([]);
    const five = test([...base, ...appeals('2026-04-15', 5, quiet)], '2026-04-15').hotspots;
    expect(five.map((h) => h.topic)).toEqual([{ kind: 'tag', value: 'dogs' }]);
    expect(
      test([...base, ...appeals('2026-04-15', 5, quiet)], '2026-04-15', calendar, {
        ...settings,
        minCount: 6,
      }).hotspots,
    ).toEqual([]);
  });

  it('takes neither the working days after 春节 nor its 调休 Saturday for a rise', () => {
    const spring = history(calendar, '2026-01-05', '2026-03-02', 10, 0);
    for (const day of ['2026-02-24', '2026-02-28', '2026-03-01'])
      expect(
        test(
          spring.filter((o) => o.day <= day),
          day,
        ).hotspots,
      ).toEqual([]);
    // A calendar that does not know the 调休 Saturday compares it with days off, and cries wolf.
    const blindHistory = spring.filter((o) => o.day <= '2026-02-28');
    expect(test(blindHistory, '2026-02-28', blind).hotspots.length).toBeGreaterThan(0);
  });

  it('sees a rise that one day cannot show by the sum of two', () => {
    // Few series here: a small alpha stands in for the thousands a city shares its threshold with.
    const s = { ...settings, alpha: 1e-8 };
    const lift = [...base, ...appeals('2026-04-14', 20), ...appeals('2026-04-15', 30)];
    const first = test(
      lift.filter((o) => o.day <= '2026-04-14'),
      '2026-04-14',
      calendar,
      s,
    );
    const second = test(lift, '2026-04-15', calendar, s).hotspots.find((h) => h.place.level === 'county');
    expect(first.hotspots.filter((h) => h.place.level === 'county')).toEqual([]);
    expect(second).toMatchObject({ spanDays: 2, observed: 60 });
    expect(second!.expected).toBeCloseTo(20, 0);
  });

  it('does not test before a week of history', () => {
    expect(test(appeals('2026-04-10', 3).concat(appeals('2026-04-15', 50)), '2026-04-15').hotspots).toEqual(
      [],
    );
  });
});
