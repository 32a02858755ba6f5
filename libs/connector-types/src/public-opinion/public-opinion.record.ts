import { z } from 'zod';
import { SENTIMENTS } from './public-opinion.config';

const text = z
  .string()
  .nullish()
  .transform((v) => v ?? '');

/**
 * The latest instant whose Shanghai wall time still has a 4-digit year: later ones are not ISO 8601 dates, and past
 * ±8.64e15 ms Date cannot hold them at all (toISOString throws).
 */
export const LATEST_MS = Date.UTC(9999, 11, 31, 15, 59, 59);

/** One hit of `GET /api/v1/tasks/{taskId}/hits` (field names are the vendor's). */
export const opinionHitSchema = z.object({
  id: z.union([z.string().regex(/^[\w:.-]{1,120}$/), z.number().int().nonnegative().transform(String)]),
  url: z.url(),
  platform: text,
  media_type: text,
  author: text,
  title: text,
  text: text,
  publish_time: z.number().int().positive().max(LATEST_MS, 'publish_time is past the year 9999'),
  sentiment: z.enum(SENTIMENTS),
  hotness: z.number().min(0).max(100),
  keywords: z
    .array(z.string())
    .nullish()
    .transform((v) => v ?? []),
});
export type OpinionHit = z.infer<typeof opinionHitSchema>;

export const opinionPageSchema = z.object({
  code: z.literal(0),
  msg: z.string().nullish(),
  data: z.object({
    session_id: z.string().nullish(),
    has_more: z.boolean(),
    hits: z.array(z.unknown()),
  }),
});

/** A refused request: `{ code != 0, msg }`. */
export const opinionFailureSchema = z.object({ code: z.number(), msg: z.string().nullish() });
