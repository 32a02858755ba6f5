import { textSegments } from '@minsheng/learning';
import { dayNumber } from '../calendar';

/** One appeal as the hotspot detector sees it: when it was submitted, where, and what it is about. */
export interface HotspotObservation {
  itemId: string;
  /** The Shanghai calendar date the citizen submitted it (yyyy-mm-dd). */
  day: string;
  countyCode: string | null;
  townCode: string | null;
  /** The lead department, or for a ticket left to triage the learned model's first suggestion. */
  department: string | null;
  /** The rule tags of its decision. */
  tags: readonly string[];
  title: string;
}

export const TOPIC_KINDS = ['tag', 'department', 'phrase'] as const;
export type TopicKind = (typeof TOPIC_KINDS)[number];
export interface HotspotTopic {
  kind: TopicKind;
  value: string;
}
export interface HotspotPlace {
  level: 'county' | 'town';
  code: string;
}

/** Key phrases are character n-grams of the title of these lengths: 物业, 物业费, 电梯停运. */
export const PHRASE_LENGTHS = [2, 3, 4] as const;

/**
 * The distinct n-grams of a title, within its segments (textSegments: full-width folded, digits and particles
 * dropped, punctuation a break), so a phrase never spans a clause.
 */
export function titlePhrases(title: string): string[] {
  const out = new Set<string>();
  for (const s of textSegments(title)) {
    const chars = [...s];
    for (const n of PHRASE_LENGTHS)
      for (let i = 0; i + n <= chars.length; i += 1) out.add(chars.slice(i, i + n).join(''));
  }
  return [...out];
}

export const seriesKey = (t: HotspotTopic, p: HotspotPlace): string =>
  `${t.kind}:${t.value}@${p.level}:${p.code}`;

/**
 * Every (topic, place) an observation counts in: its department and each tag in its county and its town, each key
 * phrase of its title in its county only — a town has too few appeals for a phrase's count to mean anything, and
 * phrases × towns would multiply the series the threshold must be shared among.
 */
export function seriesOf(
  o: HotspotObservation,
  phrases: boolean,
): { key: string; topic: HotspotTopic; place: HotspotPlace }[] {
  const places: HotspotPlace[] = [];
  if (o.countyCode) places.push({ level: 'county', code: o.countyCode });
  if (o.townCode) places.push({ level: 'town', code: o.townCode });
  const topics: HotspotTopic[] = [
    ...(o.department ? [{ kind: 'department' as const, value: o.department }] : []),
    ...[...new Set(o.tags)].map((value) => ({ kind: 'tag' as const, value })),
  ];
  const out = [];
  for (const place of places)
    for (const topic of topics) out.push({ key: seriesKey(topic, place), topic, place });
  if (phrases && o.countyCode) {
    const place: HotspotPlace = { level: 'county', code: o.countyCode };
    for (const value of titlePhrases(o.title)) {
      const topic = { kind: 'phrase' as const, value };
      out.push({ key: seriesKey(topic, place), topic, place });
    }
  }
  return out;
}

export interface Series {
  topic: HotspotTopic;
  place: HotspotPlace;
  /** Count per day, index 0 = DailyCounts.firstDay. */
  counts: Int32Array;
}

/** Daily counts per (topic, place) over a span of days: built once, then any day in it can be tested. */
export class DailyCounts {
  readonly series = new Map<string, Series>();
  readonly byDay = new Map<number, HotspotObservation[]>();

  private constructor(
    readonly firstDay: number,
    readonly lastDay: number,
  ) {}

  /**
   * Counts observations from `from` to `to` (inclusive, yyyy-mm-dd); others are ignored. `from` is the start of what
   * is known: a window reaching before it is shortened, not filled with zeros.
   */
  static of(
    observations: Iterable<HotspotObservation>,
    span: { from: string; to: string },
    phrases: boolean,
  ): DailyCounts {
    const c = new DailyCounts(dayNumber(span.from), dayNumber(span.to));
    const length = c.lastDay - c.firstDay + 1;
    if (length < 1) throw new RangeError(`empty span ${span.from}..${span.to}`);
    for (const o of observations) {
      const day = dayNumber(o.day);
      if (day < c.firstDay || day > c.lastDay) continue;
      const list = c.byDay.get(day);
      if (list) list.push(o);
      else c.byDay.set(day, [o]);
      for (const s of seriesOf(o, phrases)) {
        let series = c.series.get(s.key);
        if (!series) {
          series = { topic: s.topic, place: s.place, counts: new Int32Array(length) };
          c.series.set(s.key, series);
        }
        series.counts[day - c.firstDay] += 1;
      }
    }
    return c;
  }
}
