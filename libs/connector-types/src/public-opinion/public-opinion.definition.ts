import { z } from 'zod';
import { defineConnector } from '@minsheng/connector-sdk';
import { publicOpinionConfigSchema } from './public-opinion.config';

/**
 * Cursor: `{ windowEnd: ms }`. Each run asks for the hits published in [windowEnd − overlap, now] (a new instance:
 * [now − lookback, now]) and pages through them by the session_id the vendor returns until has_more is false.
 * The overlap re-reads hits the vendor indexed late; those already seen come back unchanged and the framework drops
 * them by content hash. Only the run's last page carries the new windowEnd, so a crash mid-run re-reads the window.
 */
export const opinionCursorSchema = z.strictObject({
  windowEnd: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('End of the last complete window, epoch ms; absent until a first run completes'),
});

export type OpinionCursor = z.infer<typeof opinionCursorSchema>;

export const publicOpinionDefinition = defineConnector({
  type: 'public_opinion',
  channel: 'public_opinion',
  parserVersion: 'public_opinion/1',
  configSchema: publicOpinionConfigSchema,
  cursorSchema: opinionCursorSchema,
});
