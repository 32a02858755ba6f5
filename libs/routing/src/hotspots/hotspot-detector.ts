import { maskText } from '@minsheng/shared/pii';
import { dayNumber, formatDay, type WorkingCalendar } from '../calendar';
import { negativeBinomialUpperTail } from './negative-binomial';
import {
  type DailyCounts,
  type HotspotObservation,
  type HotspotPlace,
  type HotspotTopic,
  type Series,
  seriesKey,
  seriesOf,
  type TopicKind,
} from './hotspot-series';

/** What an admin tunes (HOTSPOT_* variables; docs/decisions/036-hotspots.md). */
export interface HotspotSettings {
  /** Days before the tested day that make its baseline. */
  windowDays: number;
  /** A day with fewer appeals than this in a series is never a hotspot, however quiet the baseline. */
  minCount: number;
  /** Observed / expected must reach this. */
  minRatio: number;
  /**
   * Chance, per day and family of series (topic kind × place level: tags in counties, tags in towns, …), that noise
   * alone raises a hotspot; shared among the family's series (Bonferroni).
   */
  alpha: number;
  /** Key phrases of titles as topics, beside tags and departments. */
  phrases: boolean;
  /** Sample appeals carried by a hotspot. */
  sampleSize: number;
}

export const DEFAULT_HOTSPOT_SETTINGS: HotspotSettings = {
  windowDays: 28,
  minCount: 5,
  minRatio: 2,
  alpha: 0.0001,
  phrases: true,
  sampleSize: 5,
};

/** Jeffreys' prior on a series' daily rate: a series never seen before expects 0.5 / n, not 0. */
export const PRIOR_SHAPE = 0.5;
/** Fewer days of the tested day's type (working / off) in the window than this, and all its days are used. */
export const MIN_SAME_TYPE_DAYS = 4;
/** Fewer days of history before the tested day than this, and nothing is tested (a hub just started). */
export const MIN_HISTORY_DAYS = 7;
/** A hotspot whose day's appeals are this share or more of a stronger one's at the same place says nothing new. */
export const REDUNDANT_SHARE = 0.8;

export interface Hotspot {
  day: string;
  topic: HotspotTopic;
  place: HotspotPlace;
  /** 1: the day alone; 2: the day and the one before, summed (observed and expected alike). */
  spanDays: 1 | 2;
  observed: number;
  /** The baseline's rate over spanDays for a day of this type (posterior mean). */
  expected: number;
  ratio: number;
  pValue: number;
  /** The p-value it had to reach: alpha over the series of its family tested that day. */
  threshold: number;
  dayType: 'working' | 'off';
  baselineDays: number;
  samples: { itemId: string; title: string }[];
}

export interface DayTest {
  day: string;
  dayType: 'working' | 'off';
  baselineDays: number;
  /** Tests per family, e.g. `tag@county`: one or two (the two-day sum) per series with an appeal in the window or on the day. */
  tested: Record<string, number>;
  hotspots: Hotspot[];
}

const KIND_STRENGTH: Record<TopicKind, number> = { tag: 0, department: 1, phrase: 2 };

/**
 * Tests one day of `counts` against its baseline: the same-type days (working or off, 调休 weekends working) of the
 * `windowDays` before it. Per series, the day's count — and, when the day before is of the same type, the two days'
 * sum, so a rise too small to stand out in one day still shows by its second — is compared with the
 * negative-binomial predictive of a Poisson rate learnt from the baseline (Gamma(0.5 + S, n) after S appeals in n
 * days). A hotspot needs the count ≥ minCount, observed / expected ≥ minRatio and a p-value ≤ alpha / (tests of its
 * family that day).
 */
export function detectHotspots(
  counts: DailyCounts,
  calendar: WorkingCalendar,
  date: string,
  settings: HotspotSettings = DEFAULT_HOTSPOT_SETTINGS,
): DayTest {
  const day = dayNumber(date);
  if (day < counts.firstDay || day > counts.lastDay) throw new RangeError(`${date} is outside the counts`);
  const working = calendar.isWorkingDay(date);
  const dayType = working ? ('working' as const) : ('off' as const);
  const tested: Record<string, number> = {};
  const empty = { day: date, dayType, baselineDays: 0, tested, hotspots: [] };
  const window: number[] = [];
  for (let d = Math.max(counts.firstDay, day - settings.windowDays); d < day; d += 1) window.push(d);
  if (window.length < MIN_HISTORY_DAYS) return empty;
  const sameType = window.filter((d) => calendar.isWorkingDay(formatDay(d)) === working);
  const baseline = (sameType.length >= MIN_SAME_TYPE_DAYS ? sameType : window).map(
    (d) => d - counts.firstDay,
  );
  const at = day - counts.firstDay;
  // The two-day test needs yesterday of today's type; its baseline then leaves yesterday out.
  const pair = sameType.includes(day - 1) && sameType.length > MIN_SAME_TYPE_DAYS;
  const pairBaseline = baseline.filter((i) => i !== at - 1);

  const candidates: Omit<Hotspot, 'threshold' | 'samples'>[] = [];
  const test = (s: Series, span: 1 | 2, x: number, base: number[]) => {
    const family = familyOf(s);
    tested[family] = (tested[family] ?? 0) + 1;
    if (x < settings.minCount) return;
    let sum = 0;
    for (const i of base) sum += s.counts[i];
    const n = base.length;
    const shape = sum + PRIOR_SHAPE;
    const expected = (shape / n) * span;
    if (x / expected < settings.minRatio) return;
    const pValue = negativeBinomialUpperTail(x, shape, n / (n + span));
    candidates.push({
      day: date,
      topic: s.topic,
      place: s.place,
      spanDays: span,
      observed: x,
      expected,
      ratio: x / expected,
      pValue,
      dayType,
      baselineDays: n,
    });
  };
  for (const s of counts.series.values()) {
    const x = s.counts[at];
    let any = x;
    for (const i of baseline) any += s.counts[i];
    if (any === 0) continue;
    test(s, 1, x, baseline);
    if (pair) test(s, 2, x + s.counts[at - 1], pairBaseline);
  }
  // One hotspot per series and day: the test that stands out more.
  const best = new Map<string, Omit<Hotspot, 'samples'>>();
  for (const c of candidates) {
    const h = { ...c, threshold: settings.alpha / Math.max(1, tested[familyOf(c)] ?? 0) };
    if (h.pValue > h.threshold) continue;
    const seen = best.get(keyOf(h));
    if (!seen || h.pValue < seen.pValue) best.set(keyOf(h), h);
  }
  return {
    ...empty,
    baselineDays: baseline.length,
    tested,
    hotspots: withoutRedundant([...best.values()], counts.byDay.get(day) ?? [], settings),
  };
}

/**
 * One rise shows in several series: 物业 complaints in a district are its tag's, its department's and the phrase
 * 物业's. Strongest first (tag, department, then phrases, longer first, then larger), a hotspot is kept unless
 * REDUNDANT_SHARE of its day's appeals already sit in one kept at the same place.
 */
function withoutRedundant(
  flagged: Omit<Hotspot, 'samples'>[],
  dayObservations: readonly HotspotObservation[],
  settings: HotspotSettings,
): Hotspot[] {
  if (!flagged.length) return [];
  const wanted = new Map(flagged.map((f) => [keyOf(f), new Array<{ itemId: string; title: string }>()]));
  for (const o of dayObservations)
    for (const s of seriesOf(o, settings.phrases))
      wanted.get(s.key)?.push({ itemId: o.itemId, title: o.title });
  const order = [...flagged].sort(
    (a, b) =>
      KIND_STRENGTH[a.topic.kind] - KIND_STRENGTH[b.topic.kind] ||
      [...b.topic.value].length - [...a.topic.value].length ||
      b.observed - a.observed ||
      keyOf(a).localeCompare(keyOf(b)),
  );
  const kept: { hotspot: Hotspot; items: Set<string> }[] = [];
  for (const f of order) {
    const items = wanted.get(keyOf(f)) ?? [];
    const redundant = kept.some(
      (k) =>
        k.hotspot.place.level === f.place.level &&
        k.hotspot.place.code === f.place.code &&
        items.filter((i) => k.items.has(i.itemId)).length >= REDUNDANT_SHARE * items.length,
    );
    if (redundant) continue;
    const samples = [...items]
      .sort((a, b) => a.itemId.localeCompare(b.itemId))
      .slice(0, settings.sampleSize)
      .map((i) => ({ itemId: i.itemId, title: maskText(i.title) }));
    kept.push({ hotspot: { ...f, samples }, items: new Set(items.map((i) => i.itemId)) });
  }
  return kept.map((k) => k.hotspot);
}

/** Series share a threshold with their family: the same topic kind at the same place level. */
export const familyOf = (s: { topic: HotspotTopic; place: HotspotPlace }): string =>
  `${s.topic.kind}@${s.place.level}`;

const keyOf = (h: { topic: HotspotTopic; place: HotspotPlace }) => seriesKey(h.topic, h.place);
