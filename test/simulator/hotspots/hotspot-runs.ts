import { seededRandom } from '../../../libs/learning/src/prng';
import { dayNumber, formatDay, type WorkingCalendar } from '../../../libs/routing/src/calendar';
import {
  DEFAULT_HOTSPOT_SETTINGS,
  detectHotspots,
  type Hotspot,
  type HotspotSettings,
} from '../../../libs/routing/src/hotspots/hotspot-detector';
import { DailyCounts } from '../../../libs/routing/src/hotspots/hotspot-series';
import { DEFAULT_HISTORY, generateHistory, type Plant } from './appeal-history';

/** Districts a plant may go to: the eight counties and districts, not the two small development zones. */
export const PLANT_COUNTIES = [
  '341202',
  '341203',
  '341204',
  '341221',
  '341222',
  '341225',
  '341226',
  '341282',
];

/** A hotspot that is the planted rise: 物业 by tag, department or phrase, in the county or one of its towns. */
export function isPlant(h: Hotspot, plant: Plant): boolean {
  const topic =
    (h.topic.kind === 'tag' && h.topic.value === 'property') ||
    (h.topic.kind === 'department' && h.topic.value === 'housing-construction') ||
    (h.topic.kind === 'phrase' && h.topic.value.includes('物业'));
  return topic && h.place.code.startsWith(plant.county) && h.day >= plant.start;
}

export interface RunResult {
  /** Every hotspot raised on the days tested (the first `windowDays` only build the baseline). */
  hotspots: Hotspot[];
  /** Days from the plant's start to its first detection (0 = the day it started); undefined = never. */
  delay?: number;
  /** Hotspots that are not the plant. */
  falseAlarms: Hotspot[];
  daysTested: number;
}

/** One seeded history, with or without its plant, every day after the first window tested. */
export function runHistory(
  calendar: WorkingCalendar,
  seed: number,
  plant: Plant | undefined,
  settings: HotspotSettings = DEFAULT_HOTSPOT_SETTINGS,
  history = DEFAULT_HISTORY,
  /** Test from this day on only (the days before a plant are the same with and without it). */
  testFrom?: string,
): RunResult {
  const observations = generateHistory(calendar, { seed, ...history, plant });
  const first = dayNumber(history.from);
  const last = first + history.days - 1;
  const counts = DailyCounts.of(observations, { from: history.from, to: formatDay(last) }, settings.phrases);
  const hotspots: Hotspot[] = [];
  let daysTested = 0;
  const start = Math.max(first + settings.windowDays, testFrom ? dayNumber(testFrom) : 0);
  for (let d = start; d <= last; d += 1) {
    hotspots.push(...detectHotspots(counts, calendar, formatDay(d), settings).hotspots);
    daysTested += 1;
  }
  const hits = plant ? hotspots.filter((h) => isPlant(h, plant)) : [];
  const delay = plant && hits.length ? dayNumber(hits[0].day) - dayNumber(plant.start) : undefined;
  return { hotspots, delay, falseAlarms: hotspots.filter((h) => !hits.includes(h)), daysTested };
}

/** The plant of seeded run `seed`: a district and a start day drawn from the seed, the rise given. */
export function plantOf(seed: number, extraPerWorkingDay: number, history = DEFAULT_HISTORY): Plant {
  const random = seededRandom(seed ^ 0x5eed);
  const county = PLANT_COUNTIES[Math.floor(random() * PLANT_COUNTIES.length)];
  // Late enough for a full baseline, early enough to watch it for a week.
  const offset = 35 + Math.floor(random() * (history.days - 35 - 7));
  return { county, start: formatDay(dayNumber(history.from) + offset), extraPerWorkingDay };
}
