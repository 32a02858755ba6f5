import { performance } from 'node:perf_hooks';
import { WorkingCalendar, type CalendarDay } from '../../libs/routing/src/calendar';
import { DEFAULT_HOTSPOT_SETTINGS } from '../../libs/routing/src/hotspots/hotspot-detector';
import calendarData from '../../libs/shared/src/seed/cn-calendar-2026.json';
import { benchLog, numberArg, runBench } from '../bench-kit';
import { plantOf, runHistory } from '../../test/simulator/hotspots/hotspot-runs';

/*
 * `npm run -s bench:hotspots [-- --runs 20 --extra 20]`: seeded 120-day histories (weekly seasonality, the 2026
 * holidays, noise) each run twice, with and without a planted rise of `extra` 物业 complaints a working day in one
 * district from a seeded day; every day after the first window is tested with the default settings. Prints one JSON
 * line: detection rate within two days of the start, mean delay, and false alarms with and without the plant.
 */
const log = benchLog('hotspots');

runBench(async () => {
  const runs = numberArg('runs', 20);
  const extra = numberArg('extra', 20);
  const calendar = new WorkingCalendar(calendarData.days as CalendarDay[], [calendarData.year]);
  const started = performance.now();
  let detected = 0;
  let detectedEver = 0;
  const delays: number[] = [];
  let falseAlarmsWithout = 0;
  let falseAlarmsWith = 0;
  let daysTested = 0;
  for (let seed = 1; seed <= runs; seed += 1) {
    // Let the progress lines out between runs (each takes a while).
    await new Promise((resolve) => setImmediate(resolve));
    const plant = plantOf(seed, extra);
    const withPlant = runHistory(calendar, seed, plant);
    const without = runHistory(calendar, seed, undefined);
    if (withPlant.delay !== undefined) {
      detectedEver += 1;
      delays.push(withPlant.delay);
      if (withPlant.delay <= 1) detected += 1;
    }
    falseAlarmsWith += withPlant.falseAlarms.length;
    falseAlarmsWithout += without.hotspots.length;
    daysTested += without.daysTested;
    log(
      `seed ${seed}: plant ${plant.county} from ${plant.start}: delay ${withPlant.delay ?? 'never'}; false alarms ${withPlant.falseAlarms.length} with, ${without.hotspots.length} without` +
        [...withPlant.falseAlarms, ...without.hotspots]
          .map(
            (h) =>
              ` [${h.day} ${h.topic.kind}:${h.topic.value}@${h.place.code} ${h.observed}/${h.expected.toFixed(1)} p=${h.pValue.toExponential(1)}]`,
          )
          .join(''),
    );
  }
  const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
  console.log(
    JSON.stringify({
      runs,
      extraPerWorkingDay: extra,
      settings: DEFAULT_HOTSPOT_SETTINGS,
      detectionRateWithinTwoDays: round(detected / runs),
      detectionRateEver: round(detectedEver / runs),
      meanDelayDays: delays.length ? round(delays.reduce((s, x) => s + x, 0) / delays.length) : null,
      falseAlarmsWithoutPlant: falseAlarmsWithout,
      falseAlarmsWithPlant: falseAlarmsWith,
      daysTestedPerHistory: daysTested / runs,
      seconds: round((performance.now() - started) / 1000, 1),
    }),
  );
});
