import { z } from 'zod';
import { defineConnector } from '@minsheng/connector-sdk';
import { mediaHotlineConfigSchema } from './media-hotline.config';

/** How many items the cursor remembers. */
export const MAX_SEEN = 1000;

/**
 * Cursor: `{ seen: { [externalId]: fingerprint }, newestAt? }`, `seen` bounded to the newest MAX_SEEN items.
 * Feeds are small and items get edited in place, so every run re-reads the whole feed and yields every item;
 * the framework drops unchanged drafts by content hash. `seen` tells a feed that used to have items from a new
 * one: when such a feed parses to no usable item, its layout changed (rather than it having gone quiet).
 */
export const feedCursorSchema = z.strictObject({
  seen: z
    .record(z.string(), z.string())
    .default({})
    .describe('Fingerprint of each item seen, newest first')
    .refine((seen) => Object.keys(seen).length <= MAX_SEEN, `at most ${MAX_SEEN} items`),
  newestAt: z.string().optional().describe('Publication time of the newest item seen (ISO 8601)'),
});

export type FeedCursor = z.infer<typeof feedCursorSchema>;

export const mediaHotlineDefinition = defineConnector({
  type: 'media_hotline',
  channel: 'media_hotline',
  parserVersion: 'media_hotline/1',
  configSchema: mediaHotlineConfigSchema,
  cursorSchema: feedCursorSchema,
});
