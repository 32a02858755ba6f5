import { createHash } from 'node:crypto';
import { type HotspotEventV1 } from '@minsheng/shared/contracts';
import { formatDay, SHANGHAI_OFFSET, shanghaiDay, type WorkingCalendar } from '../calendar';
import { detectHotspots, type Hotspot, type HotspotSettings } from './hotspot-detector';
import { DailyCounts } from './hotspot-series';
import { type HotspotsRepository } from './hotspots.repository';

export interface HotspotPass {
  /** False when another replica was detecting: this pass did nothing. */
  ran: boolean;
  days: string[];
  observations: number;
  recorded: HotspotEventV1[];
}

/** The same day, topic and place always give the same id: what the unique key and receivers dedupe on. */
export function hotspotId(h: Pick<Hotspot, 'day' | 'topic' | 'place'>): string {
  const key = [h.day, h.topic.kind, h.topic.value, h.place.level, h.place.code].join('\u0000');
  return `hs_${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

const startOf = (day: number) => new Date(`${formatDay(day)}T00:00:00.000${SHANGHAI_OFFSET}`);

/**
 * 热点 in production: one pass at `now` tests today so far and yesterday in full (what arrived late, and the day a
 * pass just before midnight saw only in part) against their baselines, and records each new hotspot once with its
 * outbox row (appeal.hotspots.v1). One replica at a time (an advisory lock); the unique key makes a re-run a no-op.
 */
export class HotspotJob {
  constructor(
    private readonly repo: HotspotsRepository,
    private readonly calendar: () => Promise<WorkingCalendar>,
    private readonly settings: HotspotSettings,
  ) {}

  async tick(now: Date): Promise<HotspotPass> {
    const pass = await this.repo.exclusively(() => this.detect(now));
    return pass ?? { ran: false, days: [], observations: 0, recorded: [] };
  }

  private async detect(now: Date): Promise<HotspotPass> {
    const calendar = await this.calendar();
    const today = shanghaiDay(now);
    const first = await this.repo.firstSubmitted();
    // Yesterday's window reaches back windowDays + 1; never before the first appeal the hub knows of.
    const from = Math.max(today - this.settings.windowDays - 1, first ? shanghaiDay(first) : today);
    const observations = await this.repo.observations(startOf(from), now);
    const counts = DailyCounts.of(
      observations,
      { from: formatDay(from), to: formatDay(today) },
      this.settings.phrases,
    );
    const days = [today - 1, today].filter((d) => d >= from).map(formatDay);
    const hotspots = days.flatMap((d) => detectHotspots(counts, calendar, d, this.settings).hotspots);
    const names = await this.repo.placeNames([...new Set(hotspots.map((h) => h.place.code))]);
    const events = hotspots.map((h) => this.eventOf(h, names, now));
    return { ran: true, days, observations: observations.length, recorded: await this.repo.record(events) };
  }

  private eventOf(h: Hotspot, names: Map<string, string>, now: Date): HotspotEventV1 {
    const name = names.get(h.place.code);
    return {
      schemaVersion: 1,
      eventId: hotspotId(h),
      kind: 'hotspot.detected',
      day: h.day,
      topic: h.topic,
      place: {
        level: h.place.level,
        code: h.place.code,
        ...(name ? { name } : {}),
        // Division codes nest: a town's first six digits are its county's.
        countyCode: h.place.code.slice(0, 6),
      },
      rise: {
        spanDays: h.spanDays,
        observed: h.observed,
        expected: round(h.expected, 3),
        ratio: round(h.ratio, 3),
        pValue: Number(h.pValue.toPrecision(4)),
        threshold: Number(h.threshold.toPrecision(4)),
        dayType: h.dayType,
        baselineDays: h.baselineDays,
      },
      samples: h.samples,
      detectedAt: now.toISOString(),
    };
  }
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
