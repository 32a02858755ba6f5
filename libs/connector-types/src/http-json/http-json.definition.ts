import { z } from 'zod';
import { defineConnector } from '@minsheng/connector-sdk';
import { httpJsonConfigSchema } from './http-json.config';

const scalar = z.union([z.string().min(1).max(500), z.number().refine(Number.isFinite, 'a finite number')]);
const position = z.number().int().min(0);

/**
 * Cursor of an http_json instance. `since` is the incremental high-water sent during this walk; `highWater`
 * the newest value seen in it so far; `next` where an unfinished walk resumes: the page number, offset, opaque
 * cursor or last id to request next. Only the page that ends the walk moves `highWater` into `since` (and drops
 * `next`, except a lastId without incremental, which is the watermark itself). A walk cut short by maxPages
 * continues from `next` in the next run.
 */
export const httpJsonCursorSchema = z.strictObject({
  since: scalar.optional().describe('The incremental value sent during this walk'),
  highWater: scalar.optional().describe('The newest incremental value seen in this walk so far'),
  next: z
    .strictObject({
      page: position.optional(),
      offset: position.optional(),
      cursor: scalar.optional(),
      lastId: scalar.optional(),
    })
    .optional()
    .describe('Where an unfinished walk resumes'),
});

export type HttpJsonCursor = z.infer<typeof httpJsonCursorSchema>;
export type Position = NonNullable<HttpJsonCursor['next']>;

export const httpJsonDefinition = defineConnector({
  type: 'http_json',
  /** Only a fallback: each instance feeds the channel its config names (channelOf). */
  channel: 'http_json',
  channelOf: (config) => config.channel,
  parserVersion: 'http_json/1',
  configSchema: httpJsonConfigSchema,
  cursorSchema: httpJsonCursorSchema,
});
