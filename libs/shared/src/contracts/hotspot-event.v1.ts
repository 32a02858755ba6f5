import { z } from 'zod';
import { isoDateTime } from './appeal-item.v1';

export const HOTSPOT_TOPIC_KINDS = ['tag', 'department', 'phrase'] as const;
export const HOTSPOT_PLACE_LEVELS = ['county', 'town'] as const;

/** 热点: a topic rising in a place on one day beyond its baseline; at most one per (day, topic, place). */
export const hotspotEventV1Schema = z
  .object({
    schemaVersion: z.literal(1),
    eventId: z.string().describe('hs_<32 hex>: the same day, topic and place always give the same id'),
    kind: z.literal('hotspot.detected'),
    day: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .describe('the Shanghai calendar day of the rise'),
    topic: z.object({
      kind: z
        .enum(HOTSPOT_TOPIC_KINDS)
        .describe('a rule tag, the lead (or learned) department, or a title phrase'),
      value: z.string(),
    }),
    place: z.object({
      level: z.enum(HOTSPOT_PLACE_LEVELS),
      code: z.string(),
      name: z.string().optional(),
      countyCode: z.string().describe('the county of the place (itself for a county)'),
    }),
    rise: z.object({
      spanDays: z
        .number()
        .int()
        .min(1)
        .max(2)
        .describe('1: the day alone; 2: the day and the one before summed'),
      observed: z.number().int(),
      expected: z.number().describe('what the baseline predicts for those days'),
      ratio: z.number(),
      pValue: z
        .number()
        .describe('negative-binomial upper tail of observed (docs/decisions/036-hotspots.md)'),
      threshold: z
        .number()
        .describe('the p-value it had to reach: HOTSPOT_ALPHA over the tests of its family'),
      dayType: z.enum(['working', 'off']),
      baselineDays: z.number().int(),
    }),
    samples: z
      .array(z.object({ itemId: z.string(), title: z.string() }))
      .describe('a few of the day’s appeals in it, titles masked'),
    detectedAt: isoDateTime,
  })
  .meta({
    id: 'HotspotEventV1',
    title: 'HotspotEvent v1',
    description:
      '热点 event (value of appeal.hotspots.v1): a topic rising in a county or town beyond its baseline.',
  });

export type HotspotEventV1 = z.infer<typeof hotspotEventV1Schema>;
